"""Told once, after the main window appears: the office's database was upgraded on opening, from
which schema to which, and where the copy made before upgrading is — as `casedesk db upgrade`
says it (QA: the window upgraded an older office without a word). A non-modal notice: the work
behind it goes on."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import tr as _
from db.store import Database
from ui import std_buttons

# The copy's name: "<file>.before-<revision>-YYYYmmdd-HHMMSS.bak" (db/migrate.py).
_FROM = re.compile(r"\.before-(.+)-\d{8}-\d{6}\.bak$")


def upgrade_words(database: Database) -> str | None:
    """What the notice says; None when opening upgraded nothing."""
    backup = database.backup_before_upgrade
    if backup is None:
        return None
    from db.migrate import current_revision

    found = _FROM.search(backup.name)
    upgraded = (
        _(
            "Upgraded from {old} to {new}.",
            old=found.group(1),
            new=current_revision(database.engine),
        )
        if found
        else _("Upgraded to {new}.", new=current_revision(database.engine))
    )
    return "\n".join(
        [
            _("This office's database was upgraded for this version of Casedesk."),
            upgraded,
            _("Copy made before upgrading: {backup}", backup=str(backup)),
        ]
    )


def show_upgrade_notice(parent: QWidget, database: Database) -> QMessageBox | None:
    """The notice, shown without blocking the window (kept on `parent` until closed); None when
    there is nothing to tell."""
    text = upgrade_words(database)
    if text is None:
        return None
    box = std_buttons.message_box(QMessageBox.Icon.Information, _("Casedesk"), text, parent=parent)
    box.setObjectName("upgradeNotice")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box
