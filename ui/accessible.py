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
    QLayoutItem,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit, QAbstractItemView)
INNER = "qt_spinbox_lineedit"  # a spin box's own line edit: the spin box is what is named
log = logging.getLogger(__name__)
DESCRIBED = "accessible_described"  # a window or page is described once


def takes_keys(widget: QWidget) -> bool:
    """Whether Tab stops on `widget` (a spin box's inner line edit counts as the spin box)."""
    tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    return tab and widget.objectName() != INNER


def label_text(text: str) -> str:
    """A label's words as read aloud: no mnemonic "&", no closing colon."""
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return plain.strip().rstrip(":：").strip()


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


def _inputs(item: QLayoutItem | QWidget | None) -> list[QWidget]:
    """The inputs Tab stops on in `item` (a widget or a layout), in layout order."""
    if item is None:
        return []
    if isinstance(item, QWidget):
        widget: QWidget | None = item
    else:
        widget = item.widget()
        if widget is None:
            layout = item.layout()
            found: list[QWidget] = []
            for index in range(layout.count() if layout is not None else 0):
                assert layout is not None
                found += _inputs(layout.itemAt(index))
            return found
    assert widget is not None
    if isinstance(widget, INPUTS) and takes_keys(widget):
        return [widget]
    if widget.layout() is not None:
        return _inputs(widget.layout())
    return []


def link_form(form: QFormLayout) -> None:
    """A row's label whose buddy is not an input (a row of widgets, a holder) gets the row's
    first input as buddy; a list in that row, or in the unlabelled rows under it that go on
    with it (the plan's table under "Plan:"), is named after the label."""
    title = ""
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        widget = label.widget() if label is not None else None
        inputs = _inputs(field)
        if isinstance(widget, QLabel) and label_text(widget.text()):
            title = label_text(widget.text())
            buddy = widget.buddy()
            if inputs and (buddy is None or buddy not in inputs):
                widget.setBuddy(inputs[0])
                inputs = inputs[1:]
        elif widget is not None and not isinstance(widget, QLabel):
            title = ""  # a row labelled otherwise (a check box): the row above has ended
        for view in inputs:
            if isinstance(view, QAbstractItemView) and title and not accessible_name(view):
                view.setAccessibleName(title)


def link_row(line: QBoxLayout) -> None:
    """A label right before an input in a row ("due by" [date]) becomes its buddy."""
    for index in range(line.count() - 1):
        here, after = line.itemAt(index), line.itemAt(index + 1)
        label = here.widget() if here is not None else None
        field = after.widget() if after is not None else None
        if (
            isinstance(label, QLabel)
            and label.buddy() is None
            and label_text(label.text())
            and isinstance(field, INPUTS)
            and takes_keys(field)
            and not accessible_name(field)
        ):
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


def layouts(root: QWidget) -> list[QLayout]:
    """Every layout in `root`: each widget's own and the layouts nested in it. Walked from the
    widgets, not found with findChildren(QLayout), which on a message box hands back a spacer
    item typed as a layout (and describing it raised inside the event filter, which then ate
    the box's Show: its buttons did nothing)."""
    found: list[QLayout] = []

    def walk(layout: QLayout | None) -> None:
        if layout is None:
            return
        found.append(layout)
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is not None:
                walk(item.layout())

    for widget in [root, *root.findChildren(QWidget)]:
        walk(widget.layout())
    return found


def describe(root: QWidget) -> None:
    """Link the labels of `root`'s forms and rows to their fields, then name what is left."""
    for layout in layouts(root):
        if isinstance(layout, QFormLayout):
            link_form(layout)
        elif isinstance(layout, QBoxLayout) and layout.direction() in (
            QBoxLayout.Direction.LeftToRight,
            QBoxLayout.Direction.RightToLeft,
        ):
            link_row(layout)
    for widget in [root, *root.findChildren(QWidget)]:
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
    if app.property("accessible_names"):
        return
    hook = _OnFocus(app)
    app.focusChanged.connect(hook.entered)
    app.setProperty("accessible_names", True)


def name_lists(root: QWidget, name: str) -> None:
    """Each list of `root` (a page) that has no name yet is called `name` (the page's title)."""
    for view in root.findChildren(QAbstractItemView):
        if takes_keys(view) and not accessible_name(view):
            view.setAccessibleName(name)
