"""An account deactivated while its window is open: a save it still tries is refused saying the
account was deactivated (QA: "supervisor（主管）无权为案件添加备注。", though supervisors may add
notes), and the idle lock's password check says so too, never "wrong user name or password"
beside the user name it shows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts import deactivate_user
from app.auth import DEACTIVATED, add_user, reauthenticate, require
from app.case_notes import add_case_note
from app.errors import AccountDeactivated, AuthenticationError, PermissionDenied
from app.i18n import tr
from app.models import Case, User
from app.office import create_office
from app.roles import Permission


@pytest.fixture
def office(db):
    with db.session() as s:
        create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin",
            timezone="Asia/Shanghai",
        )  # fmt: skip
        admin = s.scalar(select(User).where(User.username == "admin"))
        add_user(s, admin, "sup", "supervisor", "pw-sup-1")
    return db


def _deactivate(db, name: str = "sup") -> None:
    with db.session() as s:
        deactivate_user(s, s.scalar(select(User).where(User.username == "admin")), name)


def test_a_deactivated_account_is_told_so_whatever_it_tried(office) -> None:
    _deactivate(office)
    with office.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "sup"))
        for permission in (Permission.ADD_CASE_NOTES, Permission.VIEW_AUDIT):
            with pytest.raises(PermissionDenied) as caught:
                require(sup, permission)
            assert caught.value.msgid == DEACTIVATED
    said = {lang: caught.value.translated(lang) for lang in ("en", "zh_CN")}
    assert said["en"] == (
        "The account sup was deactivated by an admin and may do nothing more; ask an admin to "
        "activate it again."
    )
    assert said["zh_CN"] == "账户 sup 已被管理员停用，不能再进行任何操作；如需恢复，请联系管理员。"
    for words in said.values():
        assert "may not" not in words and "无权" not in words


def test_a_note_saved_by_a_deactivated_supervisor_says_deactivated(demo_db) -> None:
    """The window's save reloads its user: the refusal names the deactivation, not the role."""
    with demo_db.sessions() as s:
        case_no = s.scalar(select(Case.case_no).order_by(Case.id).limit(1))
    _deactivate(demo_db, "supervisor")
    with pytest.raises(PermissionDenied) as caught, demo_db.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        add_case_note(s, sup, case_no, "after the deactivation")
    assert caught.value.msgid == DEACTIVATED
    assert "无权" not in caught.value.translated("zh_CN")


def test_an_active_account_is_still_told_whom_to_ask(office) -> None:
    with office.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "sup"))
        with pytest.raises(PermissionDenied) as caught:
            require(sup, Permission.MANAGE_USERS)
    assert caught.value.translated("en") == (
        "sup (Supervisor) may not manage user accounts; ask an admin."
    )


def test_the_lock_check_says_the_password_and_the_deactivation(office) -> None:
    with pytest.raises(AuthenticationError) as caught:
        reauthenticate(office.sessions, "sup", "wrong-1")
    assert caught.value.msgid == "Wrong password."
    for attempt in range(2, 5):
        with pytest.raises(AuthenticationError):
            reauthenticate(office.sessions, "sup", f"wrong-{attempt}")
    with pytest.raises(AuthenticationError) as caught:  # the fifth: locked by it
        reauthenticate(office.sessions, "sup", "wrong-5")
    assert caught.value.msgid.startswith("Wrong password. This account is now locked until")
    assert tr(caught.value.msgid, lang="zh_CN", **caught.value.params).startswith(
        "密码错误。密码错误次数过多，账户现已锁定至"
    )
    assert "用户名" not in tr(caught.value.msgid, lang="zh_CN", **caught.value.params)


def test_the_lock_check_of_a_deactivated_account(office) -> None:
    _deactivate(office)
    with pytest.raises(AccountDeactivated) as caught:  # its right password
        reauthenticate(office.sessions, "sup", "pw-sup-1")
    assert caught.value.translated("zh_CN") == "管理员已停用账户 sup。"
    with pytest.raises(AuthenticationError) as wrong:  # a wrong one tells nothing more
        reauthenticate(office.sessions, "sup", "not-it")
    assert not isinstance(wrong.value, AccountDeactivated)
    assert wrong.value.msgid == "Wrong password."
