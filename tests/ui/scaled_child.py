"""The main window in a process of its own, on the screen its environment gives it (a scaled
display: QT_SCALE_FACTOR; the test process's one QApplication keeps its scale for its life), for
tests/ui/test_scaled_display.py. It shows each page of the supervisor's window and prints one
JSON line: the screen's room and scale, the window's size, what a grab of the dashboard gave,
and the words any page cut off (tests/ui/clipping.py).

    python -m tests.ui.scaled_child DATABASE KEY DASHBOARD.png
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication


def _wait(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main(database_path: str, key: str, picture: str) -> None:
    from app.auth import authenticate
    from db.store import open_database
    from tests.ui.clipping import clipped
    from tests.ui.page_walk import each_page
    from ui.app import application
    from ui.main_window import MainWindow

    application()
    screen = QGuiApplication.primaryScreen()
    room = screen.availableGeometry()
    database = open_database(database_path, key)
    window = MainWindow(database, authenticate(database.sessions, "supervisor", "demo"))
    window.show()
    _wait(300)  # its icons and Alt+letters, set after the first paint (ui/deferred.py)
    found: list[str] = []
    grabbed = None
    for name, _page in each_page(window):
        _wait(50)
        found += [f"{name}: {words}" for words in clipped(window)]
        if name == "dashboard":
            grabbed = window.grab()
            grabbed.save(picture)
    assert grabbed is not None
    print(
        json.dumps(
            {
                "scale": screen.devicePixelRatio(),
                "room": [room.width(), room.height()],
                "window": [window.width(), window.height()],
                "grab": [grabbed.width(), grabbed.height(), grabbed.devicePixelRatio()],
                "cut": found,
            }
        )
    )
    database.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
