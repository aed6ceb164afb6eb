"""Found by QA walking the Visits page: once an agreement was drafted from a visit's outcome, the
page's Draft agreement… stayed on, with no tool tip, and only a click said the case already had
one in progress. The button follows the case as the draft dialog would: off, with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.test_keyboard_more import _draftable_visit, _visits_page_on
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_trust import when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_draft_agreement_goes_off_once_the_case_has_one_in_progress(
    qtbot, database, lang, screenshot_dir
) -> None:
    from ui.dialogs.agreement import AgreementDialog

    window = window_for(qtbot, database, "supervisor")
    page = _visits_page_on(qtbot, window, _draftable_visit(database, window.user))
    assert page.agreement_button.isEnabled() and page.agreement_button.toolTip() == ""
    when_modal(AgreementDialog, lambda dialog: dialog.try_save())
    number = page.draft_agreement_selected()
    assert number and number in page.message.text()
    # The page reloaded on the announcement, the visit still selected: the button is off and
    # says why, naming the draft.
    assert page.selected is not None
    assert not page.agreement_button.isEnabled()
    assert number in page.agreement_button.toolTip()
    grab(window, screenshot_dir / f"visits_agreement_in_progress_{lang}.png")
