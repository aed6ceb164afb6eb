"""The borrower pane's Confirm number… (app/phone_confirm.py), on a copy of the demo office with
real widgets: shown to a supervisor when one of the borrower's numbers is marked invalid, never to
an agent; too short a reason is refused inline and nothing changes; a reason saves it, the number
reads valid and the button goes. Screenshots in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from app.i18n import set_language
from app.models import Phone
from tests.conftest import TEST_KEY
from tests.ui.test_trust import grab, grab_over, when_modal, window_for

pytestmark = pytest.mark.gui

REASON = {
    "en": "Met at home; showed us the phone",
    "zh_CN": "上门时借款人出示手机，确认号码是本人的",
}
SHORT = {"en": "yes", "zh_CN": "确认"}


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    set_language("en")
    db.close()


def show_invalid(window) -> int:  # type: ignore[no-untyped-def]
    """Select the first listed borrower with a number marked invalid; their id."""
    page = window.borrowers
    window.show_page(page)
    with window.database.sessions() as s:
        wanted = set(s.scalars(select(Phone.borrower_id).where(~Phone.valid)))
    for row in range(page.model.rowCount()):
        page.table.selectRow(row)
        if page.selected_id() in wanted:
            return page.selected_id()
    raise AssertionError("no borrower with an invalid number listed")


def _invalid(database, borrower_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return list(
            s.scalars(select(Phone.number).where(Phone.borrower_id == borrower_id, ~Phone.valid))
        )


def test_an_agent_sees_no_confirm_button(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    show_invalid(window)
    pane = window.borrowers.detail
    assert pane.phone_button.isVisible() and not pane.confirm_button.isVisible()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_supervisor_confirms_a_number_with_a_reason(qtbot, database, screenshot_dir, lang):
    from ui.dialogs.confirm_number import ConfirmNumberDialog

    set_language(lang)
    window = window_for(qtbot, database, "supervisor")
    borrower_id = show_invalid(window)
    pane = window.borrowers.detail
    invalid = _invalid(database, borrower_id)
    assert pane.confirm_button.isVisible() and invalid
    grab(window, screenshot_dir / f"confirm_number_pane_{lang}.png")
    seen: dict[str, object] = {}

    def confirm(dialog: QDialog) -> None:
        try:
            assert isinstance(dialog, ConfirmNumberDialog)
            seen["offered"] = dialog.number.count()
            dialog.reason.setPlainText(SHORT[lang])
            seen["short"] = dialog.try_save()
            seen["error"] = dialog.error.text()
            seen["unchanged"] = _invalid(database, borrower_id)
            dialog.reason.setPlainText(REASON[lang])
            dialog.how.setCurrentIndex(dialog.how.findData("other_number"))
            grab_over(window, dialog, screenshot_dir / f"confirm_number_{lang}.png")
            dialog.try_save()
        except BaseException as error:  # raised after exec() returns, not left open
            seen["raised"] = error
            dialog.reject()

    when_modal(ConfirmNumberDialog, confirm)
    done = pane.confirm_number()
    if "raised" in seen:
        raise seen["raised"]  # type: ignore[misc]
    assert done and seen["offered"] == len(invalid)
    assert seen["short"] is False and seen["unchanged"] == invalid
    assert ("至少" if lang == "zh_CN" else "at least") in str(seen["error"])
    assert _invalid(database, borrower_id) == invalid[1:]
    if len(invalid) == 1:
        qtbot.waitUntil(lambda: not pane.confirm_button.isVisible())
    grab(window, screenshot_dir / f"confirm_number_done_{lang}.png")
