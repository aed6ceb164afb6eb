"""What the window says as it closes after a restore (app/backups.py's result): that it closes,
the erasures made again, and where the data as it was is kept."""

from __future__ import annotations

import os
from typing import Any

from app.erasure_restore import after_restore_words
from app.i18n import sentences
from app.i18n import tr as _


def restored_text(restored: Any) -> str:
    """What a restore says as the window closes, with where the data as it was is kept: a wrong
    backup restored is undone by restoring that file."""
    said = [
        _(
            "The database was restored. Casedesk closes now; start it again to work on the "
            "restored data."
        )
    ]
    # Erasures made since the backup, made again; or that none could be (the office unreadable).
    said.append(after_restore_words(len(restored.reerased), restored.previous_damaged))
    kept = restored.previous
    if kept is not None and restored.previous_damaged:
        said.append(_("The damaged database was kept as {path}.", path=str(kept)))
    elif kept is not None:
        said.append(_("The database as it was is backed up as {path}.", path=str(kept)))
        said.append(_("To undo this restore, restore that backup."))
    if getattr(restored, "key", None):  # a backup made under another recovery key
        said.append(
            _(
                "The restored office opens with the backup's own recovery key, the one you "
                "typed; the recovery key sheet in use until now no longer opens it."
            )
        )
        if os.environ.get("CASEDESK_DB_KEY"):
            said.append(_("Set CASEDESK_DB_KEY to that key before starting Casedesk again."))
        elif restored.key_kept:
            said.append(_("This computer keeps it in its keychain."))
        else:
            said.append(_("This computer has no keychain: enter that key when Casedesk starts."))
    return sentences(said)
