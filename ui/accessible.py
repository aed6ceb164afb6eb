"""What a screen reader says for each control, and where a label's Alt+letter goes.

Qt reads a field's name from its own accessible name, else from a label that is its buddy; a
QFormLayout row makes its label the buddy only when the field is one widget. So, on every window
when the keyboard focus first enters it, and on each page of the main window as it is built: a form
row's label whose field is a row of widgets (a date beside its time zone, a count beside its first
date) becomes the buddy of the row's first input; a label right before an input in a row ("due by"
[date]) becomes its buddy; and an input or button left without a name takes its tool tip's first
line or its placeholder (an icon-only button's tool tip, a search box's hint).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from ui.focus_hooks import follow_focus
from ui.mnemonic_text import plain

INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit, QAbstractItemView)
INNER = "qt_spinbox_lineedit"  # a spin box's own line edit: the spin box is what is named
log = logging.getLogger(__name__)
DESCRIBED = "accessible_described"  # a window or page is described once
COLUMN = (QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.BottomToTop)


def takes_keys(widget: QWidget) -> bool:
    """Whether Tab stops on `widget` (a spin box's inner line edit counts as the spin box)."""
    tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    return tab and widget.objectName() != INNER


def label_text(text: str) -> str:
    """A label's words as read aloud: no mnemonic ("&Save", "保存(&S)"), no closing colon."""
    return plain(text).strip().rstrip(":：").strip()


def buddy_label(widget: QWidget) -> QLabel | None:
    """The label whose buddy `widget` is, among its siblings (where Qt looks for it)."""
    parent = widget.parentWidget()
    if parent is None:
        return None
    for child in parent.children():
        if isinstance(child, QLabel) and child.buddy() is widget and child.text().strip():
            return child
    return None


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader gives `widget`: its own, its buddy label's, a button's text."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    label = buddy_label(widget)
    if label is not None:
        return label_text(label.text())
    if isinstance(widget, QAbstractButton):
        return label_text(widget.text())
    return ""


# Layouts are read through QLayout.indexOf and QFormLayout's labelForField and
# getWidgetPosition only, never through itemAt: PySide keeps the item wrappers a box layout's
# itemAt returns alive beside their layout, and once Qt deleted an item, a new widget at its
# address came back as that stale QWidgetItem or QSpacerItem (crashes in the tests, "no
# attribute setSectionResizeMode" in a header).


def _position(layout: QLayout, widget: QWidget, root: QWidget) -> int:
    """Where `widget`, or the ancestor of it that `layout` holds, stands in `layout` (-1: not
    in it)."""
    node: QWidget | None = widget
    while node is not None and node is not root:
        index = layout.indexOf(node)
        if index >= 0:
            return index
        node = node.parentWidget()
    return -1


def _in_order(layout: QLayout, inputs: Sequence[QWidget], root: QWidget) -> list[QWidget]:
    """The `inputs` inside `layout` (and the layouts and holders in it), in its order."""
    placed: list[tuple[int, int, QWidget]] = []
    for widget in inputs:
        index = _position(layout, widget, root)
        if index >= 0:
            placed.append((index, widget.mapTo(root, widget.rect().topLeft()).x(), widget))
    for child in layout.children():
        if isinstance(child, QLayout):
            index = layout.indexOf(child)
            for order, widget in enumerate(_in_order(child, inputs, root)):
                placed.append((index, order, widget))
    return [widget for _i, _o, widget in sorted(placed, key=lambda p: (p[0], p[1]))]


def link_form(
    form: QFormLayout, labels: Sequence[QLabel], inputs: Sequence[QWidget], root: QWidget
) -> None:
    """A row's label whose field is a row of widgets (a date beside its time zone) gets the row's
    first input as buddy; a list there, or alone in an unlabelled row under a labelled one (the
    plan's table under "Plan:"), is named after the label."""
    for line in (c for c in form.children() if isinstance(c, QLayout)):
        title = form.labelForField(line)
        ordered = _in_order(line, inputs, root)
        if not isinstance(title, QLabel) or not label_text(title.text()) or not ordered:
            continue
        if title.buddy() not in ordered:
            title.setBuddy(ordered[0])
        for view in ordered[1:]:
            if isinstance(view, QAbstractItemView) and not accessible_name(view):
                view.setAccessibleName(label_text(title.text()))
    rows: dict[int, QLabel] = {}  # the form's row labels by row, read without its items
    for label in labels:
        where = form.getWidgetPosition(label)
        if int(where[0]) >= 0 and where[1] == QFormLayout.ItemRole.LabelRole:  # type: ignore[index]
            rows[int(where[0])] = label  # type: ignore[index]
    for view in inputs:
        if not isinstance(view, QAbstractItemView) or accessible_name(view):
            continue
        index = int(form.getWidgetPosition(view)[0])  # type: ignore[index]
        above = [r for r in rows if 0 <= r <= index]
        if index >= 0 and above:  # the nearest labelled row, this one or above
            view.setAccessibleName(label_text(rows[max(above)].text()))


def link_row(line: QBoxLayout, labels: Sequence[QLabel], inputs: Sequence[QWidget]) -> None:
    """A label right before an input in a row ("due by" [date]) becomes its buddy."""
    at = {line.indexOf(label): label for label in labels}
    for field in inputs:
        label = at.get(line.indexOf(field) - 1) if line.indexOf(field) > 0 else None
        if label is not None and label.buddy() is None and not accessible_name(field):
            label.setBuddy(field)


def name_from_hints(widget: QWidget) -> None:
    """An input or button with no name takes its tool tip's first line, else its placeholder."""
    if accessible_name(widget) or not (isinstance(widget, (*INPUTS, QAbstractButton))):
        return
    hint = widget.toolTip().strip().splitlines()[0] if widget.toolTip().strip() else ""
    if not hint and isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        hint = widget.placeholderText().strip()
    if hint:
        widget.setAccessibleName(hint)


def describe(root: QWidget) -> None:
    """Link the labels of `root`'s forms and rows to their fields, then name what is left."""
    widgets = [root, *root.findChildren(QWidget)]
    inputs = [w for w in widgets if isinstance(w, INPUTS) and takes_keys(w)]
    labels = [w for w in widgets if isinstance(w, QLabel) and label_text(w.text())]
    for layout in root.findChildren(QLayout):
        if isinstance(layout, QFormLayout):
            link_form(layout, labels, inputs, root)
        elif isinstance(layout, QBoxLayout) and layout.direction() in (
            QBoxLayout.Direction.LeftToRight,
            QBoxLayout.Direction.RightToLeft,
        ):
            link_row(layout, labels, inputs)
    for widget in widgets:
        if takes_keys(widget):
            name_from_hints(widget)


def describe_once(root: QWidget) -> None:
    """`describe` a window or page the first time it is asked; never raises (names for a screen
    reader must not cost the window anything)."""
    if root.property(DESCRIBED) or isinstance(root, QMessageBox):  # Qt names a box's own
        return
    root.setProperty(DESCRIBED, True)
    try:
        describe(root)
    except Exception:
        log.exception("Could not name the controls of %s", type(root).__name__)


class _OnFocus(QObject):
    """Describes each window the first time the keyboard focus enters it.

    Led by QApplication.focusChanged, a signal, and not by an application-wide event filter: a
    Python filter sees every event of every object, some of them objects being torn down, and
    under the tests it crashed the process (a message box's grab after a wizard had closed)."""

    def entered(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            describe_once(new.window())


def install(app: QApplication) -> None:
    """Describe every window of `app` as the focus first enters it (once per application); the
    main window's pages are described as they are built (ui/main_window.py)."""
    follow_focus(app, "accessible_names", _OnFocus)


def heading_above(view: QWidget) -> str:
    """The words of the bold label right above `view` in its column (a section's heading,
    ui/widgets.py's section_label: "Related persons" over its table; not a message such as "No
    report has been generated yet."), or of the tab `view` is the page of; "" when none."""
    parent = view.parentWidget()
    layout = parent.layout() if parent is not None else None
    if parent is not None and isinstance(layout, QBoxLayout) and layout.direction() in COLUMN:
        above = layout.indexOf(view) - 1
        for label in parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if above >= 0 and layout.indexOf(label) == above and label.font().bold():
                return label_text(label.text())  # "" for a heading with no words
        # A heading in a row with its buttons ("Phones" [Reveal] [Add…]): a borrower's phones
        # and addresses were both read as "Borrowers", the page's name.
        # Found among the layout's own child layouts and the parent's labels, not by itemAt: the
        # layout items Qt made are not told to Python when Qt deletes them (ui/table_fill.py).
        rows = [r for r in layout.children() if isinstance(r, QLayout)] if above >= 0 else []
        row = next((r for r in rows if layout.indexOf(r) == above), None)
        for label in parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if row is not None and row.indexOf(label) == 0 and label.font().bold():
                return label_text(label.text())
    holder = parent.parentWidget() if parent is not None else None
    if isinstance(holder, QTabWidget) and holder.indexOf(view) >= 0:
        return label_text(holder.tabText(holder.indexOf(view)))
    return ""


def name_lists(root: QWidget, name: str) -> None:
    """Each list of `root` (a page) that has no name yet is called after the heading above it or
    its tab (heading_above), else `name` (the page's title): a case's timeline, its ranking and
    its related persons were all read as "Cases"."""
    for view in root.findChildren(QAbstractItemView):
        if takes_keys(view) and not accessible_name(view):
            view.setAccessibleName(heading_above(view) or name)
