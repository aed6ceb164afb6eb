"""Tab goes through every window in reading order, and a dialog opens in its first input.

Qt's Tab order is the order widgets were created, which in many forms is not the order they are
shown (a field added to a row later, an Export button made before the search box beside it, a
status bar's buttons made before the pages). So, each time the keyboard moves in one of
Casedesk's windows and each time one of its stacks turns a page (a side-bar page, a tab), the
window's shown tab stops are chained by their place: the window's parts from top to bottom and,
within a row, from left to right, each part's own stops in the same order within it (a column
beside a column is read down before the next), a dialog's button box last among its neighbours.
Hidden widgets keep their place until they are shown.

The first time the keyboard enters a dialog on its own (Qt gives it to the first widget made), it
goes to the dialog's first input in that order: not a tab bar, a button, nor a read-only summary;
or to the field its code named with `opens_here` (the first field that needs input, where one
above it may be left as it is). A field the code gave the keyboard to before the dialog showed
(the one with no default: ui/dialogs/contact.py) is kept, unless it is the first widget made,
which cannot be told from Qt's choice.

Led by QApplication.focusChanged, as ui/mnemonics.py is (ui/accessible.py says why)."""

from __future__ import annotations

import logging
from itertools import pairwise

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from ui.accessible import takes_keys
from ui.focus_hooks import follow_focus
from ui.mnemonics import managed, watch_stacks
from ui.tab_keys import give_keys

INSTALLED = "tab_order"
OPENED = "tab_order_opened"  # the keyboard entered this window before
OPENS = "tab_order_opens_here"  # the field a dialog opens in, where its code says so
WATCHED = "tab_order_watched"
SLACK = 3  # pixels a row's fields may reach into the next row (a combo box beside a line edit)
log = logging.getLogger(__name__)
# Whole inputs: Tab stops on them, not on their parts (a spin box's line edit, a list's editor).
WHOLE = (QAbstractSpinBox, QComboBox, QAbstractItemView, QTextEdit, QPlainTextEdit)


def _stop(widget: QWidget) -> bool:
    """Tab stops on `widget`, or on its own part that takes its keys (a tab widget's bar: the
    tab widget is chained, so that Qt moves the two together).

    The focus proxy is asked only of a widget that takes keys: a scroll area's viewport names
    its scroll area, and PySide makes a returned widget's wrapper the child of the asker's
    (see chain()), which for a widget's own ancestor makes a cycle of wrappers."""
    if not takes_keys(widget):
        return False
    proxy = widget.focusProxy()
    return proxy is None or widget.isAncestorOf(proxy)


def _rows(children: list[QWidget]) -> list[QWidget]:
    """`children` (of one holder) in reading order: rows from the top, each from the left; a button
    box after the rest."""
    ordered: list[QWidget] = []
    row: list[QWidget] = []
    bottom = 0
    for child in sorted(children, key=lambda w: (w.geometry().top(), w.geometry().left())):
        place = child.geometry()
        if row and place.top() >= bottom - SLACK:
            ordered += sorted(row, key=lambda w: w.geometry().left())
            row = []
        bottom = place.bottom() if not row else min(bottom, place.bottom())
        row.append(child)
    ordered += sorted(row, key=lambda w: w.geometry().left())
    boxes = [w for w in ordered if isinstance(w, QDialogButtonBox)]
    return [w for w in ordered if w not in boxes] + boxes


def reading_order(holder: QWidget) -> list[QWidget]:
    """The tab stops shown in `holder` (itself not included), in reading order."""
    children = [
        child
        for child in holder.children()
        if isinstance(child, QWidget) and not child.isWindow() and not child.isHidden()
    ]
    stops: list[QWidget] = []
    for child in _rows(children):
        if _stop(child):
            stops.append(child)
        if not isinstance(child, WHOLE):
            stops += reading_order(child)
    return stops


def chain(stops: list[QWidget]) -> None:
    """Tab goes through `stops` in this order (what is not among them keeps its place).

    Qt skips a pair already in order itself. Never asked first with nextInFocusChain (nor is
    the chain walked with it anywhere): PySide makes the wrapper of a widget a method returns
    the child of the wrapper it was asked of (its "return value heuristic"), so
    `pane.nextInFocusChain()` made the viewport's wrapper the scroll area's child, and the
    viewport's focusProxy() made the scroll area's the viewport's: a cycle held by nothing
    else. The garbage collector clears such a cycle, and clearing a wrapper hands ownership of
    its widget back to Python, which deletes it: the case page's summary pane vanished in about
    half the runs of tests/ui/test_layout_timeline.py (half: the order in which the cycle is
    cleared decides). tests/ui/test_tab_order_wrappers.py shows it."""
    for first, second in pairwise(stops):
        QWidget.setTabOrder(first, second)


def is_input(widget: QWidget) -> bool:
    """A field to type or choose in: not a tab bar, a button, nor a read-only summary."""
    proxy = widget.focusProxy()
    while proxy is not None:  # a tab widget: its bar
        widget, proxy = proxy, proxy.focusProxy()
    if isinstance(widget, QTabBar) or (
        isinstance(widget, QAbstractButton) and not widget.isCheckable()
    ):
        return False
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return True  # a choice, a list to choose from, a page to scroll (a PDF's)


def opens_here(widget: QWidget) -> None:
    """Its dialog opens with the keyboard in `widget`, not in the first input: the first that
    needs input (step 1's first check, below the place of the visit, which may be left)."""
    widget.setProperty(OPENS, True)


def first_input(window: QWidget) -> QWidget | None:
    """The field `window` opens in: the one its code named (opens_here), else its first enabled
    input in reading order."""
    stops = [w for w in reading_order(window) if w.isEnabled()]
    named = [w for w in stops if w.property(OPENS)]
    return next(iter(named), None) or next((w for w in stops if is_input(w)), None)


def _qt_pick(holder: QWidget) -> QWidget | None:
    """The widget Qt gives the keyboard to in a window nobody chose one in: the first in its
    focus chain that takes Tab. Qt's chain is the order widgets came into the window; read
    here from children() (each holder's parts after it), which re-parents no wrapper, not by
    walking nextInFocusChain (see chain()). The two differ only where a field was put into a
    holder after a later sibling came in; then the dialog keeps Qt's choice."""
    for child in holder.children():
        if not isinstance(child, QWidget) or child.isWindow() or child.isHidden():
            continue
        if _stop(child) and child.isVisible() and child.isEnabled():
            return child
        inner = _qt_pick(child)
        if inner is not None:
            return inner
    return None


class _TabWatch(QObject):
    """A window's stacks' page turns chain the page shown (see ui/mnemonics.py's _Watch; not the
    same name: findChild finds a Python class by its name)."""

    def turned(self, _index: int = 0) -> None:
        window = self.parent()
        if isinstance(window, QWidget):
            chain(reading_order(window))


def arrange(window: QWidget, focused: QWidget | None = None) -> None:
    """Chain `window`'s stops in reading order; the first time the keyboard enters a dialog on
    its own (`focused` is where Qt put it), it goes on to the first input."""
    first_time = not window.property(OPENED)
    window.setProperty(OPENED, True)
    picked = False
    if first_time and focused is not None and isinstance(window, QDialog):
        pick = _qt_pick(window)
        picked = pick is not None and (focused is pick or pick.isAncestorOf(focused))
    watch_stacks(window, _TabWatch, WATCHED)
    give_keys(window)  # Ctrl+PgDown, Ctrl+Tab turn its tabs (ui/tab_keys.py)
    stops = reading_order(window)
    chain(stops)
    if picked and isinstance(window, QDialog):
        target = first_input(window)
        if target is not None and target is not focused:
            target.setFocus(Qt.FocusReason.TabFocusReason)


class _OnFocus(QObject):
    def entered(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        window = new.window()
        if isinstance(window, QMessageBox) or not managed(window):
            return  # a message box's few buttons keep Qt's order, its default button focused
        try:
            arrange(window, new)
        except Exception:
            log.exception("Could not order the Tab stops of %s", type(window).__name__)


def install(app: QApplication) -> None:
    """Every managed window of `app` keeps its Tab order as the keyboard moves in it."""
    follow_focus(app, INSTALLED, _OnFocus)
