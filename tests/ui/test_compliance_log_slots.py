"""The Compliance log page's Visit slot column gives each visit booking's or move's slot as it
chose it (a booking at 10:00 later moved to 14:00 still reads 10:00) and a refused one's, in
English and Chinese; a contact's row leaves it empty. Real widgets, a real database; screenshots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language, tr
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.flag_slots import SLOTS, build_flag_slots, chosen
from tests.core.visit_office import login
from ui.pages.compliance_log import COLUMNS

pytestmark = pytest.mark.gui


@pytest.fixture
def office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    from ui.app import application

    application()
    database = open_database(shutil.copyfile(template_db, tmp_path / "c.db"), TEST_KEY)
    build_flag_slots(database)
    yield database
    database.close()
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_visit_slot_column_gives_the_slot_each_chose(
    qtbot, office, lang, screenshot_dir
) -> None:
    from ui.main_window import MainWindow

    set_language(lang)
    window = MainWindow(office, login(office, "supervisor"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.compliance_log)
    page = window.compliance_log
    model = page.model
    headers = [model.headerData(n, _horizontal()) for n in range(model.columnCount())]
    n = headers.index(tr("Visit slot", lang))
    shown = sorted(model.data(model.index(r, n)) for r in range(model.rowCount()))
    expected = []
    for hours in SLOTS.values():
        for hour in hours:
            start, end = chosen(*hour)
            expected.append(f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}")
    assert shown == sorted(expected)
    assert [c.header for c in COLUMNS].index("Visit slot") == n
    QApplication.processEvents()
    assert window.grab().save(str(screenshot_dir / f"compliance_log_slots_{lang}.png"))


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
