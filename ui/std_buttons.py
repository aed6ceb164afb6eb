"""Qt's standard buttons (OK, Cancel, Yes, No, Close, Save, Open, Discard) in Casedesk's words.

Qt names them from its own catalogue (qtbase_zh_CN), which a packaged build on Windows or macOS
may lack: a Chinese window then showed "OK", "Yes", "No" (found by QA). Every message box, button
box and QInputDialog question is made here, or passed through `named`, so its standard buttons
read the project's words; their roles (Enter, Escape, the default button) stay Qt's, and
ui/mnemonics.py gives the letters ("&Yes" in English, "是(&Y)" in Chinese).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QMessageBox, QWidget

from app.i18n import tr

Button = QDialogButtonBox.StandardButton
Answer = QMessageBox.StandardButton
Icon = QMessageBox.Icon
Box = TypeVar("Box", QDialogButtonBox, QMessageBox)

# The catalog's "OK" is a training record's 合格 (passed): the button is asked for by this longer
# msgid, whose English is still "OK" (see `words`).
OK_BUTTON = "OK (the button that accepts a message or a dialog)"

BUTTON_WORDS = {
    Button.Ok: OK_BUTTON,
    Button.Cancel: "Cancel",
    Button.Close: "Close",
    Button.Yes: "Yes",
    Button.No: "No",
    Button.Save: "Save",
    Button.Open: "Open",
    Button.Discard: "Discard",
}


def words(standard: Button | Answer) -> str:
    """The text of `standard` in the current language (Qt's English where Casedesk has none)."""
    msgid = BUTTON_WORDS.get(Button(standard.value))
    if msgid is None:
        return ""
    text = tr(msgid)
    return "OK" if text == OK_BUTTON else text


def named(box: Box) -> Box:
    """`box` with each of its standard buttons named in Casedesk's words; a site then renames the
    one it means ("Log in", "Connect")."""
    for button in box.buttons():
        text = words(box.standardButton(button))
        if text:
            button.setText(text)
    return box


def button_box(buttons: Button) -> QDialogButtonBox:
    """A button box of `buttons`, named."""
    return named(QDialogButtonBox(buttons))


def message_box(
    icon: Icon,
    title: str,
    text: str,
    buttons: Answer = Answer.Ok,
    parent: QWidget | None = None,
    default: Answer = Answer.NoButton,
) -> QMessageBox:
    """A message box with `buttons` (OK when none is asked for: Qt's own would be in English),
    named, `default` the button Enter presses."""
    box = named(QMessageBox(icon, title, text, buttons, parent))
    if default != Answer.NoButton:
        box.setDefaultButton(default)
    return box


def question(
    parent: QWidget | None, title: str, text: str, buttons: Answer, default: Answer
) -> Answer:
    """The button the user chose of `buttons`, `default` Enter's (QMessageBox.question named)."""
    return Answer(message_box(Icon.Question, title, text, buttons, parent, default).exec())


def tell(parent: QWidget | None, icon: Icon, title: str, text: str) -> None:
    """Show `text` with an OK button and wait for it (QMessageBox.critical/warning/information)."""
    message_box(icon, title, text, Answer.Ok, parent).exec()


def critical(parent: QWidget | None, title: str, text: str) -> None:
    tell(parent, Icon.Critical, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    tell(parent, Icon.Warning, title, text)


def information(parent: QWidget | None, title: str, text: str) -> None:
    tell(parent, Icon.Information, title, text)


def _input(parent: QWidget | None, title: str, label: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(words(Answer.Ok))
    dialog.setCancelButtonText(words(Answer.Cancel))
    return dialog


def _answer(dialog: QInputDialog) -> tuple[str, bool]:
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    text = dialog.textValue()
    dialog.deleteLater()
    return text, ok


def get_item(
    parent: QWidget | None, title: str, label: str, items: list[str], current: int = 0
) -> tuple[str, bool]:
    """One of `items` chosen, and whether OK was pressed (QInputDialog.getItem, not editable)."""
    dialog = _input(parent, title, label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    dialog.setTextValue(items[current])
    return _answer(dialog)


def get_text(parent: QWidget | None, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """A line typed, and whether OK was pressed (QInputDialog.getText)."""
    dialog = _input(parent, title, label)
    dialog.setTextValue(text)
    return _answer(dialog)
