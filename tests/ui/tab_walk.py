"""Walk a window's Tab chain with real key presses and judge it (tests of ui/tab_order.py): every
stop in reading order, each enabled visible input reached once per round, no trap."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QRadioButton,
    QWidget,
)

from ui.accessible import accessible_name, takes_keys

SLACK = 3  # pixels: a taller field beside a label in the same row
INSIDE = 30  # Tab presses a field may keep for its parts (a date's sections) before it is a trap


@dataclass
class Stop:
    widget: QWidget
    name: str
    place: QRect  # in the window's coordinates


def place_in(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def describe(widget: QWidget, window: QWidget) -> Stop:
    name = accessible_name(widget) or type(widget).__name__
    return Stop(widget, name, place_in(widget, window))


def walk(window: QWidget, most: int = 200) -> list[Stop]:
    """Press Tab from the focused widget until the keyboard comes back to it: the stops in order,
    the first one first. Stops early (the stops so far) at a trap: a stop seen twice before the
    first comes back."""
    first = QApplication.focusWidget()
    assert first is not None and first.window() is window, first
    stops = [describe(first, window)]
    seen = {id(first)}
    for _ in range(most):
        current = QApplication.focusWidget()
        assert current is not None
        QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        reached = QApplication.focusWidget()
        for _part in range(INSIDE):  # a date's sections, a line's links, before it is left
            if reached is not current:
                break
            QTest.keyClick(current, Qt.Key.Key_Tab)
            QApplication.processEvents()
            reached = QApplication.focusWidget()
        if reached is current:  # Tab never left it: a trap (a table's cells, round and round)
            stops.append(describe(current, window))
            return stops
        if reached is first:
            return stops
        if reached is None or id(reached) in seen or reached.window() is not window:
            stops.append(describe(reached, window) if reached is not None else stops[-1])
            return stops  # a trap: the caller sees the repeat
        seen.add(id(reached))
        stops.append(describe(reached, window))
    return stops


def _unit(widget: QWidget, window: QWidget) -> bool:
    """A widget Tab should stop on: takes keys, shown, enabled, not part of a whole input."""
    if not takes_keys(widget) or widget.focusProxy() is not None:
        return False
    if not widget.isVisibleTo(window) or not widget.isEnabled():
        return False
    if isinstance(widget, QRadioButton) and widget.autoExclusive() and not widget.isChecked():
        siblings = [w for w in window.findChildren(QRadioButton) if w.parent() is widget.parent()]
        if any(w.isChecked() for w in siblings):
            return False  # Tab stops on a group's checked button; the arrows move within it
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QAbstractItemView):
            return False  # a spin box's line edit, a list's editor
        parent = parent.parentWidget()
    return True


def expected(window: QWidget) -> list[QWidget]:
    """Every widget of `window` Tab should reach."""
    return [w for w in window.findChildren(QWidget) if w.window() is window and _unit(w, window)]


def in_box(widget: QWidget) -> bool:
    return isinstance(widget, QAbstractButton) and isinstance(
        widget.parentWidget(), QDialogButtonBox
    )


def _side(a: QWidget, b: QWidget, window: QWidget) -> tuple[QRect, QRect]:
    """The places of the two children of `a` and `b`'s nearest common holder that hold them."""
    chain_a = [a]
    while chain_a[-1] is not window and chain_a[-1].parentWidget() is not None:
        chain_a.append(chain_a[-1].parentWidget())
    chain_b = [b]
    while chain_b[-1] is not window and chain_b[-1].parentWidget() is not None:
        chain_b.append(chain_b[-1].parentWidget())
    ids_b = {id(w): i for i, w in enumerate(chain_b)}
    for i, holder in enumerate(chain_a):
        if id(holder) in ids_b:
            j = ids_b[id(holder)]
            near_a = chain_a[i - 1] if i > 0 else a
            near_b = chain_b[j - 1] if j > 0 else b
            return place_in(near_a, window), place_in(near_b, window)
    return place_in(a, window), place_in(b, window)


def follows(a: QWidget, b: QWidget, window: QWidget) -> bool:
    """Whether `b` may come right after `a` in reading order: below it, or in its row (or its
    holder's row: a column beside a column) to its right; a dialog's buttons last."""
    if in_box(a) != in_box(b):
        return in_box(b)
    ra, rb = _side(a, b, window)
    if ra == rb:
        ra, rb = place_in(a, window), place_in(b, window)
    below = rb.top() >= ra.center().y() or rb.top() >= ra.bottom() - SLACK
    overlap = rb.top() < ra.bottom() - SLACK and ra.top() < rb.bottom() - SLACK
    return below or (overlap and rb.left() >= ra.left())


def judge(window: QWidget, stops: list[Stop], before: list[QWidget] | None = None) -> list[str]:
    """What is wrong with the chain `stops` of `window`: out of order, missed, a trap.

    `before`: what Tab should have reached when the walk began (`expected`). A widget the walk
    itself turned on is not missed: Tab into the Visits page's calendar picks the visit of its
    first cell, which turns on that visit's buttons above it (on 2027-01-21, a completed visit's
    Report incident…), after Tab has passed them; Shift+Tab goes back to them."""
    problems: list[str] = []
    widgets = [s.widget for s in stops]
    if len({id(w) for w in widgets}) != len(widgets):
        problems.append(f"trap at {stops[-1].name!r}")
        stops = stops[:-1]
        widgets = widgets[:-1]
    ordered = from_the_top(window, stops)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if not follows(a.widget, b.widget, window):
            problems.append(f"{b.name!r} {_at(b)} after {a.name!r} {_at(a)}")
    was_on = None if before is None else {id(w) for w in before}
    missed = [
        w for w in expected(window) if w not in widgets and (was_on is None or id(w) in was_on)
    ]
    problems += [f"never reached: {describe(w, window).name!r}" for w in missed]
    return problems


def from_the_top(window: QWidget, stops: list[Stop]) -> list[Stop]:
    """The round `stops` cut where reading starts: at the top stop (left of its row)."""
    top = min(range(len(stops)), key=lambda i: _start_key(stops[i], window))
    return stops[top:] + stops[:top]


def _start_key(stop: Stop, window: QWidget) -> tuple[int, int, int]:
    return (1 if in_box(stop.widget) else 0, stop.place.top(), stop.place.left())


def _at(stop: Stop) -> str:
    return f"({stop.place.x()},{stop.place.y()})"
