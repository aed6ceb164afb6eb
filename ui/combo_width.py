"""Lists of choices no wider than COMBO_CHARACTERS Chinese characters (COMBO_WIDTH pixels at the
usual text size): a choice of the stored maximum (a user's name of 120 characters, a product's
of 100) made its list box, and so the window or dialog holding it, wider than a 1366-pixel screen
(the work queue's Agent and Product filters held the main window at 1412 px in Chinese). The box
cuts the chosen text short, its tooltip then says it whole, and the open list shows each choice
whole. Applied to every combo box as the application's style polishes it (ui/header_style.py),
so no page or dialog has to remember it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QWidget

COMBO_WIDTH = 360  # pixels at the usual text size: about 45 Latin or 30 Chinese characters,
COMBO_CHARACTERS = 30  # room for any office's labels; as many "中" wide at any text size
CAPPED = "casedesk_capped"  # the combo's property once capped (polish may come again)


def combo_cap(combo: QWidget) -> int:
    """The widest a combo box may be at its font's size: COMBO_WIDTH at the usual 9-point text,
    half as wide again at 150 % text (a cap in pixels cut "A4 (210 × 297 mm)" there)."""
    return COMBO_CHARACTERS * combo.fontMetrics().horizontalAdvance("中")


class _WholeTextTip(QObject):
    """The combo's tooltip is its chosen text while that text is cut short; a combo with a
    tooltip of its own keeps it."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self.combo = combo
        self.own = combo.toolTip()
        combo.currentTextChanged.connect(self.chosen)

    @Slot(str)
    def chosen(self, text: str) -> None:
        if self.own:
            return
        option = QStyleOptionComboBox()
        self.combo.initStyleOption(option)
        room = self.combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self.combo,
        )
        width = min(room.width(), combo_cap(self.combo))
        cut = self.combo.fontMetrics().horizontalAdvance(text) > width
        self.combo.setToolTip(text if cut else "")


def cap_combo(widget: QWidget) -> None:
    """At most combo_cap wide, unless a narrower maximum was set; the whole text as tooltip."""
    if not isinstance(widget, QComboBox) or widget.property(CAPPED):
        return
    widget.setProperty(CAPPED, True)
    cap = combo_cap(widget)
    if widget.maximumWidth() > cap:
        widget.setMaximumWidth(cap)
    _WholeTextTip(widget).chosen(widget.currentText())
