"""Casedesk on a scaled display (Windows' Settings ▸ Display ▸ Scale, a Mac's 2×): Qt works in
logical pixels, so a 1920×1080 laptop panel at 150 % is a 1280×720 screen, less its taskbar
(48 pixels), at the usual text size. Every dialog (tests/ui/tab_dialogs.py), the first-run
wizard, the lock and every page of each role's main window fit that room with nothing cut
(tests/ui/clipping.py), and at a fractional 125 % the window draws at the display's full
resolution with nothing cut either (a process of its own: tests/ui/scaled_child.py).

All fitted and nothing was cut when first looked at (at 125 %, 150 % and 200 %, in English and
Chinese): these tests keep it so. Large text on top of the scale is not judged here
(tests/ui/test_big_text.py judges it against 1366×768)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import TEST_KEY
from tests.ui.clipping import FRAME, LAPTOP, clipped, shown_widgets, window_too_big
from tests.ui.office import shared_office
from tests.ui.page_walk import each_page
from tests.ui.tab_dialogs import DIALOGS
from tests.ui.test_keyboard_names import shown
from tests.ui.test_queue import window_for

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def office(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A copy of the demo office, its queue rebuilt, shared by the module's tests (read only)."""
    yield from shared_office(demo_template, tmp_path_factory.mktemp("scaled"))


def settled() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _judged(window: QWidget, name: str) -> list[str]:
    settled()
    assert shown_widgets(window), name  # it was shown and looked into
    return [f"{name}: {p}" for p in window_too_big(window, LAPTOP) + clipped(window)]


def test_every_dialog_and_the_wizard_fit_a_150_percent_laptop(qtbot, office, tmp_path) -> None:
    from ui.wizard import SetupWizard

    found: list[str] = []
    for name, factory in DIALOGS.items():
        dialog = shown(qtbot, factory(office, tmp_path))
        found += _judged(dialog, name)
        dialog.close()
    wizard = SetupWizard(tmp_path / "first.db")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.office.name.setText("Scaled office")
    found += _judged(wizard, "wizard, office page")
    wizard.next()
    wizard.admin.password.setText("Correct horse 9 battery")
    wizard.admin.repeat.setText("Correct horse 9 battery")
    found += _judged(wizard, "wizard, admin page")
    wizard.next()
    assert wizard.currentPage() is wizard.key_page
    found += _judged(wizard, "wizard, recovery key page")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("username", ["agent01", "supervisor", "admin"])
def test_every_page_and_the_lock_fit_a_150_percent_laptop(qtbot, office, username) -> None:
    window = window_for(qtbot, office, username)
    window.resize(LAPTOP - FRAME)
    qtbot.wait(300)  # its icons and letters, set after the first paint (ui/deferred.py)
    found: list[str] = []
    for name, _page in each_page(window):
        found += _judged(window, name)
    assert window.size() == LAPTOP - FRAME  # no page pushed the window wider or taller
    window.idle_lock.lock()
    found += _judged(window, "locked")
    assert not found, "\n".join(found)


def test_at_125_percent_the_window_draws_at_full_resolution_with_nothing_cut(
    demo_path: Path, tmp_path: Path
) -> None:
    """A 1920×1008 panel (a 1080 one less its taskbar) at 125 %, told as Windows tells Qt: a
    logical 120 dots per inch. Qt makes it a 1536×806 logical screen with a device pixel ratio
    of 1.25 (fractional, not rounded to 1). The window fits the logical room, a grab of it holds
    1.25 device pixels for each logical one (nothing drawn at 1× and stretched), and no page
    cuts a word."""
    screen = {"name": "laptop", "width": 1920, "height": 1008, "logicalDpi": 120, "dpr": 1}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}))
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        CASEDESK_HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    for name in ("QT_SCALE_FACTOR", "QT_SCALE_FACTOR_ROUNDING_POLICY", "QT_SCREEN_SCALE_FACTORS"):
        environment.pop(name, None)
    picture = tmp_path / "dashboard.png"
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.scaled_child", str(demo_path), TEST_KEY, str(picture)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["scale"] == 1.25
    assert said["room"] == [1536, 806]
    width, height = said["window"]
    assert width <= 1536 - FRAME.width() and height <= 806 - FRAME.height()
    assert said["grab"] == [round(width * 1.25), round(height * 1.25), 1.25]
    assert said["cut"] == []
    assert picture.stat().st_size > 10_000  # a picture of the dashboard, to look at
