"""Open an office on a PostgreSQL server: the password, the office key, the schema at head."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app.errors import DatabaseError, KeptKeyWrong, WrongKey
from db.engine import audit_key, session_factory
from db.keystore import ENVIRONMENT, KEYCHAIN, SERVICE, TYPED, noting, parse_key, wrong_key
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


def resolve_office_key(
    shown: str, ask: Callable[[], str | None] | None = None, *, keychain: bool = True
) -> tuple[str, str]:
    """The office key (the audit chain's secret) and where it came from: CASEDESK_DB_KEY, the
    keychain (unless `keychain` is False: the key kept there did not match), or asked."""
    env = os.environ.get("CASEDESK_DB_KEY")
    if env:
        return parse_key(env), ENVIRONMENT
    stored = _keychain(SERVICE, shown) if keychain else None
    if stored:
        return parse_key(stored), KEYCHAIN
    if ask is not None:
        answer = ask()
        if answer:
            return parse_key(answer), TYPED
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
            raise WrongKey(
                "The office key does not match {path}: its audit trail was chained with another "
                "key. Set CASEDESK_DB_KEY to the office's recovery key, or replace the key kept "
                "in this computer's keychain.",
                path=shown,
            )


def office_key_wrong(error: WrongKey, shown: str, source: str) -> WrongKey:
    """What to say of an office key that did not match, by where it came from (as a file's,
    db/keystore.py wrong_key): the keychain's leads to the recovery key."""
    if source == KEYCHAIN:
        return KeptKeyWrong(
            "The office key this computer kept for {path} does not match its audit trail: the "
            "database may have been restored, or made anew, on the server. Type the office's "
            "recovery key in a terminal, or set CASEDESK_DB_KEY to it.",
            path=shown,
        )
    return wrong_key(error, Path(shown), source) if source == ENVIRONMENT else error


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
    keychain: bool = True,
) -> Database:
    """Open the office at a `postgresql+psycopg://` URL and (unless told not to) upgrade it.

    An office key from the keychain that does not match raises KeptKeyWrong: the caller asks
    the recovery key with `keychain=False`, and the key typed then replaces the kept one."""
    from db.store import Database

    url = parse_url(target)
    shown = account(url)
    typed: list[str] = []  # a key the user typed (not the environment's or the keychain's)
    source = "given"
    if key is None:
        key, source = resolve_office_key(shown, noting(ask_key, typed), keychain=keychain)
    engine = connect_pg(url, ask_password)
    try:
        try:
            check_office_key(engine, key, shown)
        except WrongKey as error:
            raise office_key_wrong(error, shown, source) from None
        if typed:  # the office's own key: keep it, so this computer does not ask again
            store_office_key(shown, key)
        if upgrade:
            upgrade_pg(engine, shown, key)
    except BaseException:
        engine.dispose()
        raise
    name = Path(url.database or "casedesk")
    return Database(name, key, engine, session_factory(engine, key), None, shown)
