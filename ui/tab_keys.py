"""Ctrl+PgDown and Ctrl+Tab turn to a tab widget's next tab, Ctrl+PgUp and Ctrl+Shift+Tab to
the one before, wherever the keyboard is in it.

Qt's own keys fell short: Ctrl+PgDown turned no tab at all, and in a list to choose from or a
number field it changed the value instead (the Settings' jurisdiction became the next one, a
spin box lost ten); Ctrl+Tab did nothing in a date field. Shortcuts come before the field's own
keys. A tab widget inside another (the case's loan, in the case's tabs) turns the inner one:
the one the keyboard is in."""

from __future__ import annotations

from PySide6.QtCore import QKeyCombination, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

KEYED = "tab_keys"
CTRL = Qt.KeyboardModifier.ControlModifier
KEYS = (
    (QKeyCombination(CTRL, Qt.Key.Key_PageDown), 1),
    (QKeyCombination(CTRL, Qt.Key.Key_Tab), 1),
    (QKeyCombination(CTRL, Qt.Key.Key_PageUp), -1),
    (QKeyCombination(CTRL | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Backtab), -1),
)


def turn(tabs: QTabWidget, step: int) -> None:
    """Turn `tabs` `step` tabs on, round from the last to the first, over disabled tabs."""
    count = tabs.count()
    index = tabs.currentIndex()
    for _ in range(count):
        index = (index + step) % count
        if tabs.isTabEnabled(index) and tabs.isTabVisible(index):
            tabs.setCurrentIndex(index)
            return


def _innermost(fallback: QTabWidget) -> QTabWidget:
    """The tab widget the keyboard is in, the innermost where one holds another."""
    widget: QWidget | None = QApplication.focusWidget()
    while widget is not None:
        if isinstance(widget, QTabWidget) and widget.window() is fallback.window():
            return widget
        widget = widget.parentWidget()
    return fallback


class _Turner(QObject):
    """One key of one tab widget (a child of its shortcut, as ui/dialog_keys.py's are)."""

    def __init__(self, shortcut: QShortcut, tabs: QTabWidget, step: int) -> None:
        super().__init__(shortcut)
        self.tabs, self.step = tabs, step
        shortcut.activated.connect(self.turned)
        shortcut.activatedAmbiguously.connect(self.turned)

    def turned(self) -> None:
        turn(_innermost(self.tabs), self.step)


def give_keys(window: QWidget) -> None:
    """Every tab widget of `window` takes the keys (once each)."""
    for tabs in window.findChildren(QTabWidget):
        if tabs.property(KEYED) or tabs.count() < 2:
            continue
        tabs.setProperty(KEYED, True)
        for keys, step in KEYS:
            shortcut = QShortcut(QKeySequence(keys), tabs)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            _Turner(shortcut, tabs, step)
