"""Every dialog (the Tab-order tests' list, tests/ui/tab_dialogs.py) reads in a dark colour
scheme: each shown label and coloured cell at WCAG AA contrast, on each of its tabs, no light
slab in the dark window (tests/ui/contrast.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from tests.ui import test_dark_scheme, test_queue
from tests.ui.contrast import problems
from tests.ui.tab_dialogs import DIALOGS
from tests.ui.test_keyboard_names import shown

pytestmark = pytest.mark.gui
database = test_queue.database  # a copy of the demo office, its queue rebuilt
dark = test_dark_scheme.dark  # the application in a dark palette, its own given back after
SHOTS = ("agreement", "payment", "visit", "import_data", "contact")


@pytest.mark.parametrize("name", DIALOGS)
def test_the_dialog_reads_in_the_dark(  # type: ignore[no-untyped-def]
    qtbot, database, dark, tmp_path: Path, name, screenshot_dir
) -> None:
    dialog = DIALOGS[name](database, tmp_path)
    shown(qtbot, dialog)
    QApplication.processEvents()
    if name in SHOTS:
        dialog.grab().save(str(screenshot_dir / f"dark-dialog-{name}.png"))
    wrong = problems(dialog)
    for tabs in dialog.findChildren(QTabWidget):
        for index in range(1, tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            wrong += [f"tab {index}: {p}" for p in problems(tabs.currentWidget())]
    assert wrong == [], "\n".join(wrong)
