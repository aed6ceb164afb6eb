"""The colours this workstation's window uses: as the system's (light or dark mode), or always
light, or always dark — kept on this computer (QSettings), like the window's size, since it
suits a screen and a room rather than an account.

Qt 6.8's QStyleHints.setColorScheme asks the platform for the scheme (Windows 11, macOS and the
desktop portals honour it). Where the palette does not follow (a style without a dark palette, a
platform that ignores the request), Casedesk sets a palette of its own: Windows 11's dark colours,
or Qt's Fusion light ones. "As the system" gives the platform's palette back."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.colours import is_dark
from ui.identity import APPLICATION, ORGANISATION

SYSTEM, LIGHT, DARK = "system", "light", "dark"
SCHEMES = (
    (SYSTEM, "As the system"),
    (LIGHT, "Light"),
    (DARK, "Dark"),
)
KEY = "appearance/colours"  # QSettings
_ASKED = {SYSTEM: Qt.ColorScheme.Unknown, LIGHT: Qt.ColorScheme.Light, DARK: Qt.ColorScheme.Dark}
_own: list[bool] = [False]  # whether the application's palette is one this module set

# Windows 11's dark colours, as Qt gives them under its dark mode.
DARK_COLOURS: dict[QPalette.ColorRole, str] = {  # annotated: not a table of words
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#ffffff",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#ffffff",
    QPalette.ColorRole.Button: "#3c3c3c",
    QPalette.ColorRole.ButtonText: "#ffffff",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#0078d4",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#4cc2ff",
    QPalette.ColorRole.ToolTipBase: "#2b2b2b",
    QPalette.ColorRole.ToolTipText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#a0a0a0",
    QPalette.ColorRole.Light: "#505050",
    QPalette.ColorRole.Midlight: "#404040",
    QPalette.ColorRole.Mid: "#333333",
    QPalette.ColorRole.Dark: "#1a1a1a",
    QPalette.ColorRole.Shadow: "#000000",
}
DISABLED_TEXT = "#8a8a8a"


def dark_palette() -> QPalette:
    """A dark palette for a platform or style that gives none."""
    palette = QPalette()
    for role, value in DARK_COLOURS.items():
        palette.setColor(role, QColor(value))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


def light_palette() -> QPalette:
    """A light palette for a platform or style that stays dark: Qt's Fusion colours."""
    palette = QPalette(QColor("#efefef"), QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#308cc6"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#808080"))
    return palette


def saved_scheme() -> str:
    """This workstation's choice; "system" when none was made (or the stored one is unknown)."""
    value = QSettings(ORGANISATION, APPLICATION).value(KEY, SYSTEM)
    return value if value in _ASKED else SYSTEM


def save_scheme(choice: str) -> None:
    """Keep `choice` on this computer and use it now."""
    if choice not in _ASKED:
        raise ValueError(f"unknown colour scheme: {choice}")
    QSettings(ORGANISATION, APPLICATION).setValue(KEY, choice)
    apply_scheme(choice)


def use_saved_scheme() -> None:
    """At start, before the first window: this workstation's Light or Dark, if it chose one."""
    chosen = saved_scheme()
    if chosen != SYSTEM:
        apply_scheme(chosen)


def apply_scheme(choice: str) -> None:
    """Ask the platform for `choice`, and set a palette of Casedesk's own where it does not
    follow; a palette set here before is given back to the platform first."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8 and later
        hints.setColorScheme(_ASKED.get(choice, Qt.ColorScheme.Unknown))
    if _own[0]:
        app.setPalette(QPalette())  # the platform's (and the style's) again
        _own[0] = False
    QApplication.processEvents()  # the platform's palette change, where it made one
    if choice == DARK and not is_dark():
        app.setPalette(dark_palette())
        _own[0] = True
    elif choice == LIGHT and is_dark():
        app.setPalette(light_palette())
        _own[0] = True
    QApplication.processEvents()  # the windows told of the palette (ui/colours.py restyles)
