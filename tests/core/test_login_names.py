"""A login name typed in full-width letters (ａｇｅｎｔ０１, a Chinese input method's full-width
mode) or with a space after it names the same account: at login, in the admin's user commands,
and when a name is added, where a name that is the same once normalised is refused. QA: the user
was told the name was unknown. An account stored before names were normalised is still found."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts import reset_password
from app.auth import add_user, authenticate
from app.errors import ValidationError
from app.models import Role, User
from app.office import create_office
from app.passwords import hash_password
from app.user_names import login_name

WIDE = "ａｇｅｎｔ０１"


@pytest.fixture
def office(db):
    with db.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password="pw-admin")
        add_user(s, _admin(s), "agent01", Role.AGENT, "pw-agent01")
    return db


def _admin(s) -> User:
    return s.scalar(select(User).where(User.username == "admin"))


@pytest.mark.parametrize(
    "typed", [WIDE, "agent01 ", " agent01\u3000", "agent01\u00a0", "ａｇｅｎｔ01"]
)
def test_the_same_person_is_found_however_the_name_is_typed(office, typed) -> None:
    assert authenticate(office.sessions, typed, "pw-agent01").username == "agent01"
    with office.session() as s:
        reset_password(s, _admin(s), typed, "Lantern-73-harbour")
    assert authenticate(office.sessions, "agent01", "Lantern-73-harbour").username == "agent01"


def test_letter_case_still_matters_at_login(office) -> None:
    from app.errors import AuthenticationError

    with pytest.raises(AuthenticationError):
        authenticate(office.sessions, "AGENT01", "pw-agent01")


def test_a_name_is_stored_normalised(office) -> None:
    with office.session() as s:
        user = add_user(s, _admin(s), "ｓｕｐｅｒ１ ", Role.SUPERVISOR, "pw-super1")
        assert user.username == "super1"
    assert authenticate(office.sessions, "super1", "pw-super1").username == "super1"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (WIDE, "The user name agent01 is taken."),
        ("ＡＧＥＮＴ０１", "differs from the account agent01 only in letter case"),
    ],
)
def test_a_name_the_same_once_normalised_is_refused(office, typed, said) -> None:
    with pytest.raises(ValidationError, match=said), office.session() as s:
        add_user(s, _admin(s), typed, Role.AGENT, "pw-other")
    with office.session() as s:
        assert s.scalar(select(func.count(User.id))) == 2


def test_an_account_stored_before_names_were_normalised_is_found_and_not_doubled(office) -> None:
    with office.session() as s:  # as an earlier version stored what was typed
        s.add(User(username="ｌｉ", display_name="李", role=Role.AGENT,
                   password_hash=hash_password("pw-li-long")))  # fmt: skip
        s.commit()
    assert authenticate(office.sessions, "ｌｉ", "pw-li-long").username == "ｌｉ"
    with pytest.raises(ValidationError, match="The user name ｌｉ is taken"), office.session() as s:
        add_user(s, _admin(s), "li", Role.AGENT, "pw-li-long")


def test_login_name():
    assert login_name(" ａｇｅｎｔ０１\u3000") == "agent01"
    assert login_name(None) == ""
    assert login_name("Ｗａｎｇ") == "Wang"  # letter case kept
