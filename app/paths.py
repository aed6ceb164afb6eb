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
