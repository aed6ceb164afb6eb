"""What the idle lock does with the app's other windows while it is on: a dialog left open shows a
borrower's name and phone as much as the main window does.

A non-modal window is hidden and shown again after the unlock where it was. A modal dialog cannot
be hidden: that ends its exec(), as if Cancel had been pressed, and what was typed in it is lost.
It stays open under an opaque cover, its title (a borrower's name, often) replaced while locked,
and is uncovered as it was: same input, same modality, still waiting in its exec().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QToolTip, QVBoxLayout, QWidget

from app.i18n import tr as _

# Windows that are no one's work: menus and lists that drop down, tool tips.
_TRANSIENT = frozenset(
    {
        Qt.WindowType.Popup,
        Qt.WindowType.ToolTip,
        Qt.WindowType.SplashScreen,
        Qt.WindowType.Desktop,
    }
)


def alive(widget: QWidget) -> bool:
    """False once Qt has deleted the widget (a dialog closed with WA_DeleteOnClose …)."""
    return shiboken6.isValid(widget)


def close_popups() -> None:
    """Close open menus, drop-down lists and tool tips (a menu's exec() returns nothing)."""
    for _attempt in range(20):  # a popup that refuses to close must not hold the lock
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
    QToolTip.hideText()


def is_transient(widget: QWidget) -> bool:
    return widget.windowType() in _TRANSIENT


def other_windows(ours: tuple[QWidget, ...]) -> list[QWidget]:
    """The app's visible windows other than `ours`, oldest first."""
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible()
        and not is_transient(widget)
        and all(widget is not own for own in ours)
    ]


def is_modal(widget: QWidget) -> bool:
    return widget.windowModality() != Qt.WindowModality.NonModal


class LockCover(QWidget):
    """An opaque cover over all of a modal dialog while the lock is on."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("LockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("QWidget#LockCover { background: #37474f; } QLabel { color: #eceff1; }")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        label = QLabel(_("Casedesk is locked"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.fit()
        self.show()
        self.raise_()

    def fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())


@dataclass
class Hidden:
    """A window the lock hid: where it was, and whether the program closed it meanwhile."""

    window: QWidget
    geometry: QRect
    closed: bool = False
    on_finished: Callable[[int], None] | None = None


class PutAway:
    """The windows the lock hid or covered, and how to bring each back as it was."""

    def __init__(self) -> None:
        self.hidden: list[Hidden] = []
        self.covered: list[tuple[QWidget, LockCover, str]] = []  # the window, its cover, title

    def holds(self, widget: QWidget) -> bool:
        return any(h.window is widget for h in self.hidden) or any(
            w is widget for w, _c, _t in self.covered
        )

    def put_away(self, widget: QWidget) -> None:
        if self.holds(widget):
            return
        if is_modal(widget):
            self.covered.append((widget, LockCover(widget), widget.windowTitle()))
            widget.setWindowTitle(_("Casedesk is locked"))
            return
        hidden = Hidden(widget, widget.geometry())
        if isinstance(widget, QDialog):  # done() on a hidden dialog sends no Close event

            def finished(_result: int, hidden: Hidden = hidden) -> None:
                hidden.closed = True

            hidden.on_finished = finished
            widget.finished.connect(finished)
        self.hidden.append(hidden)
        widget.hide()

    def forget(self, widget: QWidget) -> None:
        """A hidden window the program closed while locked stays closed after the unlock."""
        for hidden in self.hidden:
            if hidden.window is widget:
                hidden.closed = True

    def follow(self, widget: QWidget) -> None:
        """A covered window was resized: its cover follows."""
        for window, cover, _title in self.covered:
            if window is widget and alive(cover):
                cover.fit()

    def bring_back(self) -> None:
        """Show the hidden windows where they were, then uncover the modal ones."""
        hidden_ones, self.hidden = self.hidden, []
        for hidden in hidden_ones:
            widget = hidden.window
            if not alive(widget):
                continue
            if isinstance(widget, QDialog) and hidden.on_finished is not None:
                widget.finished.disconnect(hidden.on_finished)
            if hidden.closed:
                continue
            widget.show()
            if widget.geometry() != hidden.geometry:
                widget.setGeometry(hidden.geometry)
        covered, self.covered = self.covered, []
        for widget, cover, title in covered:
            if alive(cover):
                cover.hide()
                cover.deleteLater()
            if alive(widget):
                widget.setWindowTitle(title)
