"""Open an office on a PostgreSQL server: the password, the office key, the schema at head."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app.errors import DatabaseError
from db.engine import audit_key, session_factory
from db.keystore import SERVICE, noting, parse_key
from db.pg import _keychain, account, lock_for_write, parse_url
from db.pg_login import AskPassword, connect_pg

if TYPE_CHECKING:
    from db.store import Database


def known_office_key(shown: str) -> str | None:
    """The office key from CASEDESK_DB_KEY or the keychain, without asking; None when neither
    has one (a malformed CASEDESK_DB_KEY is refused)."""
    env = os.environ.get("CASEDESK_DB_KEY")
    if env:
        return parse_key(env)
    stored = _keychain(SERVICE, shown)
    return parse_key(stored) if stored else None


def resolve_office_key(shown: str, ask: Callable[[], str | None] | None = None) -> str:
    """The office key (the audit chain's secret): CASEDESK_DB_KEY, the keychain, or asked."""
    known = known_office_key(shown)
    if known:
        return known
    if ask is not None:
        answer = ask()
        if answer:
            return parse_key(answer)
    raise DatabaseError(
        "No office key for {path}: set CASEDESK_DB_KEY or enter the recovery key.", path=shown
    )


def check_office_key(engine: Engine, key: str, shown: str) -> None:
    """Refuse an office key that chained none of the audit trail's last entries (a server has no
    SQLCipher to refuse a wrong key: it would chain every later entry with it)."""
    from sqlalchemy import inspect

    from app.audit import key_matches

    with engine.connect() as conn:
        if not inspect(conn).has_table("audit_entry"):
            return  # a new database: the key will chain its first entry
        if key_matches(conn, audit_key(key)) is False:
            raise DatabaseError(
                "The office key does not match {path}: its audit trail was chained with another "
                "key. Set CASEDESK_DB_KEY to the office's recovery key, or replace the key kept "
                "in this computer's keychain.",
                path=shown,
            )


def store_office_key(shown: str, key: str) -> bool:
    """Remember the office key for this server database in the keychain; False without one."""
    try:
        import keyring

        keyring.set_password(SERVICE, shown, key)
    except Exception:
        return False
    return True


def upgrade_pg(engine: Engine, shown: str, key: str | None = None) -> bool:
    """Bring a server database to head in one transaction (DDL is transactional on PostgreSQL).

    No file copy is made first (use pg_dump for that); an advisory lock keeps two workstations
    from upgrading at once. Returns True when something was created or upgraded.
    """
    from alembic import command

    from db.migrate import _config, refuse_newer
    from db.migrations import HEAD

    with engine.begin() as conn:
        lock_for_write(conn, "casedesk schema upgrade")
        from sqlalchemy import inspect, text

        tables = inspect(conn).get_table_names()
        current = None
        if "alembic_version" in tables:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        elif tables:
            raise DatabaseError("{path} is not a Casedesk database.", path=shown)
        if current == HEAD:
            return False
        refuse_newer(current, shown)
        command.upgrade(_config(conn, key), "head")
    return True


def open_pg(
    target: str,
    key: str | None = None,
    *,
    upgrade: bool = True,
    ask_key: Callable[[], str | None] | None = None,
    ask_password: AskPassword | None = None,
) -> Database:
    """Open the office at a `postgresql+psycopg://` URL and (unless told not to) upgrade it."""
    from db.store import Database

    url = parse_url(target)
    shown = account(url)
    typed: list[str] = []  # a key the user typed (not the environment's or the keychain's)
    if key is None:
        key = resolve_office_key(shown, noting(ask_key, typed))
    engine = connect_pg(url, ask_password)
    try:
        check_office_key(engine, key, shown)
        if typed:  # the office's own key: keep it, so this computer does not ask again
            store_office_key(shown, key)
        if upgrade:
            upgrade_pg(engine, shown, key)
    except BaseException:
        engine.dispose()
        raise
    name = Path(url.database or "casedesk")
    return Database(name, key, engine, session_factory(engine, key), None, shown)
