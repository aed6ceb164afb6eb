"""The command palette (Ctrl+K): a filter box over every action; Enter runs the chosen one.

Words match the translated title or the English one, in any order ("pay post" finds "Post
payment…"); the shortcut is shown beside each title.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr as _
from ui.actions import plain
from ui.focus import focus_holder, give_back
from ui.screen_fit import fit_on_screen

ACTION_ROLE = Qt.ItemDataRole.UserRole


def matches(action: QAction, words: Sequence[str]) -> bool:
    haystack = f"{plain(action.text())} {plain(str(action.data() or ''))}".lower()
    return all(word in haystack for word in words)


class CommandPalette(QDialog):
    """A small non-modal window: type to filter, Up/Down to choose, Enter to run, Esc to close."""

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CommandPalette")
        self.setWindowTitle(_("Command palette"))
        self.actions_ = list(actions)
        self.returns_to: QWidget | None = None  # what had the keyboard before it opened
        self.filter = QLineEdit()
        self.filter.setObjectName("palette_filter")
        self.filter.setPlaceholderText(_("Type a command or a page…"))
        self.filter.textChanged.connect(self.refilter)
        self.filter.installEventFilter(self)
        self.list = QListWidget()
        self.list.setObjectName("palette_list")
        self.list.itemActivated.connect(self._run_item)
        self.empty = QLabel(_("No command matches."))
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        fit_on_screen(self, 520, 420)
        self.refilter("")

    def open(self) -> None:
        """Show the palette empty, centred over the parent, the filter focused."""
        if not self.isVisible():
            self.returns_to = focus_holder(self.parentWidget())
        self.filter.clear()
        self.refilter("")
        parent = self.parentWidget()
        if parent is not None:
            centre = parent.geometry().center()
            self.move(centre.x() - self.width() // 2, parent.geometry().top() + 80)
        self.show()
        self.raise_()
        self.activateWindow()
        self.filter.setFocus()

    def refilter(self, text: str) -> None:
        """List the matching actions; one greyed out for a reason (ui/case_menu.py) is listed
        greyed, its reason as its tip and, when nothing else matches, under the list."""
        words = text.lower().split()
        self.list.clear()
        first: int | None = None
        reasons: list[str] = []
        for action in self.actions_:
            if not action.isVisible() or not matches(action, words):
                continue
            why = "" if action.isEnabled() else action.statusTip()
            if not action.isEnabled() and not why:
                continue
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            label = plain(action.text()) + (f"    {shortcut}" if shortcut else "")
            item = QListWidgetItem(action.icon(), label, self.list)
            item.setData(ACTION_ROLE, self.actions_.index(action))
            if why:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(why)
                reasons.append(why)
            elif first is None:
                first = self.list.count() - 1
        self.empty.setText(reasons[0] if first is None and reasons else _("No command matches."))
        self.empty.setVisible(first is None)
        if first is not None:
            self.list.setCurrentRow(first)

    def shown_titles(self) -> list[str]:
        """The titles listed that can be run (not greyed out)."""
        return [
            plain(self.actions_[item.data(ACTION_ROLE)].text())
            for item in (self.list.item(i) for i in range(self.list.count()))
            if item.flags() & Qt.ItemFlag.ItemIsEnabled
        ]

    def greyed_titles(self) -> dict[str, str]:
        """The titles listed greyed out, each with its reason."""
        return {
            plain(self.actions_[item.data(ACTION_ROLE)].text()): item.toolTip()
            for item in (self.list.item(i) for i in range(self.list.count()))
            if not item.flags() & Qt.ItemFlag.ItemIsEnabled
        }

    def run_current(self) -> bool:
        """Run the chosen action (after closing the palette); False when nothing matches."""
        item = self.list.currentItem()
        if item is None:
            return False
        self._run_item(item)
        return True

    def _run_item(self, item: QListWidgetItem) -> None:
        action = self.actions_[item.data(ACTION_ROLE)]
        if not action.isEnabled():  # greyed out: its reason is its tip
            return
        self.accept()  # done(): the keyboard goes back, then the command runs
        action.trigger()

    def done(self, result: int) -> None:
        """Closed (Esc, or a command chosen): the keyboard goes back to where it was. Not on any
        hide: the idle lock hides the palette too, and the lock keeps the keyboard."""
        super().done(result)
        give_back(self.returns_to)
        self.returns_to = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.run_current()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
            if key == Qt.Key.Key_Escape:
                self.reject()
                return True
        return super().eventFilter(watched, event)
