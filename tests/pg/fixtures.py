"""PostgreSQL fixtures: a fresh database per test, created from a template migrated once.

The tests run on PostgreSQL only when CASEDESK_TEST_PG_URL names a server database the tests may
create databases from, e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/postgres` (.ci/run
starts one); without it they are skipped (the SQLite suite is unaffected). Each session's
databases are named `cdt_<pid>_…` and dropped at the end.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

PG_ENV = "CASEDESK_TEST_PG_URL"


def pg_enabled() -> bool:
    return bool(os.environ.get(PG_ENV))


class PgServer:
    """Creates and drops the test databases on the server named by CASEDESK_TEST_PG_URL."""

    def __init__(self, base: str) -> None:
        from db.pg import parse_url

        self.base = parse_url(base)
        self.prefix = f"cdt_{os.getpid()}_"
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self._numbers = itertools.count(1)
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None, name: str | None = None) -> str:
        """A new database (from `template` if given); returns its name."""
        name = name or f"{self.prefix}{next(self._numbers)}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.created.append(name)
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if name in self.created:
            self.created.remove(name)

    def close(self) -> None:
        for name in reversed(list(self.created)):
            self.drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV} to run the PostgreSQL tests")
    server = PgServer(base)
    if server.base.password:  # for the URLs the databases give other processes (target_of)
        os.environ.setdefault("CASEDESK_DB_PASSWORD", server.base.password)
    yield server
    server.close()


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    """An empty database migrated to head, to create each test's database from."""
    from db.store import open_database
    from tests.conftest import TEST_KEY

    name = pg_server.create(name=pg_server.prefix + "template")
    open_database(pg_server.url(name), TEST_KEY).close()
    return name


@pytest.fixture(scope="session")
def pg_demo_template(pg_server: PgServer, demo_template: Path) -> str:
    """The small demo office copied from its SQLite template with `db copy`'s code, once."""
    from db.copy import copy_database
    from db.store import open_database
    from tests.conftest import TEST_KEY

    name = pg_server.create(name=pg_server.prefix + "demo")
    source = open_database(demo_template, TEST_KEY)
    target = open_database(pg_server.url(name), TEST_KEY, upgrade=False)
    try:
        copy_database(source, target)
    finally:
        source.close()
        target.close()
    return name


def _open_copy(server: PgServer, template: str) -> Iterator[object]:
    from db.store import open_database
    from tests.conftest import TEST_KEY

    name = server.create(template)
    database = open_database(server.url(name), TEST_KEY)
    yield database
    database.close()
    server.drop(name)


@pytest.fixture
def pg_db(pg_server: PgServer, pg_template: str) -> Iterator[object]:
    """A fresh, empty, migrated PostgreSQL database for one test."""
    yield from _open_copy(pg_server, pg_template)


@pytest.fixture
def pg_demo_db(pg_server: PgServer, pg_demo_template: str) -> Iterator[object]:
    """A copy of the demo office on PostgreSQL for one test."""
    yield from _open_copy(pg_server, pg_demo_template)


def target_of(database: object) -> str:
    """What another process opens to reach `database`: its file, or its server URL (the
    password, if any, travels in CASEDESK_DB_PASSWORD, set by `pg_server`)."""
    url = getattr(database, "url", None)
    return url or str(database.path)  # type: ignore[attr-defined]


def open_target(target: str, key: str) -> object:
    """Open what `target_of` gave, in this or another process."""
    from db.pg import is_pg_url
    from db.store import open_database

    return open_database(target if is_pg_url(target) else Path(target), key)
