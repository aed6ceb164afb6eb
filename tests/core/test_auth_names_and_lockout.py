"""Found by QA: `user add QA1` was taken beside `qa1` (two accounts that look alike in every
list), and the lockout message gave the time on the computer's clock, not the office's (a
computer on UTC said 11:49 when it was 19:49 in Shanghai)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import func, select

from app.accounts import deactivate_user
from app.auth import add_user, authenticate
from app.errors import AuthenticationError, ValidationError
from app.models import User
from app.models.base import utcnow
from app.office import create_office


@pytest.fixture
def office(db):
    with db.session() as s:
        create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin",
            timezone="Asia/Shanghai",
        )  # fmt: skip
    return db


def _admin(s) -> User:
    return s.scalar(select(User).where(User.username == "admin"))


def test_a_name_that_differs_only_in_case_is_refused(office) -> None:
    with office.session() as s:
        add_user(s, _admin(s), "qa1", "agent", "pw-qa1")
    for alike in ("QA1", "Qa1", "qA1"):
        with pytest.raises(ValidationError) as caught, office.session() as s:
            add_user(s, _admin(s), alike, "agent", "pw-qa1")
        assert str(caught.value) == (
            f"The user name {alike} differs from the account qa1 only in letter case; "
            "choose another."
        )
        assert caught.value.translated("zh_CN") == (
            f"用户名 {alike} 与现有账户 qa1 仅大小写不同，容易混淆；请换一个用户名。"
        )
    with pytest.raises(ValidationError, match="differs from the account admin only in letter"):
        with office.session() as s:
            add_user(s, _admin(s), " ADMIN ", "supervisor", "pw-long")
    with office.sessions() as s:
        assert s.scalar(select(func.count(User.id))) == 2
    with office.session() as s:  # another name is fine, and so is one not folded alike
        add_user(s, _admin(s), "qa2", "agent", "pw-qa2")
        add_user(s, _admin(s), "Émile", "agent", "pw-long")
    with pytest.raises(ValidationError, match="only in letter case"), office.session() as s:
        add_user(s, _admin(s), "émile", "agent", "pw-long")  # SQLite's lower() would miss this one


def test_the_same_name_still_says_taken_or_inactive(office) -> None:
    with office.session() as s:
        add_user(s, _admin(s), "qa1", "agent", "pw-qa1")
    with pytest.raises(ValidationError, match="The user name qa1 is taken"), office.session() as s:
        add_user(s, _admin(s), "qa1", "agent", "pw-long")
    with office.session() as s:
        deactivate_user(s, _admin(s), "qa1")
    with pytest.raises(ValidationError, match="inactive account; activate"), office.session() as s:
        add_user(s, _admin(s), "qa1", "agent", "pw-long")
    with pytest.raises(ValidationError, match="only in letter case"), office.session() as s:
        add_user(s, _admin(s), "QA1", "agent", "pw-long")  # an inactive look-alike is one too


def test_login_is_unchanged_an_exact_name(office) -> None:
    with office.session() as s:
        add_user(s, _admin(s), "qa1", "agent", "pw-qa1")
    assert authenticate(office.sessions, "qa1", "pw-qa1").username == "qa1"
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        authenticate(office.sessions, "QA1", "pw-qa1")


def test_the_lockout_says_the_time_on_the_offices_clock(office, computer_zone) -> None:
    computer_zone("UTC")  # a new machine left on UTC; the office is in Shanghai
    until = (utcnow() + dt.timedelta(minutes=15)).replace(second=0, microsecond=0)
    with office.session() as s:
        _admin(s).locked_until = until
    there = until.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    today = utcnow().astimezone(there.tzinfo).date()
    shanghai = there.strftime("%H:%M" if there.date() == today else "%Y-%m-%d %H:%M")
    assert there.strftime("%H:%M") != until.astimezone().strftime("%H:%M")  # clocks differ
    with pytest.raises(AuthenticationError) as caught:
        authenticate(office.sessions, "admin", "pw-admin")
    assert str(caught.value) == (
        f"This account is locked until {shanghai} after too many wrong passwords."
    )
    assert caught.value.translated("zh_CN") == f"密码错误次数过多，账户已锁定至 {shanghai}。"


def test_a_lockout_ending_on_another_day_says_the_day(office, computer_zone) -> None:
    computer_zone("UTC")
    until = (utcnow() + dt.timedelta(hours=30)).replace(second=0, microsecond=0)
    with office.session() as s:
        _admin(s).locked_until = until
    shanghai = until.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    with pytest.raises(AuthenticationError) as caught:
        authenticate(office.sessions, "admin", "pw-admin")
    assert str(caught.value) == (
        f"This account is locked until {shanghai} after too many wrong passwords."
    )
    assert caught.value.translated("zh_CN") == f"密码错误次数过多，账户已锁定至 {shanghai}。"


def test_the_wrong_password_that_locks_the_account_says_so(office, computer_zone) -> None:
    """QA: the attempt that locked the account said only "Wrong user name or password."; the
    lock was first told at the next try."""
    from app import settings

    computer_zone("UTC")
    with office.sessions() as s:
        attempts = int(settings.get(s, "security.max_failed_logins"))
    for _ in range(attempts - 1):
        with pytest.raises(AuthenticationError) as caught:
            authenticate(office.sessions, "admin", "wrong")
        assert str(caught.value) == "Wrong user name or password."
    with pytest.raises(AuthenticationError) as caught:
        authenticate(office.sessions, "admin", "wrong")
    with office.sessions() as s:
        until = _admin(s).locked_until
    there = until.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    today = utcnow().astimezone(there.tzinfo).date()
    shanghai = there.strftime("%H:%M" if there.date() == today else "%Y-%m-%d %H:%M")
    assert str(caught.value) == (
        "Wrong user name or password. This account is now locked until "
        f"{shanghai} after too many wrong passwords."
    )
    assert caught.value.translated("zh_CN") == (
        f"用户名或密码错误。密码错误次数过多，账户现已锁定至 {shanghai}。"
    )
    with pytest.raises(AuthenticationError, match="is locked until"):  # the next try, as before
        authenticate(office.sessions, "admin", "pw-admin")
