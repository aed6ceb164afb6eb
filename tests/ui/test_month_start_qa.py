"""Found by QA walking a supervisor's first working day of the month on the demo office, with real
widgets at 1366x768, in Chinese and in English: on the Agreements page, what was said about one
agreement ("AG-… is now active", or an error) stayed under the next agreement looked at; and an
agreement opened from the dashboard's approvals list was listed with the search dropped while the
search box still showed it (a search typed just before came back when its pause ended); after
Record signing… (and Cancel agreement…'s question) the keys were nowhere until a click."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import Agreement, AgreementStatus, User
from tests.ui.test_agreements import stored
from tests.ui.test_agreements_page_qa import agent_draft, supervisor_page
from tests.ui.test_agreements_reports_qa import office_today
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_model import DEBOUNCE_MS

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    set_language("en")


def breached(database) -> int:
    with database.sessions() as s:
        found = s.scalar(
            select(Agreement.id)
            .where(Agreement.status == AgreementStatus.BREACHED)
            .order_by(Agreement.id)
        )
        assert found is not None, "the demo office has a breached agreement"
        return found


def waiting_agreement(database):
    """The first agreement the approvals list offers the supervisor."""
    from app.queries.approvals import AGREEMENT, waiting_for_approval

    with database.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        items = waiting_for_approval(s, supervisor)
    rows = [n for n, item in enumerate(items) if item.kind == AGREEMENT]
    assert rows, "the demo office has an agreement waiting for approval"
    return rows[0], items[rows[0]]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_what_was_said_goes_with_the_agreement_it_was_about(
    qtbot, database, screenshot_dir, lang
) -> None:
    set_language(lang)
    number, agreement_id = agent_draft(database)
    window, page = supervisor_page(qtbot, database, agreement_id)
    assert page.approve_selected() is True
    assert page.sign_selected(office_today(database)) is True
    assert stored(database, number).status is AgreementStatus.ACTIVE
    assert page.message.isVisible() and number in page.message.text()
    # The breached agreement looked at next: nothing said about the one just signed.
    assert page.select(breached(database))
    assert page.detail is not None and page.detail.row.agreement_no != number
    grab(window, screenshot_dir / f"qa_month_start_breached_{lang}.png")
    assert not page.message.isVisible(), page.message.text()
    # Back on the signed one: the message stays gone (it was said once, when it happened).
    assert page.select(agreement_id)
    assert not page.message.isVisible()
    # What is said about the agreement shown stays while it is shown, the list refreshed.
    page.show_message("said")
    page.refresh()
    assert page.message.isVisible() and page.message.text() == "said"


def test_an_agreement_opened_from_the_approvals_list_is_listed_as_the_box_says(
    qtbot, database, screenshot_dir
) -> None:
    row, waiting = waiting_agreement(database)
    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    # An earlier search, done; then another typed, its pause not yet over.
    QTest.keyClicks(page.search, "AG-2025-000001")
    page.search.fire()
    assert page.search_text == "AG-2025-000001"
    QTest.keyClicks(page.search, "9")
    listing = window.open_list("approvals")
    assert listing is not None
    listing.table.setFocus()
    listing.table.selectRow(row)
    QTest.keyClick(listing.table, Qt.Key.Key_Return)
    qtbot.wait(DEBOUNCE_MS * 2)  # a search left pending would have come back by now
    assert page.selected_number() == waiting.number
    assert page.search.text() == page.search_text == ""
    with database.sessions() as s:  # every draft, not the agreement searched before
        drafts = s.scalars(select(Agreement.id).where(Agreement.status == AgreementStatus.DRAFT))
        assert page.model.rowCount() == len(list(drafts))
    grab(window, screenshot_dir / "qa_month_start_from_approvals.png")


@pytest.mark.parametrize("answer", ["sign", "cancel"])
def test_the_keys_stay_on_the_list_after_record_signing(
    qtbot, database, screenshot_dir, answer
) -> None:
    """Record signing… asked and answered (or the box cancelled) from the keyboard: the keys were
    nowhere after it, until a click (no window manager hands the activation back offscreen)."""
    from PySide6.QtWidgets import QInputDialog

    from tests.ui.test_trust import when_modal

    number, agreement_id = agent_draft(database)
    window, page = supervisor_page(qtbot, database, agreement_id)
    assert page.approve_selected() is True
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page.table.setFocus()
    assert QApplication.focusWidget() is page.table

    def reply(dialog: QInputDialog) -> None:
        (dialog.accept if answer == "sign" else dialog.reject)()

    when_modal(QInputDialog, reply)
    page.sign_button.click()
    done = stored(database, number).status
    assert done is (AgreementStatus.ACTIVE if answer == "sign" else AgreementStatus.APPROVED)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=2000)
