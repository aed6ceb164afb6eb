"""Where Casedesk keeps its data: the platform's per-user data folder unless --db says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Casedesk"


def data_dir() -> Path:
    override = os.environ.get("CASEDESK_HOME")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "casedesk.db"


def refuse_special(path: Path) -> None:
    """Refuse to write over what is not a plain file: a file is written beside its target and
    moved into place, and moved onto a device (/dev/null) or a pipe it would replace it."""
    from app.errors import ValidationError

    if path.exists() and not path.is_file() and not path.is_dir():  # a folder: said by the caller
        raise ValidationError(
            "{path} is not a plain file (a device or a pipe); choose a file name.", path=str(path)
        )
