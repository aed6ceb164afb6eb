"""A tab's title as ui/mnemonics.py handles a button's text: "&General", "常规(&G)"; Alt+letter
turns to the tab (Qt's QTabBar takes a title's mnemonic as the tab's shortcut)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QTabBar, QWidget


class TabTitle:
    """The title of tab `index` of `bar`, read and written as a button's text is; what
    ui/mnemonics.py keeps of it is kept on the bar, by the tab's place."""

    def __init__(self, bar: QTabBar, index: int) -> None:
        self.bar = bar
        self.index = index

    def text(self) -> str:
        return self.bar.tabText(self.index)

    def setText(self, text: str) -> None:  # noqa: N802 (as a button's)
        self.bar.setTabText(self.index, text)

    def property(self, name: str) -> Any:
        return self.bar.property(f"{name}_{self.index}")

    def setProperty(self, name: str, value: object) -> None:  # noqa: N802 (as a widget's)
        self.bar.setProperty(f"{name}_{self.index}", value)

    def place(self, window: QWidget) -> QPoint:
        """Where the tab is in `window`."""
        return self.bar.mapTo(window, self.bar.tabRect(self.index).topLeft())


def tab_titles(window: QWidget, hidden: str) -> list[TabTitle]:
    """The titles of the tab bars shown in `window` (not one whose `hidden` property is set)."""
    return [
        TabTitle(bar, i)
        for bar in window.findChildren(QTabBar)
        if bar.window() is window and bar.isVisibleTo(window) and not bar.property(hidden)
        for i in range(bar.count())
        if bar.tabText(i)
    ]
