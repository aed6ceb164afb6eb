"""PostgreSQL fixtures: a fresh database per test, created from a template migrated once.

The tests run on PostgreSQL only when CASEDESK_TEST_PG_URL names a server database the tests may
create databases from, e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/postgres` (.ci/run
starts one); without it they are skipped (the SQLite suite is unaffected). Each session's
databases are named `cdt_<pid>_…` and dropped at the end.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
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


# .ci/run's pg_hba.conf makes the members of this group log in over TCP with a password (the rest
# of the server trusts its users): the tests of the server password use a role in it.
PASSWORD_GROUP = "casedesk_pw"


@dataclass
class PasswordRole:
    """A role that must give its password; it may use every test database (a member of the
    tests' own role)."""

    server: PgServer
    name: str
    password: str

    def url(self, database_url: str) -> str:
        """`database_url` as this role, without its password."""
        from db.pg import parse_url

        url = parse_url(database_url).set(username=self.name, password=None)
        return url.render_as_string(hide_password=False)

    def change_password(self) -> str:
        """A new password on the server (as an administrator would change it); returns it."""
        self.password = secrets.token_hex(8)
        with self.server.admin.connect() as conn:
            conn.execute(text(f"ALTER ROLE \"{self.name}\" PASSWORD '{self.password}'"))
        return self.password

    def sessions(self) -> int:
        """How many connections the role has open on the server."""
        with self.server.admin.connect() as conn:
            query = "SELECT count(*) FROM pg_stat_activity WHERE usename = :n"
            return int(conn.execute(text(query), {"n": self.name}).scalar_one())


_roles = itertools.count(1)


@pytest.fixture
def pg_password_role(pg_server: PgServer) -> Iterator[PasswordRole]:
    """A new role that the server lets in with its password only; skipped on a server that
    trusts it (PASSWORD_GROUP's line missing from pg_hba.conf: see .ci/run)."""
    import psycopg

    role = PasswordRole(pg_server, f"{pg_server.prefix}pw{next(_roles)}", secrets.token_hex(8))
    with pg_server.admin.connect() as conn:
        conn.execute(
            text(
                "DO $$ BEGIN CREATE ROLE " + PASSWORD_GROUP + " NOLOGIN; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
        )
        admin = conn.execute(text("SELECT current_user")).scalar_one()
        conn.execute(
            text(
                f"CREATE ROLE \"{role.name}\" LOGIN PASSWORD '{role.password}' "
                f'IN ROLE {PASSWORD_GROUP}, "{admin}"'
            )
        )
    base = pg_server.base
    try:
        psycopg.connect(
            host=base.host, port=base.port, dbname=base.database, user=role.name, password=""
        ).close()
        trusted = True
    except psycopg.OperationalError:
        trusted = False
    try:
        if trusted:
            pytest.skip(f"the server lets {PASSWORD_GROUP} in without a password (see .ci/run)")
        yield role
    finally:
        with pg_server.admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :n"),
                {"n": role.name},
            )
            conn.execute(text(f'DROP ROLE IF EXISTS "{role.name}"'))
