"""The keyboard-only day, the rest of it: after each dialog that runs its own exec() (backups,
courses, a rule's change, a visit's check-out, an agreement drafted from a visit or changed, a PDF's
preview and the print dialogs) the keys come back where they were, the window active; after the
idle lock, when the program closed the dialog that had them meanwhile, they land in the main window;
and Enter on the case page's "Opened lately" list opens the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import select

from app.errors import CasedeskError
from app.models import Agreement, AgreementStatus, User, Visit, VisitStatus
from tests.ui import test_keyboard_day
from tests.ui.test_keyboard_day import ModalCloser, activate, on_first_case, press
from tests.ui.test_queue import window_for

pytestmark = pytest.mark.gui
database = test_keyboard_day.database  # a copy of the demo office, its queue rebuilt


def keys_back_after(
    qtbot, holder: QWidget, step: Callable[[], object], kind: type = QDialog
) -> list[str]:
    """Give `holder` the keys, run `step` (a dialog opens; a ModalCloser closes it from inside
    its exec()), then wait, bounded, for the keys to be back on `holder`, its window active.
    The names of the dialogs closed."""
    window = holder.window()
    activate(qtbot, window)
    holder.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is holder, timeout=2000)
    seen: list[str] = []

    def close_when_active(dialog: QWidget) -> None:  # as a person closes it: once it is up
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        seen.append(type(dialog).__name__)

    closer = ModalCloser(close_when_active, kind)
    try:
        step()
        # A dialog opened with open() (not exec()) is closed after the step returned.
        qtbot.waitUntil(lambda: closer.done or closer.polls >= 250, timeout=8000)
    finally:
        closer.check()
    assert seen, "no dialog was closed"
    qtbot.waitUntil(
        lambda: QApplication.activeWindow() is window and QApplication.focusWidget() is holder,
        timeout=2000,
    )
    return seen


def a_pdf(folder: Path) -> Path:
    from reportlab.pdfgen import canvas

    path = folder / "page.pdf"
    sheet = canvas.Canvas(str(path))
    sheet.drawString(72, 720, "Casedesk")
    sheet.save()
    return path


# --- 1. the keys come back after each dialog that runs its own exec() -----------------------------


def test_the_keys_come_back_after_the_backups_dialog(qtbot, database) -> None:
    window = window_for(qtbot, database, "admin")
    seen = keys_back_after(qtbot, window.sidebar, window.open_backups)
    assert seen == ["BackupsDialog"]


def test_the_keys_come_back_after_the_courses_dialog(qtbot, database) -> None:
    window = window_for(qtbot, database, "supervisor")
    page = window.page("training")
    window.show_page(page)
    seen = keys_back_after(qtbot, page.table, page.edit_courses)
    assert seen == ["CoursesDialog"]


def test_the_keys_come_back_after_a_rules_change(qtbot, database) -> None:
    window = window_for(qtbot, database, "admin")
    page = window.page("rules")
    window.show_page(page)
    page.rules.selectRow(0)
    assert page.selected_rule() is not None
    seen = keys_back_after(qtbot, page.rules, page.change_rule)
    assert seen == ["RuleEditDialog"]


def _agreements_page(qtbot, database, status: AgreementStatus, username: str = "supervisor"):
    with database.sessions() as s:
        found = s.scalar(
            select(Agreement.id).where(Agreement.status == status).order_by(Agreement.id)
        )
    assert found is not None
    window = window_for(qtbot, database, username)
    page = window.page("agreements")
    window.show_page(page)
    assert page.select(found)
    return page


def test_the_keys_come_back_after_a_pdf_preview(qtbot, database) -> None:
    page = _agreements_page(qtbot, database, AgreementStatus.ACTIVE)
    seen = keys_back_after(qtbot, page.table, page.preview_selected)
    assert seen == ["PdfPreviewDialog"]


def test_the_keys_come_back_after_an_agreements_draft_is_changed(qtbot, database) -> None:
    page = _agreements_page(qtbot, database, AgreementStatus.DRAFT)
    seen = keys_back_after(qtbot, page.table, page.edit_selected)
    assert seen == ["AgreementEditDialog"]


def test_the_keys_come_back_after_the_reports_preview(qtbot, database, tmp_path) -> None:
    """The Reports page opens its preview with open(), not exec(): the same when it closes."""
    window = window_for(qtbot, database, "supervisor")
    page = window.page("reports")
    window.show_page(page)
    pdf = a_pdf(tmp_path)
    seen = keys_back_after(qtbot, page.kind, lambda: page._done(str(pdf), False))
    assert seen == ["PdfPreviewDialog"]


def test_the_keys_come_back_after_the_print_dialog_of_a_preview(qtbot, database, tmp_path):
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    window = window_for(qtbot, database, "supervisor")
    preview = PdfPreviewDialog(a_pdf(tmp_path), "page", window)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    assert preview.print_button.isEnabled()
    try:
        seen = keys_back_after(qtbot, preview.print_button, preview.print_with_dialog, QPrintDialog)
    finally:
        preview.reject()
    assert seen == ["QPrintDialog"]


def test_the_keys_come_back_after_the_wizards_print_dialog(qtbot, tmp_path, monkeypatch):
    """The first-run wizard's Print… of the recovery key (its own print dialog's exec())."""
    from app.paths import default_db_path
    from tests.ui.test_wizard import _fill
    from ui.app import application
    from ui.wizard import SetupWizard

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "fresh-home"))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    application()
    wizard = SetupWizard(default_db_path())
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    try:
        _fill(wizard)
        button = wizard.key_page.print_button
        seen = keys_back_after(qtbot, button, wizard.key_page.print_dialog, QPrintDialog)
    finally:
        wizard.reject()
    assert seen == ["QPrintDialog"]


def _visits_page_on(qtbot, window, visit_no: str):
    """The Visits page on the week of `visit_no`, that visit selected."""
    page = window.page("visits")
    window.show_page(page)
    with window.database.sessions() as s:
        start = s.scalar(select(Visit.scheduled_start).where(Visit.visit_no == visit_no))
    page.show_week(start.replace(tzinfo=dt.UTC).astimezone(page.zone).date())
    page.tabs.setCurrentWidget(page.list)  # the list of the week's visits, where the keys are
    page.select(visit_no)
    assert page.selected is not None and page.selected.visit_no == visit_no
    return page


def _completed_visits(database) -> list[str]:
    with database.sessions() as s:
        return list(
            s.scalars(
                select(Visit.visit_no)
                .where(Visit.status == VisitStatus.COMPLETED)
                .order_by(Visit.visit_no)
            )
        )


def test_the_keys_come_back_after_a_visits_check_out(qtbot, database) -> None:
    window = window_for(qtbot, database, "supervisor")
    page = _visits_page_on(qtbot, window, _completed_visits(database)[0])
    seen = keys_back_after(qtbot, page.list, page.check_out_selected)
    assert seen == ["VisitOutcomeDialog"]


def _draftable_visit(database, user: User) -> str:
    """A completed visit whose case the agreement dialog opens on (none in progress)."""
    from app.agreements.from_visit import visit_statement
    from ui.dialogs.agreement import AgreementDialog

    for visit_no in _completed_visits(database):
        try:
            with database.sessions() as s:
                statement = visit_statement(s, s.get(User, user.id), visit_no)
            dialog = AgreementDialog(database, user, statement.case_no, visit=statement)
        except CasedeskError:
            continue
        dialog.deleteLater()
        return visit_no
    raise AssertionError("no completed visit to draft an agreement from")


def test_the_keys_come_back_after_an_agreement_drafted_on_the_visits_page(qtbot, database) -> None:
    window = window_for(qtbot, database, "supervisor")
    page = _visits_page_on(qtbot, window, _draftable_visit(database, window.user))
    seen = keys_back_after(qtbot, page.list, page.draft_agreement_selected)
    assert seen == ["AgreementDialog"]


# --- 2. after the idle lock, the keys land in the main window -------------------------------------


def test_the_keys_land_in_the_window_after_the_lock_when_their_dialog_was_closed(
    qtbot, database
) -> None:
    """The idle time passed with a modal dialog open, and the program let the dialog go while
    locked (its own give-back refused under the lock): after the password, the keys are back
    where they were in the main window, the window active. (The lock's own window, closing,
    hands the activation back here; the next test is the case where nothing does.)"""
    window = on_first_case(qtbot, database)
    lock = window.idle_lock
    timeline = window.cases.timeline
    timeline.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is timeline, timeout=2000)

    def lock_then_close(dialog: QWidget) -> None:
        lock.lock()
        assert QApplication.activeModalWidget() is lock.front
        dialog.reject()

    closer = ModalCloser(lock_then_close)
    try:
        press(qtbot, window, "Ctrl+Shift+L")  # Log contact…: exec() until the lock closes it
        closer.check()
        assert lock.is_locked()
    finally:
        if lock.is_locked():
            assert lock.try_unlock("demo")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    held = QApplication.focusWidget()
    assert held is timeline and held.isVisible() and held.isEnabled()
    press(qtbot, window, "Ctrl+2")  # the shortcuts are alive
    assert window.stack.currentWidget() is window.queue


def test_the_keys_land_in_the_window_after_the_lock_hid_a_dialog_then_closed(
    qtbot, database
) -> None:
    """A non-modal dialog had the keys; the lock hid it and the program closed it meanwhile:
    after the password no window was active, the keys nowhere. They land where they were in the
    main window, the window active, the shortcuts alive."""
    from tests.ui.test_idle_windows import contact_dialog

    window = window_for(qtbot, database, "agent01")
    window.open_case(window.queue.model.id_at(0))
    timeline = window.cases.timeline
    activate(qtbot, window)
    timeline.setFocus()
    dialog = contact_dialog(qtbot, window)
    activate(qtbot, dialog)
    dialog.notes.setFocus()
    lock = window.idle_lock
    lock.lock()
    assert not dialog.isVisible()
    dialog.reject()
    assert lock.try_unlock("demo") and not dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    held = QApplication.focusWidget()
    assert held is timeline and held.isVisible() and held.isEnabled()
    press(qtbot, window, "Ctrl+2")
    assert window.stack.currentWidget() is window.queue


# --- 3. Enter on "Opened lately" opens the case ---------------------------------------------------


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_the_cases_opened_lately_opens_the_case(qtbot, database, key) -> None:
    from ui.pages.case_start import remember

    window = window_for(qtbot, database, "agent01")
    ids = [window.queue.model.id_at(row) for row in range(3)]
    for case_id in ids:
        remember(database, window.user, case_id)
    page = window.cases
    window.show_page(page)
    start = page.start
    assert page.detail is None and start.isVisible()
    assert [r.id for r in start.rows] == ids[::-1]  # the latest first
    activate(qtbot, window)
    start.table.setFocus()
    start.table.setCurrentIndex(start.table.model().index(1, 0))
    qtbot.keyClick(start.table, key)
    assert page.detail is not None and page.detail.id == ids[1]


# --- ui/widgets.py split: the date fields are still named where they were ----------------------


def test_the_date_fields_are_still_named_in_ui_widgets() -> None:
    import ui.date_widgets as dates
    import ui.widgets as widgets

    for name in ("NO_DATE", "date_edit", "day_of", "optional_date_edit", "optional_day", "qdate"):
        assert getattr(widgets, name) is getattr(dates, name)
    for name in ("set_optional_day", "set_zoned", "zoned_edit", "zoned_time"):
        assert getattr(widgets, name) is getattr(dates, name)
