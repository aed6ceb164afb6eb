"""The Settings dialog's colours, on its "This workstation" tab: as the system's light or dark
mode, always light or always dark (ui/scheme_choice.py), kept on this computer and used as the
dialog saves."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from app.i18n import tr as _
from ui.dialogs.settings_fields import ErrorForm
from ui.scheme_choice import SCHEMES, save_scheme, saved_scheme

FIELD = "colours"


class ColoursSection:
    """The choice on the form; `save()` uses it at once and keeps it for the next start."""

    def __init__(self, form: ErrorForm) -> None:
        self.combo = QComboBox()
        self.combo.setObjectName(FIELD)
        for value, text in SCHEMES:
            self.combo.addItem(_(text), value)
        self.initial = saved_scheme()
        self.combo.setCurrentIndex(max(self.combo.findData(self.initial), 0))
        form.add(FIELD, _("Colours of the window:"), self.combo)
        form.note(
            _(
                "Kept on this computer. As the system follows the light or dark mode of "
                "Windows or macOS; Light and Dark keep to one whatever the system's mode."
            )
        )

    def chosen(self) -> str:
        return str(self.combo.currentData())

    def save(self) -> bool:
        """Use and keep a changed choice; True when it changed."""
        if self.chosen() == self.initial:
            return False
        save_scheme(self.chosen())
        self.initial = self.chosen()
        return True
