"""Alembic in-process: a new database is created at head; an old one is backed up, then upgraded.

Reading the current revision is plain SQL; Alembic's machinery is imported only when a database
actually needs creating or upgrading (start-up stays light).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from app.errors import DatabaseError

SCRIPT_LOCATION = "db:migrations"


def _config(connection: Connection | None = None, key: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        cfg.attributes["connection"] = connection
    if key is not None:  # a migration that changes records appends to the audit chain with it
        from db.engine import audit_key

        cfg.attributes["audit_key"] = audit_key(key)
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def refuse_newer(revision: str | None, shown: str) -> None:
    """Refuse a database whose schema revision this Casedesk does not know (a newer one)."""
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(
            "{path} was written by a newer Casedesk (schema {revision}); "
            "update Casedesk to open it. Nothing was changed.",
            path=shown,
            revision=revision,
        )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not inspect(conn).get_table_names()


def upgrade(engine: Engine, revision: str = "head", key: str | None = None) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn, key), revision)


def backup_copy(engine: Engine, target: Path, key: str | None = None) -> Path:
    """An encrypted, consistent copy of the live database (same key), via VACUUM INTO.

    With `key` the copy is also verified (integrity_check, row counts) and gets a manifest beside
    it (db/backup.py); without it, it is only copied.
    """
    from db.backup import make_backup
    from db.backup_copy import copy_encrypted

    if key is not None:
        source = Path(engine.url.database or target)
        make_backup(engine, key, source, Path(target), kind="before-upgrade")
    else:
        copy_encrypted(engine, Path(target))
    return Path(target)


def status(engine: Engine) -> dict[str, object]:
    current = current_revision(engine)
    head = head_revision()
    return {"current": current, "head": head, "at_head": current == head}


def upgrade_if_needed(engine: Engine, db_path: Path, key: str | None = None) -> Path | None:
    """Bring the database to head. Returns the backup made before upgrading, if any."""
    current = current_revision(engine)
    if current is None:
        if not is_empty(engine):
            raise DatabaseError("{path} is not a Casedesk database.", path=str(db_path))
        upgrade(engine)
        return None
    from db.migrations import HEAD

    if current == HEAD:
        return None
    refuse_newer(current, str(db_path))
    from db.backup_files import backup_stamp

    # In UTC, as the backups' names: "<file>.before-<revision>-YYYYmmdd-HHMMSS.bak".
    stamp = backup_stamp(dt.datetime.now(dt.UTC))
    backup = backup_copy(engine, Path(f"{db_path}.before-{current}-{stamp}.bak"), key)
    upgrade(engine, key=key)
    return backup
