"""Help ▸ Keyboard shortcuts: every shortcut of the window's actions (ui/actions.py's registry:
the commands and Ctrl+1…9 for the side-bar pages), with the keys named as the system names them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr as _
from ui.actions import MENUS, plain
from ui.header_items import set_headers
from ui.screen_fit import fit_on_screen
from ui.std_buttons import button_box

if TYPE_CHECKING:
    from ui.actions import Actions

HEADERS = ("Menu", "Command", "Shortcut")
NATIVE = QKeySequence.SequenceFormat.NativeText


def menu_name(title: str) -> str:
    """A menu's title without its mnemonic, whether "&File" or "文件(&F)"."""
    return plain(re.sub(r"\(&\w\)$", "", title))


def shortcut_rows(actions: Actions) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action with a shortcut, menu by menu in the menu bar's
    order: the pages under Go (Ctrl+1…9), the commands as the registry declares them."""
    order = [key for key, _title in MENUS]
    found = [("go", a) for a in actions.pages]
    found += [(k.value.menu, a) for k, a in actions.by_id.items() if k.value.page is None]
    found.sort(key=lambda pair: order.index(pair[0]))  # stable: declared order within a menu
    menus = {key: menu_name(_(title)) for key, title in MENUS}
    return [
        (menus[menu], plain(action.text()), action.shortcut().toString(NATIVE))
        for menu, action in found
        if not action.shortcut().isEmpty()
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.rows = shortcut_rows(actions)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(self.rows), len(HEADERS))
        self.table.setTabKeyNavigation(False)  # the arrows move in it; Tab leaves it
        set_headers(self.table, [_(h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, values in enumerate(self.rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = button_box(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_on_screen(self, 560, 700)

    def keys(self) -> dict[str, str]:
        """Command → keys, as shown."""
        return {command: keys for _menu, command, keys in self.rows}
