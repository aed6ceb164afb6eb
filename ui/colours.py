"""The application's meaning colours, each a light and a dark value, and the style roles built
from them.

Qt follows the system's colour scheme (Windows' and macOS' dark mode turn the palette dark), so a
colour made for a white window is unreadable in a dark one. Whether the scheme is dark is read
from the palette itself (the window colour's lightness), which holds on every platform and in
tests. The light values are the ones the app always had; the dark ones keep WCAG AA contrast
(4.5:1) against a dark window. Colours read at paint or `data()` time (`colour()`) follow the
palette by themselves; a style sheet is set once, so a widget styled through `set_role` carries its
role as a property and `install` re-styles every such widget when the palette changes.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ROLE_PROPERTY = "colour_role"
HOOKS_PROPERTY = "colour_hooks"  # what to call when the scheme changes (on_scheme_change)

# name → (light, dark)
COLOURS: dict[str, tuple[str, str]] = {
    # text that means something
    "error": ("#b00020", "#ff8a80"),
    "error_strong": ("#a00014", "#ff8a80"),
    "paused": ("#b71c1c", "#ff8a80"),
    "ok": ("#1b5e20", "#81c784"),
    "ok_pass": ("#1b6e2a", "#81c784"),
    "ok_done": ("#2e7d32", "#81c784"),
    "note": ("#8a5a00", "#ffcc66"),
    "fail": ("#9a4a00", "#ffb74d"),
    "soon": ("#b26a00", "#ffb74d"),
    "needs_override": ("#6a1b9a", "#ce93d8"),
    "accent": ("#1a4e8a", "#90caf9"),
    "focus": ("#1f6fb5", "#64b5f6"),
    "figure": ("#1f2d3d", "#e8edf3"),
    # secondary text, in the shades the pages had
    "muted": ("#666666", "#b0b0b0"),
    "muted_555": ("#555", "#b8b8b8"),
    "muted_444": ("#444444", "#c8c8c8"),
    "muted_777": ("#777777", "#a8a8a8"),
    "muted_888": ("#888888", "#a0a0a0"),
    "muted_blue": ("#5f6b7a", "#aab4c0"),
    "tile_title": ("#4a5563", "#c0c8d2"),
    "tile_detail": ("#6b7380", "#aab2bc"),
    "tile_border": ("#d0d4da", "#4a5058"),
    # banners: background, border, text
    "warning_back": ("#fff1c2", "#4a3b10"),
    "warning_border": ("#e0c060", "#8a7020"),
    "warning_text": ("#5c4300", "#ffe9a8"),
    "info_back": ("#e8f1fb", "#1d3147"),
    "info_border": ("#4a7fb5", "#4a7fb5"),
    "info_text": ("#183a5e", "#d6e6f7"),
    "note_back": ("#eef3fb", "#1d3147"),
    "note_border": ("#b8c9e6", "#4a6a90"),
    "note_text": ("#1f3a60", "#d6e6f7"),
    "ok_back": ("#eef5ee", "#1e3a22"),
    "ok_border": ("#bcd9bf", "#4c7a50"),
    "ok_text": ("#1b5e20", "#c8e6c9"),
    "alert_back": ("#fdecea", "#4a1f1f"),
    "alert_border": ("#c62828", "#e57373"),
    "lapsed_back": ("#fff4e5", "#4a2e10"),
    "lapsed_border": ("#e65100", "#e65100"),
    "lapsed_text": ("#8a3b00", "#ffd0a0"),
    "key_back": ("#fffbe6", "#3f3514"),
    # fills of status cells (visits calendar, training grid) and their text
    "booked_fill": ("#e3f0fb", "#1e3a5f"),
    "in_progress_fill": ("#fff1c2", "#4a3b10"),
    "completed_fill": ("#d9f2dd", "#1e3a22"),
    "no_show_fill": ("#eeeeee", "#3a3a3a"),
    "alert_fill": ("#fdecea", "#4a1f1f"),
    # a booked visit waiting for a supervisor's approval: the override purple's family
    "awaiting_fill": ("#f3e5f5", "#3d2350"),
    "today_fill": ("#dbe9fb", "#1e3a5f"),
    "today_text": ("#0d47a1", "#e3f2fd"),
    "valid_fill": ("#d9f2dd", "#1e3a22"),
    "valid_text": ("#1b5e20", "#a5d6a7"),
    "expiring_fill": ("#fff1c2", "#4a3b10"),
    "expiring_text": ("#7a5400", "#ffe08a"),
    "lapsed_fill": ("#f8d0d0", "#4a1f1f"),
    "lapsed_cell_text": ("#a00014", "#ffabab"),
    "missing_fill": ("#e6e6e6", "#3a3a3a"),
    "missing_text": ("#464646", "#d0d0d0"),
    # the override dialog's verdict badge: background, text (a badge of its own, both schemes)
    "allowed_back": ("#2e7d32", "#2e7d32"),
    "allowed_text": ("#ffffff", "#ffffff"),
    "warning_badge_back": ("#ffc107", "#ffc107"),
    "warning_badge_text": ("#222222", "#222222"),
    "needs_override_back": ("#ef6c00", "#a84300"),
    "needs_override_text": ("#ffffff", "#ffffff"),
    "blocked_back": ("#c62828", "#c62828"),
    "blocked_text": ("#ffffff", "#ffffff"),
    "no_verdict_back": ("#e0e0e0", "#4a4a4a"),
    "no_verdict_text": ("#222222", "#eeeeee"),
    # icons (side bar, menus, buttons)
    "icon": ("#37474f", "#cfd8dc"),
    # charts
    "chart_text": ("#333333", "#dddddd"),
    "chart_last_month": ("#9a9a9a", "#8a8a8a"),
}

BANNER_END = " border-radius: 4px; padding: 6px 10px; }"
# role → style sheet, with {colour} names from COLOURS
ROLES: dict[str, str] = {
    "error": "color: {error};",
    "error_bold": "color: {error}; font-weight: bold;",
    "error_strong": "color: {error_strong}; font-weight: bold;",
    "paused": "color: {paused}; font-weight: bold;",
    "ok": "color: {ok};",
    "ok_pass": "color: {ok_pass};",
    "ok_pass_bold": "color: {ok_pass}; font-weight: bold;",
    "ok_done": "color: {ok_done};",
    "note": "color: {note};",
    "note_bold": "QLabel { color: {note}; font-weight: bold; }",
    "fail_bold": "color: {fail}; font-weight: bold;",
    "soon": "color: {soon};",
    "muted": "color: {muted};",
    "muted_555": "color: {muted_555};",
    "muted_444": "color: {muted_444};",
    "muted_blue": "color: {muted_blue};",
    "figure": "color: {figure};",
    "tile_title": "color: {tile_title};",
    "tile_detail": "color: {tile_detail};",
    "tile": (
        "QFrame#tile { background: palette(base); border: 1px solid {tile_border};"
        " border-radius: 6px; }"
        " QFrame#tile:hover, QFrame#tile:focus { border: 1px solid {focus}; }"
    ),
    "step_now": "font-weight: bold; color: {accent}; padding: 2px 10px;",
    "step_other": "color: {muted_888}; padding: 2px 10px;",
    "warning_banner": (
        "QLabel { background: {warning_back}; color: {warning_text};"
        " border: 1px solid {warning_border};" + BANNER_END
    ),
    "info_banner": (
        "background: {info_back}; border: 1px solid {info_border}; border-radius: 3px;"
        " padding: 6px 10px; color: {info_text};"
    ),
    "note_banner": (
        "QLabel { background: {note_back}; color: {note_text}; border: 1px solid {note_border};"
        + BANNER_END
    ),
    "ok_banner": (
        "QLabel { background: {ok_back}; color: {ok_text}; border: 1px solid {ok_border};"
        + BANNER_END
    ),
    "lapsed_banner": (
        "background: {lapsed_back}; border: 1px solid {lapsed_border}; border-radius: 3px;"
        " padding: 4px 8px; color: {lapsed_text};"
    ),
    "alert_frame": (
        "QFrame#alerts { background: {alert_back}; border: 1px solid {alert_border};"
        " border-radius: 3px; }"
    ),
    **{
        f"badge_{kind}": (
            f"background: {{{kind}_back}}; color: {{{kind}_text}}; font-weight: bold;"
            " padding: 6px 8px; border-radius: 3px;"
        )
        for kind in ("allowed", "warning_badge", "needs_override", "blocked", "no_verdict")
    },
    "key_box": (
        "QLabel { background: {key_back}; border: 1px solid {warning_border}; padding: 10px; }"
    ),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window colour is dark: the scheme the widgets actually get."""
    if palette is None:
        palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def hex_of(name: str, dark: bool | None = None) -> str:
    """The colour `name` as "#rrggbb" text, for the palette now (or the scheme asked)."""
    light, dark_value = COLOURS[name]
    return dark_value if (is_dark() if dark is None else dark) else light


def colour(name: str, dark: bool | None = None) -> QColor:
    return QColor(hex_of(name, dark))


def style(role: str, dark: bool | None = None) -> str:
    """The style sheet of `role` for the palette now (or the scheme asked)."""
    return _style(role, is_dark() if dark is None else dark)


@cache
def _style(role: str, dark: bool) -> str:
    template = ROLES[role]
    for name in sorted(COLOURS, key=len, reverse=True):  # "error_strong" before "error"
        template = template.replace("{" + name + "}", hex_of(name, dark))
    return template


def set_role(widget: QWidget, role: str | None) -> None:
    """Style `widget` as `role` (None: no style) now and whenever the scheme changes."""
    widget.setProperty(ROLE_PROPERTY, role or "")
    widget.setStyleSheet(style(role) if role else "")


def on_scheme_change(widget: QWidget, method: str) -> None:
    """Call `widget`'s `method` (a dotted path from it: "command_actions.apply_icons") whenever
    the palette changes, while `widget` lives (charts, rich text). By name, never a callable
    kept on the widget: a bound method or closure holding the widget made a cycle only the
    garbage collector freed, which deleted a chart without a parent in the middle of its own
    close() (a crash)."""
    hooks = widget.property(HOOKS_PROPERTY) or []
    widget.setProperty(HOOKS_PROPERTY, [*hooks, method])


def _call(widget: QWidget, method: str) -> None:
    target: object = widget
    for name in method.split("."):
        target = getattr(target, name)
    target()  # type: ignore[operator]


def restyle_all() -> None:
    """Re-apply every role's style sheet and hook for the palette now."""
    for widget in QApplication.allWidgets():
        role = widget.property(ROLE_PROPERTY)
        if role:
            widget.setStyleSheet(style(role))
        elif sheet := widget.styleSheet():
            # Any style sheet fixes the palette it was polished with (the side bar's stayed
            # white in a dark window): set again, it takes the new palette.
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
        for method in widget.property(HOOKS_PROPERTY) or ():
            _call(widget, method)


_WATCHES: list[QWidget] = []


class SchemeWatch(QWidget):
    """Restyles the roles when the application's palette changes (the system's dark mode turned
    on or off while Casedesk runs). A window never shown: Qt tells every window of a palette
    change, so no filter sees every event of the application to catch it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("SchemeWatch")

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            restyle_all()
        return super().event(event)


def install(app: QApplication) -> None:
    """Once per application: follow palette changes (idempotent), and take this workstation's
    chosen scheme (ui/scheme_choice.py). The palette is what changes when the system's scheme
    does (QStyleHints.colorSchemeChanged comes before it, when the palette may still be the old
    one), so its change is the one followed."""
    from ui.scheme_choice import use_saved_scheme  # it reads this module

    if app.property("scheme_watch_installed"):
        return
    app.setProperty("scheme_watch_installed", True)
    _WATCHES.append(SchemeWatch())  # kept while the application lives
    use_saved_scheme()
