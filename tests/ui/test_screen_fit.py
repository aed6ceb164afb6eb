"""Dialogs ask for a comfortable size and get at most what the screen has room for: on a
1024×640 laptop the Draft agreement (700 high), the course catalogue (1040 wide) and the PDF
preview (1000 high) opened past its edges, their buttons out of reach."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from app.auth import authenticate
from tests.conftest import TEST_KEY
from tests.ui.test_reports_page import three_pages

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path, qapp):
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _room():
    from ui.screen_fit import FRAME_HEIGHT, FRAME_WIDTH

    room = QGuiApplication.primaryScreen().availableGeometry()
    return room.width() - FRAME_WIDTH, room.height() - FRAME_HEIGHT


def _fits(widget: QWidget) -> None:
    width, height = _room()
    assert widget.width() <= width and widget.height() <= height, (widget.size(), _room())
    # … and its layout can be that small: nothing is squeezed out of it.
    hint = widget.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, (hint, _room())


def test_a_size_is_kept_when_there_is_room_and_cut_to_the_screen_when_not(qtbot) -> None:
    from ui.screen_fit import fit_on_screen

    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit_on_screen(dialog, 300, 200)
    assert (dialog.width(), dialog.height()) == (300, 200)
    fit_on_screen(dialog, 5000, 4000)
    assert (dialog.width(), dialog.height()) == _room()


def test_the_course_catalogue_and_the_pdf_preview_fit_the_screen(qtbot, database, tmp_path):
    from ui.dialogs.courses import CoursesDialog
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    user = authenticate(database.sessions, "supervisor", "demo")
    courses = CoursesDialog(database, user)
    qtbot.addWidget(courses)
    preview = PdfPreviewDialog(three_pages(tmp_path / "sample.pdf"), "Sample")
    qtbot.addWidget(preview)
    for dialog in (courses, preview):
        dialog.show()
        qtbot.waitExposed(dialog)
        _fits(dialog)


def _wordy_dialog(qtbot, sentences: int) -> QDialog:
    """A shown 400×100 dialog whose wrapped explanation of `sentences` sentences needs more."""
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    words = QLabel("A long explanation of what this step does and why. " * sentences)
    words.setWordWrap(True)
    QVBoxLayout(dialog).addWidget(words)
    dialog.resize(400, 100)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_dialog_grown_for_its_lines_keeps_its_bottom_on_the_screen(qtbot) -> None:
    """make_room grows a dialog to its wrapped lines' height, at most the screen's room less the
    title bar and frame (it took the whole height: the buttons went under the taskbar)."""
    from ui.screen_fit import make_room

    dialog = _wordy_dialog(qtbot, 200)
    make_room(dialog)
    assert dialog.height() == _room()[1]


def _grown_dialog(qtbot, parent: QWidget | None = None) -> QDialog:
    """A dialog sized in pixels (setMinimumWidth, as Casedesk's are) too narrow for its label."""
    from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

    dialog = QDialog(parent)
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    form.addRow(QLabel("A label far wider than the dialog's pixel size:" * 2), QLineEdit())
    dialog.setMinimumWidth(150)
    dialog.resize(150, 60)
    return dialog


def _off_centre(a: QWidget, b: QWidget) -> tuple[int, int]:
    delta = a.frameGeometry().center() - b.frameGeometry().center()
    return abs(delta.x()), abs(delta.y())


def test_a_dialog_grown_at_its_first_focus_is_centred_again_over_its_window(qtbot) -> None:
    """Qt centres a dialog at the size it opens with; it grows to its words at the first focus
    (ui/screen_fit.py) and used to grow rightwards and down from that corner."""
    from ui.app import application

    application()  # installs the focus-led fitting
    window = QWidget()
    qtbot.addWidget(window)
    window.setGeometry(50, 60, 700, 500)
    window.show()
    qtbot.waitExposed(window)
    dialog = _grown_dialog(qtbot, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.width() > 150)
    assert max(_off_centre(dialog, window)) <= 1, (dialog.frameGeometry(), window.frameGeometry())
    # Later growth (an error's lines) does not move it back to the centre once the user has it.
    dialog.move(0, 0)
    from ui.screen_fit import fit_words

    fit_words(dialog)
    assert dialog.frameGeometry().topLeft().toTuple() == (0, 0)


def test_a_dialog_that_grows_near_the_screen_bottom_moves_up_into_view(qtbot) -> None:
    from ui.screen_fit import make_room

    dialog = _wordy_dialog(qtbot, 40)
    room = QGuiApplication.primaryScreen().availableGeometry()
    dialog.move(room.right() - 450, room.bottom() - 150)
    make_room(dialog)
    frame = dialog.frameGeometry()
    assert dialog.height() > 100
    assert room.contains(frame), (frame, room)
    assert frame.left() == room.right() - 450  # moved up only, as far as it had to


TWO_SCREENS = """
import json, sys
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget
from ui.screen_fit import make_room
app = QApplication([])
window = QWidget()
window.setGeometry(100, 100, 500, 400)
window.show()
dialog = QDialog(window)
words = QLabel("A long explanation of what this step does and why. " * 40)
words.setWordWrap(True)
QVBoxLayout(dialog).addWidget(words)
dialog.resize(400, 100)
dialog.show()
app.processEvents()
dialog.move(1300, 600)  # dragged to the right-hand screen, near its bottom
app.processEvents()
make_room(dialog)
app.processEvents()
frame = dialog.frameGeometry()
print(json.dumps([frame.x(), frame.y(), frame.width(), frame.height()]))
"""


def test_a_dialog_dragged_to_another_screen_stays_there_when_it_grows(tmp_path) -> None:
    """Two screens side by side (Qt's offscreen platform, configured): a dialog the user dragged
    from its window's screen to the other grows into view on the other, not back to its window's."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    screens = tmp_path / "screens.json"
    screens.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "left", "x": 0, "y": 0, "width": 800, "height": 600},
                    {"name": "right", "x": 800, "y": 0, "width": 1024, "height": 768},
                ]
            }
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screens}")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", TWO_SCREENS],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    x, y, width, height = json.loads(done.stdout.strip().splitlines()[-1])
    assert height > 100
    assert x == 1300 and y >= 0 and y + height <= 768, (x, y, width, height)
