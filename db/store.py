"""One handle on an open Casedesk database: path, key, engine, sessions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.errors import CasedeskError, PermissionDenied, WrongKey
from db.engine import check_path, make_engine, session_factory
from db.keystore import (
    KEYCHAIN,
    find_key,
    forget_pending,
    noting,
    parse_key,
    pending_key,
    store_in_keychain,
    wrong_key,
)
from db.leftovers import drop_stale_partials
from db.migrate import upgrade_if_needed

if TYPE_CHECKING:
    from db.pg_login import AskPassword


@dataclass
class Database:
    path: Path
    key: str
    engine: Engine
    sessions: sessionmaker[Session] = field(repr=False)
    backup_before_upgrade: Path | None = None
    url: str | None = None  # a PostgreSQL database: its URL without the password (db/pg.py)
    # A refusal from a session() said as the window says it: ui/account_watch.py rewords it when
    # an admin changed the account's role under the window (None: as the core said it).
    reword_refusal: Callable[[PermissionDenied], CasedeskError] | None = field(
        default=None, repr=False
    )

    @contextmanager
    def session(self, *, write_lock: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        `write_lock` takes the database's write lock up front (SQLite BEGIN IMMEDIATE; on
        PostgreSQL an advisory transaction lock, db/pg.py): use it for every session that
        writes. SQLite refuses at once, without the busy wait, a transaction that read and then
        writes while another connection writes; taken up front, the lock is waited for. A
        read-only session goes without it, not to wait behind writers.
        """
        bind = self.engine.execution_options(write_lock=True) if write_lock else self.engine
        try:
            with self.sessions(bind=bind) as s, s.begin():
                yield s
        except PermissionDenied as refusal:  # rolled back; said anew, if the window rewords it
            said = self.reword_refusal(refusal) if self.reword_refusal is not None else refusal
            if said is refusal:
                raise
            raise said from refusal

    @property
    def shown(self) -> str:
        """Where the office lives, fit to show: the file's path, or the server URL (no password)."""
        return self.url or str(self.path)

    @property
    def short_name(self) -> str:
        """A short name for titles: the file's name, or user@host/dbname on a server."""
        if self.url is None:
            return self.path.name
        return self.url.split("://", 1)[-1]

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    path: Path | str,
    key: str | None = None,
    *,
    create: bool = False,
    upgrade: bool = True,
    ask_key: Callable[[], str | None] | None = None,
    ask_password: AskPassword | None = None,
    keychain: bool = True,
) -> Database:
    """Open (or with `create`, create) the database and bring its schema to head.

    `path` is a SQLite file, or a `postgresql+psycopg://` URL string (db/pg.py); on a server
    `ask_password` is asked only when the server refuses without one (db/pg_login.py).
    A key from the keychain that does not open the file raises KeptKeyWrong: the caller asks
    the recovery key with `keychain=False`, and the key typed then replaces the kept one.
    """
    from db.pg import is_pg_url

    if is_pg_url(path):
        from db.pg_store import open_pg

        return open_pg(
            str(path),
            key,
            upgrade=upgrade,
            ask_key=ask_key,
            ask_password=ask_password,
            keychain=keychain,
        )
    path = Path(path).expanduser()
    if not create:  # a missing or empty file is said before any key is asked for
        check_path(path, must_exist=True)
        drop_stale_partials(path)  # a killed restore's, new key's or upgrade's hidden copy
    typed: list[str] = []  # a key the user typed (not the environment's or the keychain's)
    source = "given"
    if key is None:
        key, source = find_key(path, noting(ask_key, typed), keychain=keychain)
    try:
        engine = make_engine(path, key, must_exist=not create)
    except WrongKey as error:
        pending = pending_key(path) if source == KEYCHAIN else None
        if pending is None:
            raise wrong_key(error, path, source) from None
        # A new recovery key was being put in place when the process stopped: the file was
        # re-encrypted under it, the keychain not yet told (app/recovery_key.py).
        try:
            engine = make_engine(path, parse_key(pending))
        except WrongKey:
            raise wrong_key(error, path, source) from None
        key = parse_key(pending)
        store_in_keychain(path, key)
        forget_pending(path)
    if typed:  # it opened the file: keep it (replacing a kept key that did not), not to ask again
        store_in_keychain(path, key)
    backup = upgrade_if_needed(engine, path, key) if upgrade else None
    return Database(path, key, engine, session_factory(engine, key), backup)
