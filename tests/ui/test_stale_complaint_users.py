"""A complaint resolved elsewhere under an open Resolve dialog, and an account another admin
changed under an open Users dialog: the save is refused naming who changed it, the page or the
list shows it as it is now, and nothing of the stale save is written; screenshots (en, zh_CN)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.accounts import account_rows, add_account, reset_password
from app.complaints import record_complaint, resolve_complaint
from app.i18n import set_language
from app.models import Complaint, ComplaintStatus, Role, User
from tests.conftest import TEST_KEY
from tests.core.test_compliance_log import _open_cases
from tests.office_day import office_today
from tests.ui.test_trust import grab_over, when_modal, window_for

pytestmark = pytest.mark.gui
PASSWORD = "Str0ng-enough-2026!"


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield str(request.param)
    set_language("en")


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    user = s.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


def _complaint(database) -> str:  # type: ignore[no-untyped-def]
    with database.session() as s:
        return record_complaint(
            s,
            _user(s, "supervisor"),
            case_no=_open_cases(s, _user(s, "agent02"))[0][0],
            agent_username=None,
            received_on=office_today(),
            source="relative",
            channel="phone",
            category="harassment",
            description="Called the borrower's mother three times in one evening.",
            today=office_today(),
        ).complaint_no


def test_a_complaint_resolved_under_the_open_dialog_is_not_overwritten(
    qtbot, database, language, screenshot_dir
) -> None:
    from ui.dialogs.complaint import RESOLVE, ComplaintActionDialog

    number = _complaint(database)
    window = window_for(qtbot, database, "supervisor")
    page = window.complaints
    window.show_page(page)
    page.refresh()
    assert page.select(number) and page.detail.detail.complaint_no == number
    said: dict[str, object] = {}

    def resolve(dialog: ComplaintActionDialog) -> None:
        dialog.text.setPlainText("Not justified: the calls were at the borrower's request.")
        with database.session() as s:  # meanwhile, the admin on another workstation
            resolve_complaint(s, _user(s, "admin"), number, "Apologised; agent retrained.", True)
        said["first"] = dialog.try_save()
        said["error"] = dialog.error.text()
        said["listed"] = [r.complaint_no for r in page.rows]
        grab_over(window, dialog, screenshot_dir / f"version-complaint-stale-{language}.png")
        said["again"] = dialog.try_save()  # what it sees now: closed, said as such
        said["closed"] = dialog.error.text()
        dialog.reject()

    when_modal(ComplaintActionDialog, resolve)
    page.act(RESOLVE)
    assert said["first"] is False and said["again"] is False
    assert str(said["error"]).startswith(
        f"Complaint {number} was changed by admin at "
        if language == "en"
        else f"投诉 {number} 已被 admin 于 "
    ), said["error"]
    assert number not in said["listed"]  # the open complaints as they are now: closed, gone
    assert number in str(said["closed"]) and said["closed"] != said["error"]
    with database.sessions() as s:
        stored = s.scalar(select(Complaint).where(Complaint.complaint_no == number))
        assert stored is not None and stored.outcome == "Apologised; agent retrained."
        assert stored.status is ComplaintStatus.RESOLVED


def test_an_account_changed_under_the_open_users_dialog_is_not_overwritten(
    qtbot, database, language, screenshot_dir
) -> None:
    from ui.dialogs.users import UsersDialog

    with database.session() as s:
        add_account(s, _user(s, "admin"), "admin2", Role.ADMIN, PASSWORD, "Second admin")
    window = window_for(qtbot, database, "admin")
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.select("agent03") and dialog.selected().active
    with database.session() as s:  # the other admin, on another workstation
        reset_password(s, _user(s, "admin2"), "agent03", "An0ther-one-2026!")
    assert not dialog.deactivate(confirm=False)
    text = dialog.error.text()
    assert text.startswith(
        "User agent03 was changed by admin2 at "
        if language == "en"
        else "用户 agent03 已被 admin2 于 "
    ), text
    assert dialog.selected().username == "agent03" and dialog.selected().must_change_password
    grab_over(window, dialog, screenshot_dir / f"version-users-stale-{language}.png")
    with database.sessions() as s:
        assert _user(s, "agent03").active  # not deactivated over the other admin's change
    assert dialog.deactivate(confirm=False), dialog.error.text()  # decided again: it goes through
    with database.sessions() as s:
        assert not _user(s, "agent03").active


def test_a_password_reset_over_another_admins_change_closes_and_shows_the_list_afresh(
    qtbot, database
) -> None:
    from ui.dialogs.account_forms import NewPasswordDialog
    from ui.dialogs.users import UsersDialog

    with database.session() as s:
        add_account(s, _user(s, "admin"), "admin2", Role.ADMIN, PASSWORD, "Second admin")
    window = window_for(qtbot, database, "admin")
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    assert dialog.select("agent04")
    with database.sessions() as s:
        before = _user(s, "agent04").password_hash

    def new_password(form: NewPasswordDialog) -> None:
        with database.session() as s:  # meanwhile, the other admin resets it first
            reset_password(s, _user(s, "admin2"), "agent04", "An0ther-one-2026!")
        form.password.setText(PASSWORD)
        form.repeat.setText(PASSWORD)
        form.try_save()

    when_modal(NewPasswordDialog, new_password)
    assert dialog.reset() is False
    assert dialog.error.text().startswith("User agent04 was changed by admin2 at ")
    assert dialog.selected().must_change_password  # the list as it is now
    with database.sessions() as s:
        stored = _user(s, "agent04").password_hash
        admin = _user(s, "admin")
        assert stored != before  # the other admin's password stands, not this one
        mark = next(r.admin_mark for r in account_rows(s, admin) if r.username == "agent04")
        assert mark == dialog.selected().admin_mark


def test_a_note_added_under_the_open_dialog_is_shown_and_the_next_save_goes_through(
    qtbot, database
) -> None:
    from app.complaints import add_note
    from ui.dialogs.complaint import RESOLVE, ComplaintActionDialog

    number = _complaint(database)
    window = window_for(qtbot, database, "supervisor")
    page = window.complaints
    window.show_page(page)
    page.refresh()
    assert page.select(number)
    said: dict[str, object] = {}

    def resolve(dialog: ComplaintActionDialog) -> None:
        dialog.text.setPlainText("Apologised in writing.")
        dialog.upheld.setChecked(True)
        with database.session() as s:  # the admin adds what they learnt, meanwhile
            add_note(s, _user(s, "admin"), number, "The recording shows four calls, not three.")
        said["first"] = dialog.try_save()
        said["error"] = dialog.error.text()
        shown = page.detail.detail
        said["notes"] = " ".join(n.text for n in shown.notes) if shown else ""
        said["again"] = dialog.try_save()  # read and decided again: it goes through

    when_modal(ComplaintActionDialog, resolve)
    page.act(RESOLVE)
    assert said["first"] is False and "was changed by admin" in str(said["error"])
    assert "four calls" in str(said["notes"])  # the page shows the note it had not
    assert said["again"] is True
    with database.sessions() as s:
        stored = s.scalar(select(Complaint).where(Complaint.complaint_no == number))
        assert stored is not None and stored.status is ComplaintStatus.RESOLVED
        assert stored.outcome == "Apologised in writing."
