"""Where the keyboard goes, for a day worked without a mouse: buttons a role lacks are hidden
without ever showing as windows of their own, a page's list takes the keys when the page comes
up, Enter on a list opens the row, the keyboard comes back to where it was after a dialog, and a
list opened from comes back on the next row."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from ui.table_model import LazyTableModel

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def only_if(widget: QWidget, allowed: bool) -> None:
    """Hide `widget` unless `allowed` (a button the user's role lacks), never showing it.

    A widget not yet in a layout has no parent: showing it makes it a window of its own for an
    instant, and that window takes the main window's activation (every shortcut dead until a
    click). Left alone, it shows with the parent it is then placed in."""
    if widget.parentWidget() is None:
        if not allowed:
            widget.hide()
        return
    widget.setVisible(allowed)


def focus_first(page: QWidget | None) -> bool:
    """Give the keyboard to the page's main list (its `table`), the page's first work; a page
    without a list may name its first stop (`first_stop()`: the dashboard's first tile)."""
    first_stop = getattr(page, "first_stop", None)
    stop = first_stop() if callable(first_stop) else None
    if isinstance(stop, QWidget) and stop.isEnabled():
        stop.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
    table = getattr(page, "table", None)
    if page is None or not isinstance(table, QAbstractItemView):
        return False
    if not table.isEnabled() or not table.isVisibleTo(page):
        return False
    table.setFocus(Qt.FocusReason.OtherFocusReason)
    return True


class _EnterOpens(QObject):
    """Enter (Return or the keypad's) on a list opens its current row, as a double-click does."""

    def __init__(self, view: QAbstractItemView, open_row: Callable[[QModelIndex], object]) -> None:
        super().__init__(view)
        self.view = view
        self.open_row = open_row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if event.key() in ENTER_KEYS and plain == Qt.KeyboardModifier.NoModifier:
                index = self.view.currentIndex()
                if index.isValid():
                    self.open_row(index)
                    return True
        return False


def open_on_enter(view: QAbstractItemView, open_row: Callable[[QModelIndex], object]) -> None:
    """Enter on `view` calls `open_row(current index)`."""
    view.installEventFilter(_EnterOpens(view, open_row))


class _EnterMovesOn(QObject):
    """Enter in a field goes to the next field instead of pressing the dialog's default button."""

    def __init__(self, field: QWidget, following: QWidget) -> None:
        super().__init__(field)
        self.field, self.following = field, following

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if event.key() in ENTER_KEYS and plain == Qt.KeyboardModifier.NoModifier:
                self.following.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False


def enter_moves_on(*fields: QWidget) -> None:
    """Enter in each of `fields` but the last moves to the next one; Enter in the last presses
    the default button as usual (Ctrl+Enter presses it from anywhere: ui/dialog_keys.py). For a
    form whose save cannot be undone, where a stray Enter after the first field must not save."""
    for field, following in zip(fields, fields[1:], strict=False):
        field.installEventFilter(_EnterMovesOn(field, following))


# --- the keyboard back after a dialog ------------------------------------------------------------


def focus_holder(near: QWidget | None = None) -> QWidget | None:
    """The widget that has the keyboard now: the application's, else (no window of the app is
    active, or the palette just closed and its activation has not moved yet) that of `near`'s
    window."""
    widget = QApplication.focusWidget()
    if (widget is None or not widget.isVisible()) and near is not None:
        widget = near.window().focusWidget() or widget
    return widget


def _locked(window: QWidget) -> bool:
    lock = getattr(window, "idle_lock", None)
    return lock is not None and bool(lock.is_locked())


def give_back(widget: QWidget | None) -> bool:
    """Give the keyboard back to `widget` (after a dialog or the palette closed) when it is still
    there to take it; never while the idle lock covers its window or another modal window is up
    (the lock's password, a dialog that opened meanwhile keep the keyboard)."""
    if widget is None or not shiboken6.isValid(widget):
        return False
    if not widget.isVisible() or not widget.isEnabled():
        return False
    window = widget.window()
    modal = QApplication.activeModalWidget()
    if (modal is not None and modal is not window) or _locked(window):
        return False
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    active = QApplication.activeWindow()
    if active is None or not active.isVisible():
        # The dialog took the activation with it, and no window manager hands it back (none
        # runs on a bare X server or offscreen): the keys would go nowhere until a click.
        window.activateWindow()
    return True


@contextmanager
def focus_returns(near: QWidget | None = None) -> Iterator[None]:
    """Run a dialog inside: the keyboard then goes back to where it was (see give_back)."""
    holder = focus_holder(near)
    try:
        yield
    finally:
        give_back(holder)


# --- a list opened from comes back on the next row -----------------------------------------------


class ComeBack:
    """A list whose rows are opened one after the other (the work queue): coming back from the
    one opened, the next one is the current row, so Enter opens it.

    The next one is the row that followed the opened one when it was opened, wherever it is now;
    if it is gone, the row after the opened one; if that is gone too (the case was closed and
    left the queue), the same position, where the rest moved up."""

    def __init__(self, view: QAbstractItemView, model: LazyTableModel) -> None:
        self.view = view
        self.model = model
        self.opened: tuple[int, int, int | None] | None = None  # id, its row, the next one's id

    def leaving_for(self, item_id: int) -> None:
        """The row holding `item_id` is being opened."""
        row = self.model.row_of(item_id)
        if row is None:
            self.opened = None
            return
        self.opened = (item_id, row, self.model.id_at(row + 1))

    def back(self) -> int | None:
        """Back on the list: make the next row current (and the selection); its number."""
        if self.opened is None:
            return None
        item_id, row, next_id = self.opened
        self.opened = None
        found = self.model.row_of(next_id) if next_id is not None else None
        if found is None:
            still = self.model.row_of(item_id)
            found = still + 1 if still is not None else row
        found = min(found, self.model.rowCount() - 1)
        if found < 0:
            return None
        index = self.model.index(found, 0)
        flags = QItemSelectionModel.SelectionFlag
        self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(index)
        return found
