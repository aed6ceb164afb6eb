"""At start, a workstation settings file that cannot be read (app/workstation.py): said, with the
default database offered in its place, or Quit; never a window that just exits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import CasedeskError
from app.i18n import tr as _
from app.paths import default_db_path
from app.workstation import SettingsDamaged, broken_copy, set_database_target
from ui import std_buttons


def offer_default(error: CasedeskError, parent: QWidget | None = None) -> Path | None:
    """Ask whether to open the default database instead; its path, or None to quit. A damaged
    file (empty, half written) is then replaced by the default choice, a copy kept beside it; one
    the system refuses to read is left as it is, and the default opened this time only."""
    damaged = isinstance(error, SettingsDamaged)
    default = default_db_path()
    if damaged:
        text = _(
            "This workstation's settings file {path} is empty or damaged (perhaps written only "
            "in part), so which database the window opens is not known.",
            path=str(error.params.get("path", "")),
        )
        more = _(
            "Open the default database ({path}): this workstation goes back to it, and the "
            "damaged file is kept as {copy}. If it opened another database or a server, choose "
            "that again in Settings ▸ This workstation. Or quit, and choose it with `casedesk db "
            "use PATH`.",
            path=str(default),
            copy=str(broken_copy()),
        )
    else:
        text = error.translated()
        more = _(
            "Open the default database ({path}) this time; the settings file is left as it is. "
            "Or quit, and make the file readable, or delete it.",
            path=str(default),
        )
    box = std_buttons.message_box(
        QMessageBox.Icon.Warning, _("Casedesk"), text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setInformativeText(more)
    opened = box.addButton(_("Open the default database"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(opened)
    box.exec()
    if box.clickedButton() is not opened:
        return None
    if damaged:
        try:
            set_database_target(None)
        except CasedeskError as failed:  # the folder cannot be written: opened this time only
            std_buttons.warning(parent, _("Casedesk"), failed.translated())
    return default
