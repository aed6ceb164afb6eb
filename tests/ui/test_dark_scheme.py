"""Casedesk in a dark colour scheme (Windows' and macOS' dark mode turn Qt's palette dark): every
page and the dialogs with meaning colours keep their words readable (WCAG AA contrast), the
charts are not white slabs, a scheme changed while the app runs re-styles what is open, and the
light look is what it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui import test_first_steps_queue
from tests.ui.cells import cell_background, cell_icon
from tests.ui.contact_override import override_asked
from tests.ui.contrast import dark_palette, palette_of, problems
from tests.ui.page_walk import each_page
from tests.ui.test_backups_dialog import dialog_for as backups_dialog
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    from ui.colours import install

    install(qapp)
    with palette_of(qapp, dark_palette()):
        yield


def test_every_page_reads_in_the_dark(qtbot, database, dark, screenshot_dir) -> None:
    from ui.colours import is_dark

    assert is_dark()
    window = window_for(qtbot, database, "supervisor")
    found: dict[str, list[str]] = {}
    for name, page in each_page(window):
        QApplication.processEvents()
        if name in ("dashboard", "visits", "training", "complaints", "compliance_log"):
            window.grab().save(str(screenshot_dir / f"dark_{name}.png"))
        if trouble := problems(page):
            found[name] = trouble
    assert not found, found
    for chart in window.dashboard.charts():
        assert chart.backgroundBrush().color().lightnessF() < 0.5, chart.objectName()


def test_the_verdict_and_backups_dialogs_read_in_the_dark(
    qtbot, database, dark, screenshot_dir
) -> None:
    contact = override_asked(qtbot, database)
    QApplication.processEvents()  # the verdict's findings shown
    assert contact.panel.lines and all(line.isVisible() for line in contact.panel.lines)
    contact.grab().save(str(screenshot_dir / "dark_verdict.png"))
    assert not problems(contact), problems(contact)

    backups = backups_dialog(qtbot, database)
    backups._say("Backed up.")  # what a finished backup says, in its colour
    backups._say("Could not back up.", error=True)
    QApplication.processEvents()
    backups.grab().save(str(screenshot_dir / "dark_backups.png"))
    assert not problems(backups), problems(backups)


new_office = test_first_steps_queue.database  # a new office, nothing imported yet


def test_the_first_steps_banner_reads_in_the_dark(qtbot, new_office, dark, screenshot_dir) -> None:
    window = window_for(qtbot, new_office, "admin")
    steps = window.queue.findChild(QLabel, "first_steps")
    assert steps is not None and steps.isVisible()
    window.grab().save(str(screenshot_dir / "dark_first_steps.png"))
    assert not problems(window.queue), problems(window.queue)


def styles(window) -> dict[str, str]:  # type: ignore[no-untyped-def]
    tile = window.dashboard.findChildren(QLabel)
    return {
        f"{n}:{label.objectName()}": label.styleSheet()
        for n, label in enumerate(tile)
        if label.styleSheet()
    }


def test_a_scheme_changed_while_open_restyles_the_page(
    qtbot, database, qapp, screenshot_dir
) -> None:
    from ui.colours import install

    install(qapp)
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.dashboard)
    window.show_page(window.training)
    QApplication.processEvents()
    light = styles(window)
    window.grab().save(str(screenshot_dir / "light_training.png"))
    light_cell = cell_background(window.training.table, 0, 2).color().name()
    assert any("#1f2d3d" in s for s in light.values())  # the tiles' figures, dark on light
    with palette_of(qapp, dark_palette()):
        dark = styles(window)
        assert dark.keys() == light.keys() and dark != light
        assert not any("#1f2d3d" in s for s in dark.values())
        assert cell_background(window.training.table, 0, 2).color().name() != light_cell
        assert not problems(window.dashboard), problems(window.dashboard)
        assert not problems(window.training), problems(window.training)
        # Painted, not only its palette: a style sheet's widget kept the light one it was
        # polished with (the side bar stayed white).
        shot = window.sidebar.grab().toImage()
        assert shot.pixelColor(5, shot.height() - 5).lightnessF() < 0.5
        window.grab().save(str(screenshot_dir / "switched_dark_training.png"))
        chart = window.dashboard.aging
        assert chart.backgroundBrush().color().lightnessF() < 0.5
    assert styles(window) == light
    assert cell_background(window.training.table, 0, 2).color().name() == light_cell
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightnessF() > 0.5


def test_the_light_look_is_unchanged() -> None:
    """The roles' light style sheets are the ones the pages set before there were roles."""
    from ui.colours import colour, style

    before = {
        "error": "color: #b00020;",
        "ok": "color: #1b5e20;",
        "error_bold": "color: #b00020; font-weight: bold;",
        "ok_pass_bold": "color: #1b6e2a; font-weight: bold;",
        "note_bold": "QLabel { color: #8a5a00; font-weight: bold; }",
        "muted_555": "color: #555;",
        "figure": "color: #1f2d3d;",
        "warning_banner": (
            "QLabel { background: #fff1c2; color: #5c4300; border: 1px solid #e0c060;"
            " border-radius: 4px; padding: 6px 10px; }"
        ),
        "info_banner": (
            "background: #e8f1fb; border: 1px solid #4a7fb5; border-radius: 3px;"
            " padding: 6px 10px; color: #183a5e;"
        ),
        "tile": (
            "QFrame#tile { background: palette(base); border: 1px solid #d0d4da;"
            " border-radius: 6px; } QFrame#tile:hover, QFrame#tile:focus"
            " { border: 1px solid #1f6fb5; }"
        ),
        "step_other": "color: #888888; padding: 2px 10px;",
        "badge_needs_override": (
            "background: #ef6c00; color: #ffffff; font-weight: bold; padding: 6px 8px;"
            " border-radius: 3px;"
        ),
    }
    for role, sheet in before.items():
        assert style(role, dark=False) == sheet, role
        assert style(role, dark=True) != sheet, role
    assert colour("lapsed_fill", dark=False).getRgb()[:3] == (248, 208, 208)
    assert colour("booked_fill", dark=False).name() == "#e3f0fb"


def _icon_lightness(window) -> float:
    """The lightest opaque pixel of the side bar's first icon (its glyph's colour)."""
    image = cell_icon(window.sidebar, 0, 0).pixmap(24, 24).toImage()
    seen = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alphaF() > 0.9
    ]
    assert seen, "the icon drew nothing"
    return max(c.lightnessF() for c in seen)


def test_the_icons_follow_the_scheme(qtbot, database, qapp) -> None:
    """The side bar's, menus' and buttons' icons were drawn #37474f once at start: dim grey on a
    dark window. They are drawn again in the scheme's icon colour when it changes."""
    from ui.colours import install

    install(qapp)
    window = window_for(qtbot, database, "supervisor")
    window.command_actions.apply_icons()
    assert _icon_lightness(window) < 0.4
    with palette_of(qapp, dark_palette()):
        assert _icon_lightness(window) > 0.7
    assert _icon_lightness(window) < 0.4
