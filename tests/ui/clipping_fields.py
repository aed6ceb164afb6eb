"""Words a shown input field cuts off (tests/ui/clipping.py says what counts): a combo box whose
edit field is narrower than one of its choices, a spin box or date field narrower than its value
(or the widest it takes), an empty line edit narrower than its placeholder, and any of them lower
than a line of its text."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QToolButton,
    QWidget,
)

from ui.combo_width import CAPPED, COMBO_CHARACTERS
from ui.indented_choices import GROUPS_WHOLE, MEMBER
from ui.widgets import FILTER_WIDTH

SLACK = 2  # as tests/ui/clipping.py
LINE_MARGIN = 2  # QLineEdit's own space either side of its text (qlineedit_p.h horizontalMargin)
SIDE_GAP = 3  # between a line edit's side button (its clear button) and its text


def _name(widget: QWidget, text: str) -> str:
    return f"{type(widget).__name__}({widget.objectName() or '-'}) {text[:50]!r}"


def text_room(edit: QLineEdit) -> int:
    """The width `edit` shows its text in: its contents, less its margins and side buttons."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    rect = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    sides = sum(b.width() + SIDE_GAP for b in edit.findChildren(QToolButton) if b.isVisible())
    return rect.width() - margins.left() - margins.right() - 2 * LINE_MARGIN - sides


def ink(metrics: QFontMetrics, text: str) -> int:
    """How far `text`'s glyphs reach: a closing "）" stands left in its advance, and a combo box
    or spin box draws its text whole (only a placeholder is elided by its advance)."""
    rect = metrics.boundingRect(text)
    return rect.x() + rect.width()


def _low(widget: QWidget) -> list[str]:
    need = widget.minimumSizeHint().height()
    if widget.height() < need - SLACK:
        return [f"{_name(widget, '')}: {widget.height()} high < {need}"]
    return []


def combo(box: QComboBox) -> list[str]:
    """Each choice against the room the closed box shows it in. A box at the width every box is
    capped to, so many characters wide at its text size (ui/combo_width.py), cuts a longer
    choice short and says it whole in its tooltip; so does a page's filter list at the width
    filter lists are capped to (ui/widgets.py, filter_bar: "its longest item elided"), and a
    list of groups sized to show its headings whole (its members are not judged)."""
    cap = COMBO_CHARACTERS * box.fontMetrics().horizontalAdvance("中")  # at its text size
    if box.property(CAPPED) and box.width() >= cap - SLACK:
        return _low(box)
    if box.maximumWidth() == FILTER_WIDTH and box.width() >= FILTER_WIDTH - SLACK:
        return _low(box)
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    field = box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box
    )
    room = field.width() - 2  # the style draws the text 1 pixel in from either side
    metrics = box.fontMetrics()
    found = []
    # A list sized to show its headings whole (ui/indented_choices.py, fit_groups) cuts a longer
    # member short on purpose, says it whole in its tooltip and in the open list: its headings
    # are judged.
    grouped = bool(box.property(GROUPS_WHOLE))
    for index in range(box.count()):
        if grouped and box.itemData(index, MEMBER):
            continue
        text = box.itemText(index)
        need = ink(metrics, text)
        if not box.itemIcon(index).isNull():
            need += box.iconSize().width() + 4
        if room < need - SLACK:
            found.append(f"{_name(box, text)}: choice {room} wide < {need}")
    return found[:3] + _low(box)


def _spin_texts(spin: QAbstractSpinBox) -> list[str]:
    """What `spin` shows now, and for a number the least and the most it takes."""
    texts = [spin.text()]
    if isinstance(spin, QSpinBox | QDoubleSpinBox):
        for value in (spin.minimum(), spin.maximum()):
            texts.append(spin.prefix() + spin.textFromValue(value) + spin.suffix())
        if spin.specialValueText():
            texts.append(spin.specialValueText())
    return texts


def spin_box(spin: QAbstractSpinBox) -> list[str]:
    edit = spin.findChild(QLineEdit)
    if edit is None:
        return _low(spin)
    room, metrics = text_room(edit), edit.fontMetrics()
    found = []
    for text in _spin_texts(spin):
        need = ink(metrics, text)
        if room < need - SLACK:
            found.append(f"{_name(spin, text)}: value {room} wide < {need}")
    return found[:1] + _low(spin)


def line_edit(edit: QLineEdit) -> list[str]:
    """An empty line edit's placeholder (typed text scrolls in the field: the user moves along
    it), unless its tooltip says the whole hint (Qt elides a placeholder with "…", as
    ElidedLabel its text); the fields of combo and spin boxes are judged with their boxes."""
    parent = edit.parentWidget()
    if isinstance(parent, QComboBox | QAbstractSpinBox):
        return []
    found = []
    hint = edit.placeholderText()
    if hint and not edit.text() and hint not in edit.toolTip():
        room, need = text_room(edit), edit.fontMetrics().horizontalAdvance(hint)
        if room < need - SLACK:
            found.append(f"{_name(edit, hint)}: placeholder {room} wide < {need}")
    return found + _low(edit)


FIELDS = (QComboBox, QAbstractSpinBox, QLineEdit)


def clipped_field(widget: QWidget) -> list[str]:
    """What the shown field `widget` cuts off."""
    if isinstance(widget, QComboBox):
        return combo(widget)
    if isinstance(widget, QAbstractSpinBox):
        return spin_box(widget)
    if isinstance(widget, QLineEdit):
        return line_edit(widget)
    return []
