"""The window-wide walks (ui/tab_order.py, ui/mnemonics.py, ui/accessible.py) never delete a
widget: PySide makes the wrapper of a widget a method returns the child of the wrapper it was
asked of, so a walk that asks a scroll area's viewport for its focus proxy (the scroll area) or
walks nextInFocusChain through it can tie the two wrappers in a cycle; the garbage collector
then clears the cycle and hands the scroll area back to Python, which deletes it (the case
page's summary pane vanished so)."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import tab_order
from ui.accessible import describe
from ui.mnemonics import refresh

pytestmark = pytest.mark.gui


def _dialog(qtbot) -> QDialog:  # type: ignore[no-untyped-def]
    """A dialog whose summary pane, a scroll area, is held by nothing in Python but its layout
    (as the case page's is): a label and a field in it, a tab widget and a spin box beside."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    column = QVBoxLayout(dialog)
    inner = QWidget()
    rows = QVBoxLayout(inner)
    label = QLabel("Name:")
    field = QLineEdit()
    label.setBuddy(field)
    rows.addWidget(label)
    rows.addWidget(field)
    pane = QScrollArea()
    pane.setWidgetResizable(True)
    pane.setWidget(inner)
    pane.viewport()  # page code reads it (a width, a colour): PySide ties its wrapper to the pane's
    tabs = QTabWidget()
    tabs.addTab(QSpinBox(), "Count")
    column.addWidget(pane)
    column.addWidget(tabs)
    column.addWidget(QPushButton("Save"))
    return dialog


def _shown_watched(qtbot) -> tuple[QDialog, list[str]]:  # type: ignore[no-untyped-def]
    """The dialog shown, and a list that says "pane" once its scroll area is deleted."""
    dialog = _dialog(qtbot)
    gone: list[str] = []
    dialog.findChild(QScrollArea).destroyed.connect(lambda *_: gone.append("pane"))
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, gone


def test_the_walks_leave_a_pane_held_only_by_its_layout_alive(qtbot) -> None:
    dialog, gone = _shown_watched(qtbot)
    for _ in range(3):  # as on each focus change
        tab_order.arrange(dialog, QApplication.focusWidget())
        tab_order.first_input(dialog)
        refresh(dialog)
        describe(dialog)
    gc.collect()
    QApplication.processEvents()
    assert not gone
    assert dialog.findChild(QScrollArea) is not None
    assert dialog.findChild(QLineEdit) is not None


def test_reading_order_asks_no_viewport_for_its_scroll_area(qtbot) -> None:
    """The viewport names its scroll area as focus proxy: asking it is what closes the cycle."""
    dialog, gone = _shown_watched(qtbot)
    tab_order.reading_order(dialog)
    gc.collect()
    assert not gone


def _chain_pick(window: QWidget) -> QWidget | None:
    """Qt's own first pick, walked with nextInFocusChain (here only: the dialog is thrown away)."""
    widget = window.nextInFocusChain()
    while widget is not window:
        if tab_order._stop(widget) and widget.isVisible() and widget.isEnabled():
            return widget
        widget = widget.nextInFocusChain()
    return None


def test_the_first_pick_is_the_one_qt_makes(qtbot) -> None:
    """Read from children(), the first pick is Qt's: a button made first but placed last is
    Qt's pick (a tab bar, a button made first stays so), a field in a holder made later is not."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    first = QPushButton("Made first", dialog)
    holder = QWidget()
    QVBoxLayout(holder).addWidget(QLineEdit())
    column = QVBoxLayout(dialog)
    column.addWidget(QLabel("Title"))
    column.addWidget(holder)
    column.addWidget(first)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert tab_order._qt_pick(dialog) is first
    assert _chain_pick(dialog) is first
