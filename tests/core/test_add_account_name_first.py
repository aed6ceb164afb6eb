"""An admin adding an account is told what is wrong with the user name before the password: the
Users dialog's form asks for the name first, and the setup wizard judges it first too. With an
empty form, or a name already taken and a short password, the password's problem was said first:
fixed, it gave way to the name's, one trip through the form too many."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts import add_account
from app.errors import ValidationError
from app.models import User
from app.office import create_office


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    with db.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password="Kestrel-42-river")
    return db


@pytest.mark.parametrize(
    ("username", "said"),
    [
        ("", "A user name is 1–60 characters without spaces."),
        ("li na", "A user name is 1–60 characters without spaces."),
        ("admin", "The user name admin is taken"),
    ],
)
def test_the_user_name_is_judged_before_the_password(office, username: str, said: str) -> None:
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        with pytest.raises(ValidationError) as refused:
            add_account(s, admin, username, "agent", "short")
    assert refused.value.translated("en").startswith(said), refused.value.translated("en")
    with office.sessions() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 1
