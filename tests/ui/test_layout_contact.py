"""The Log contact dialog, in English and Chinese: the promise's amount field is wide enough to
show its whole placeholder ("Amount, e.g. 500.00"), and the promise's fields stay beside the
compliance panel, none under it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QStyle

from app.i18n import set_language
from tests.ui.test_contact_dialog import agent_case, dialog_for
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_promise_amount_shows_its_whole_placeholder(
    qtbot, database, lang, screenshot_dir
) -> None:
    set_language(lang)
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, agent_case(database)[0])
    qtbot.wait(50)
    amount = dialog.promise_amount
    frame = amount.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, amount)
    room = amount.contentsRect().width() - 2 * frame - 4  # the frame, the text's side margins
    text = amount.placeholderText()
    assert amount.fontMetrics().horizontalAdvance(text) <= room, (text, amount.width())
    # The promise's fields lie left of the compliance panel, inside the dialog.
    panel_left = dialog.panel.mapTo(dialog, QPoint(0, 0)).x()
    for field in (dialog.promise, amount, dialog.promise_due):
        right = field.mapTo(dialog, QPoint(field.width(), 0)).x()
        assert right <= panel_left, (field, right, panel_left)
        assert field.isVisible() and field.width() >= field.minimumSizeHint().width()
    grab(dialog, screenshot_dir / f"layout_contact_{lang}.png")
