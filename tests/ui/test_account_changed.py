"""An account demoted or deactivated while its window is open (QA: a supervisor made an agent
still listed every audit entry, opened another agent's case and read 王慧（主管） in the status
bar; deactivated, its note was refused as "supervisor（主管）无权为案件添加备注。"). The window
notices (ui/account_watch.py): another role re-creates it for that role, with a box saying so;
a deactivated account's window is locked, saying so, with Quit Casedesk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.accounts import change_role, deactivate_user
from app.models import Case, Role, User
from tests.ui.test_queue import SIZE, login, open_office
from ui.commands import OPEN_WINDOWS

pytestmark = pytest.mark.gui

ROLE_WORDS = {
    "en": "An admin changed your role to Agent. Casedesk opened its window again for that role: "
    "its pages now show what that role may see and do.",
    "zh_CN": "管理员已将您的角色改为催收员。Casedesk 已按新角色重新打开窗口：各页面现在只显示"
    "该角色可查看和操作的内容。",
}
HIDDEN_WORDS = {
    "en": "The Cases page no longer shows case {case}: your new role may not see it.",
    "zh_CN": "案件页不再显示案件 {case}：您的新角色无权查看该案件。",
}
SHUT_WORDS = {
    "en": "An admin deactivated your account: Casedesk cannot go on with it, and what was not "
    "saved cannot be saved now. Quit Casedesk, and ask an admin if this is a mistake.",
    "zh_CN": "管理员已停用您的账户：Casedesk 无法再以该账户继续使用，尚未保存的内容也已无法保存。"
    "请退出 Casedesk；如有疑问，请联系管理员。",
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    from ui.language import apply_language

    apply_language("en")
    from shiboken6 import isValid

    for box in QApplication.topLevelWidgets():  # a box a failed test left open
        if isinstance(box, QMessageBox) and box.isVisible():
            box.reject()
    while OPEN_WINDOWS:
        left = OPEN_WINDOWS.pop()
        if isValid(left):
            left.close()


def window_for(qtbot, database, username: str):
    """The window, closed after the test unless it was re-created (relaunch deletes it)."""
    from shiboken6 import isValid

    from app.i18n import current_language
    from app.office_settings import set_user_language
    from ui.main_window import MainWindow

    with database.session() as s:  # the window is re-created in its user's language
        set_user_language(
            s, s.scalar(select(User).where(User.username == username)), current_language()
        )
    window = MainWindow(database, login(database, username))
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    OPEN_WINDOWS.append(window)  # closed by the fixture; relaunch takes it off the list
    assert isValid(window)
    return window


def _as_admin(database, act) -> None:
    with database.session() as s:
        act(s, s.scalar(select(User).where(User.username == "admin")))


def _others_case(database, username: str = "supervisor") -> str:
    """An open case assigned to an agent other than `username`."""
    with database.sessions() as s:
        me = s.scalar(select(User.id).where(User.username == username))
        found = s.scalar(
            select(Case.case_no)
            .where(Case.assigned_agent_id.is_not(None), Case.assigned_agent_id != me)
            .order_by(Case.id)
            .limit(1)
        )
    assert found is not None
    return found


def test_a_supervisor_made_an_agent_gets_the_agents_window(
    qtbot, database, lang, screenshot_dir
) -> None:
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.audit)
    assert window.audit.table.model().rowCount() > 0
    other = _others_case(database)
    assert window.cases.show_case(other)  # a supervisor's: every case
    _as_admin(database, lambda s, admin: change_role(s, admin, "supervisor", "agent"))
    window.day_watch.timer.timeout.emit()  # the minute's look
    qtbot.waitUntil(lambda: window not in OPEN_WINDOWS and bool(OPEN_WINDOWS), timeout=5000)
    new = OPEN_WINDOWS[-1]
    assert new.user.role is Role.AGENT
    assert "audit" not in new.page_names and new.audit is None  # no audit entries at all
    assert not new.cases.show_case(other)  # another agent's case: refused now
    assert "主管" not in new.user_label.toolTip() + new.user_label.text()
    box = new.account_watch.box
    assert isinstance(box, QMessageBox) and box.isVisible()
    sep = " " if lang == "en" else ""  # the case open is not reopened, and the box says so
    assert box.text() == ROLE_WORDS[lang] + sep + HIDDEN_WORDS[lang].format(case=other)
    QApplication.processEvents()
    new.grab().save(str(screenshot_dir / f"role_changed_window_{lang}.png"))
    box.grab().save(str(screenshot_dir / f"role_changed_box_{lang}.png"))
    box.accept()


def test_a_demotion_is_noticed_before_the_pages_refresh(qtbot, database) -> None:
    """A change announced (a save elsewhere in the window) does not reread the audit with the
    old role: the window is re-created first."""
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.audit)
    _as_admin(database, lambda s, admin: change_role(s, admin, "supervisor", "agent"))
    assert not window.hub.guard()  # the pages do not read now
    qtbot.waitUntil(lambda: window not in OPEN_WINDOWS and bool(OPEN_WINDOWS), timeout=5000)
    new = OPEN_WINDOWS[-1]
    assert new.audit is None and new.account_watch.box is not None
    new.account_watch.box.accept()


def test_an_unchanged_account_keeps_its_window(qtbot, database) -> None:
    window = window_for(qtbot, database, "supervisor")
    assert not window.account_watch.check()
    assert window.hub.guard()
    window.day_watch.timer.timeout.emit()
    QApplication.processEvents()
    assert OPEN_WINDOWS == [window] and not window.idle_lock.is_locked()


def test_a_deactivated_account_is_locked_out_saying_why(
    qtbot, database, lang, screenshot_dir
) -> None:
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.audit)
    _as_admin(database, lambda s, admin: deactivate_user(s, admin, "supervisor"))
    window.day_watch.timer.timeout.emit()
    lock = window.idle_lock
    assert lock.is_locked()
    overlay = lock.overlay
    assert overlay.intro.text() == SHUT_WORDS[lang]
    assert (
        overlay.heading.text()
        == {"en": "Your account was deactivated", "zh_CN": "您的账户已被停用"}[lang]
    )
    assert overlay.unlock_button.text() == {"en": "Quit Casedesk", "zh_CN": "退出 Casedesk"}[lang]
    assert not overlay.password.isVisible()
    assert not lock.try_unlock("demo")  # no password lifts it
    QApplication.processEvents()
    window.grab().save(str(screenshot_dir / f"deactivated_lock_{lang}.png"))
    overlay.unlock_button.click()  # Quit Casedesk
    assert not window.isVisible()


def test_a_dialog_open_is_left_alone_until_it_closes(qtbot, database, lang) -> None:
    """What was typed stays: the save is refused saying the account was deactivated, and the
    window locks once the dialog is closed."""
    from ui.dialogs.case_note import CaseNoteDialog

    window = window_for(qtbot, database, "supervisor")
    case_no = _others_case(database)
    dialog = CaseNoteDialog(window.database, window.user, case_no, window)
    dialog.open()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    dialog.text.setPlainText("typed before the deactivation")
    _as_admin(database, lambda s, admin: deactivate_user(s, admin, "supervisor"))
    window.day_watch.timer.timeout.emit()
    assert not window.idle_lock.is_locked()
    assert not dialog.try_save()
    said = dialog.error.text()
    assert (
        said
        == {
            "en": "The account supervisor was deactivated by an admin and may do nothing more; ask "
            "an admin to activate it again.",
            "zh_CN": "账户 supervisor 已被管理员停用，不能再进行任何操作；如需恢复，请联系管理员。",
        }[lang]
    )
    assert dialog.text.toPlainText() == "typed before the deactivation"
    dialog.reject()
    qtbot.waitUntil(window.idle_lock.is_locked, timeout=5000)
    assert window.idle_lock.overlay.shut


def test_a_page_brought_up_or_a_click_looks_first(qtbot, database) -> None:
    """The side bar's Audit, chosen after the demotion, is not read with the old role; nor does
    a click in the window go on to do what the old role might."""
    from PySide6.QtCore import Qt

    window = window_for(qtbot, database, "supervisor")
    _as_admin(database, lambda s, admin: change_role(s, admin, "supervisor", "agent"))
    assert "audit" not in window.built
    window.sidebar.setCurrentRow(window.page_names.index("audit"))  # Audit, in the side bar
    assert "audit" not in window.built  # not built, so never read
    qtbot.waitUntil(lambda: window not in OPEN_WINDOWS and bool(OPEN_WINDOWS), timeout=5000)
    new = OPEN_WINDOWS[-1]
    assert new.audit is None
    new.account_watch.box.accept()
    _as_admin(database, lambda s, admin: change_role(s, admin, "supervisor", "supervisor"))
    new.account_watch._looked = 0.0  # the last look was long ago
    qtbot.mouseClick(new.sidebar.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: new not in OPEN_WINDOWS and bool(OPEN_WINDOWS), timeout=5000)
    again = OPEN_WINDOWS[-1]
    assert again.user.role is Role.SUPERVISOR and again.audit is not None
    again.account_watch.box.accept()


REFUSED_WORDS = {
    "en": "An admin changed your role to Agent; that role may not do this, so nothing was saved. "
    "Casedesk will open its window again for that role.",
    "zh_CN": "管理员已将您的角色改为催收员；该角色无权进行此操作，因此未保存任何内容。"
    "Casedesk 将按新角色重新打开窗口。",
}


def _recreated(qtbot, window):
    qtbot.waitUntil(lambda: window not in OPEN_WINDOWS and bool(OPEN_WINDOWS), timeout=5000)
    return OPEN_WINDOWS[-1]


def test_a_case_the_new_role_may_not_see_is_not_reopened(
    qtbot, database, lang, screenshot_dir
) -> None:
    """QA s47 O #2: the new window said in red "supervisor may open only the cases assigned to
    them; C… is not." for the case it reopened itself; now the Cases page shows its list, and
    the role box says why the case is gone."""
    window = window_for(qtbot, database, "supervisor")
    other = _others_case(database)
    assert window.cases.show_case(other)
    window.show_page(window.cases)
    _as_admin(database, lambda s, admin: change_role(s, admin, "supervisor", "agent"))
    window.day_watch.timer.timeout.emit()
    new = _recreated(qtbot, window)
    assert new.stack.currentWidget() is new.cases
    assert new.cases.detail is None  # its list, not the case
    assert not new.cases.message.isVisible() and new.cases.message.text() == ""
    box = new.account_watch.box
    assert isinstance(box, QMessageBox) and box.isVisible()
    sep = " " if lang == "en" else ""
    assert box.text() == ROLE_WORDS[lang] + sep + HIDDEN_WORDS[lang].format(case=other)
    QApplication.processEvents()
    new.grab().save(str(screenshot_dir / f"role_changed_case_hidden_{lang}.png"))
    box.grab().save(str(screenshot_dir / f"role_changed_case_hidden_box_{lang}.png"))
    box.accept()


def test_a_case_the_new_role_may_see_stays_open(qtbot, database, lang) -> None:
    """An agent made a supervisor keeps their own case open, and the box says only the role."""
    with database.sessions() as s:
        me = s.scalar(select(User.id).where(User.username == "agent01"))
        own = s.scalar(select(Case.case_no).where(Case.assigned_agent_id == me).limit(1))
    window = window_for(qtbot, database, "agent01")
    assert window.cases.show_case(own)
    window.show_page(window.cases)
    _as_admin(database, lambda s, admin: change_role(s, admin, "agent01", "supervisor"))
    window.day_watch.timer.timeout.emit()
    new = _recreated(qtbot, window)
    assert new.user.role is Role.SUPERVISOR
    assert new.cases.detail is not None and new.cases.detail.case_no == own
    box = new.account_watch.box
    assert isinstance(box, QMessageBox)
    assert HIDDEN_WORDS[lang].split("{")[0] not in box.text()
    box.accept()


def test_a_dialog_saved_after_a_demotion_says_the_role_changed(
    qtbot, database, lang, screenshot_dir
) -> None:
    """QA s47 O #5: the note typed before the demotion was refused in the old role's words; now
    the refusal says the role changed, the text stays, and the window is re-created once the
    dialog closes."""
    from ui.dialogs.case_note import CaseNoteDialog

    window = window_for(qtbot, database, "supervisor")
    case_no = _others_case(database)
    dialog = CaseNoteDialog(window.database, window.user, case_no, window)
    dialog.open()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    dialog.text.setPlainText("typed before the demotion")
    _as_admin(database, lambda s, admin: change_role(s, admin, "supervisor", "agent"))
    window.day_watch.timer.timeout.emit()  # a dialog is open: left alone
    assert window in OPEN_WINDOWS
    assert not dialog.try_save()
    assert dialog.error.text() == REFUSED_WORDS[lang]
    assert dialog.text.toPlainText() == "typed before the demotion"
    QApplication.processEvents()
    dialog.grab().save(str(screenshot_dir / f"role_changed_refusal_{lang}.png"))
    dialog.reject()
    new = _recreated(qtbot, window)
    assert new.user.role is Role.AGENT
    assert window.database.reword_refusal == new.account_watch.reword  # the new window's
    new.account_watch.box.accept()
