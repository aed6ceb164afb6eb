"""Nothing typed is thrown away without a question: Cancel, the window's close button and Escape
ask "Discard what you typed?" when something was entered or changed in a form dialog, Keep editing
being the default answer; an untouched dialog closes at once. Cancel and the close button threw a
typed contact note away at once, where Escape asked.

A form's fields are remembered as it is first shown (after the dialog filled them in); what differs
from that at Cancel is what the user typed or chose. Password fields are not kept: there is nothing
in them worth a question. A dialog closed by the program (reject(), accept()) does not ask."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from app.i18n import tr as _
from ui.focus import focus_returns
from ui.std_buttons import message_box

Fields = dict[int, object]


def typed_notes(dialog: QDialog) -> bool:
    """Whether a multi-line note of `dialog` holds text the user typed (not only what the dialog
    filled in)."""
    plain: list[QPlainTextEdit | QTextEdit] = [*dialog.findChildren(QPlainTextEdit)]
    boxes = plain + [*dialog.findChildren(QTextEdit)]
    return any(
        box.isVisibleTo(dialog)
        and not box.isReadOnly()
        and box.document().isModified()
        and bool(box.toPlainText().strip())
        for box in boxes
    )


def _value(widget: QWidget) -> object:
    """What the user can change in `widget`; None when nothing (read-only, a password, a label)."""
    if isinstance(widget, QLineEdit):
        hidden = widget.echoMode() != QLineEdit.EchoMode.Normal
        return None if widget.isReadOnly() or hidden else widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return None if widget.isReadOnly() else widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QAbstractSpinBox):
        return None if widget.isReadOnly() else widget.text()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    return None


def field_values(dialog: QDialog) -> Fields:
    """The value of each input of `dialog` (its own, not those of a dialog it opened)."""
    values: Fields = {}
    for widget in dialog.findChildren(QWidget):
        if widget.window() is not dialog:
            continue
        value = _value(widget)
        if value is not None:
            values[id(widget)] = value
    return values


def typed_input(dialog: QDialog) -> bool:
    """Whether closing `dialog` now would lose something the user entered or changed."""
    if typed_notes(dialog):
        return True
    shown = getattr(dialog, "fields_shown", None)
    return shown is not None and field_values(dialog) != shown


def discard_typed(dialog: QDialog) -> bool:
    """Ask whether to close `dialog` and lose what was typed; True for Discard."""
    box = message_box(
        QMessageBox.Icon.Question,
        dialog.windowTitle(),
        _("Discard what you typed?"),
        QMessageBox.StandardButton.NoButton,
        dialog,
    )
    box.setInformativeText(_("It has not been saved."))
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    with focus_returns(dialog):  # Keep editing: the keys back in the field they were in
        box.exec()
    return box.clickedButton() is discard


def may_close(dialog: QDialog) -> bool:
    """True when `dialog` may close: nothing typed, or the user chose Discard."""
    return not typed_input(dialog) or discard_typed(dialog)


class AsksBeforeDiscard(QDialog):
    """A dialog whose Cancel (connect it to `cancel`) and close button ask before what was typed
    is lost; Escape asks through ui/dialog_keys.py."""

    fields_shown: Fields | None = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self.fields_shown is None:
            self.fields_shown = field_values(self)
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.isVisible() and not may_close(self):
            event.ignore()  # kept: the dialog stays, as it was
            return
        super().closeEvent(event)

    def cancel(self) -> None:
        """Cancel: reject, after asking when something was typed."""
        if may_close(self):
            self.reject()
