"""The Work queue's Rebuild queue while this computer's clock is behind (QA s46 K-2): as `queue
--rebuild`, it refuses to rebuild as of an earlier day than the queue was built for, in a box
giving the same reason; nothing is rebuilt, no case closed. English and Chinese. The office's
last work is put two days after this moment: no hour or day matters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.i18n import set_language
from app.office import office_today
from tests.cli.test_clock_behind_cli import REFUSAL
from tests.core.test_clock_behind import built_ahead
from tests.core.test_clock_behind_import import open_days, rebuilds
from tests.ui.test_queue import grab, open_office, window_for
from ui.pages.queue_actions import GOING_BACK_BOX

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_rebuild_queue_refuses_to_go_back(qtbot, database, screenshot_dir, lang) -> None:  # type: ignore[no-untyped-def]
    built = built_ahead(database)
    with database.sessions() as s:
        today = office_today(s)
    before = rebuilds(database)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        window.show_page(window.queue)
        page = window.queue
        assert page.rebuild_button.isVisible() and page.rebuild_button.isEnabled()
        qtbot.mouseClick(page.rebuild_button, Qt.MouseButton.LeftButton)
        box = page.findChild(QMessageBox, GOING_BACK_BOX)
        assert box is not None and box.isVisible()
        said = REFUSAL[lang].format(date=today.isoformat(), built=built.isoformat())
        assert box.text().startswith(said)
        grab(box, screenshot_dir / f"clock_behind_rebuild_refused_{lang}.png")
        assert page.worker is None and page.rebuild_button.isEnabled()
        box.button(QMessageBox.StandardButton.Ok).click()
        assert not box.isVisible()
        assert rebuilds(database) == before and open_days(database) == {built}
    finally:
        set_language("en")
