"""The audit trail on PostgreSQL: the plpgsql trigger refuses changes, tampering is named by
`casedesk audit verify --db URL`, and the CLI opens a server office from its URL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app import audit
from app.cli.main import main
from app.office import create_office
from tests.conftest import TEST_KEY


@pytest.fixture
def office(pg_db):
    with pg_db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        for n in range(5):
            audit.record(s, admin, "test.step", "thing", n, {"n": n, "text": f"第{n}步"})
    return pg_db


@pytest.mark.parametrize("sql", ["UPDATE audit_entry SET action = 'x'", "DELETE FROM audit_entry"])
def test_the_server_refuses_changes(office, sql) -> None:
    with pytest.raises(DBAPIError, match="append-only"), office.session() as s:
        s.execute(text(sql))


def test_cli_verifies_then_names_the_altered_entry(office, pg_server, monkeypatch, capsys):
    url = pg_server.url(office.path.name)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")
    assert main(["audit", "verify", "--db", url]) == 0
    with office.engine.begin() as conn:  # what only the server's owner could do
        conn.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update"))
        conn.execute(text("""UPDATE audit_entry SET changes = '{"n": 99}' WHERE id = 4"""))
        conn.execute(text("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update"))
    capsys.readouterr()
    assert main(["audit", "verify", "--db", url]) == 4
    assert "entry 4" in capsys.readouterr().err


def test_cli_status_and_upgrade_on_a_server(pg_server, capsys) -> None:
    name = pg_server.create()
    url = pg_server.url(name)
    assert main(["db", "upgrade", "--db", url]) == 0  # an empty database: the schema is created
    assert "Created the schema" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", url]) == 0
    assert "Already at head" in capsys.readouterr().out
    assert (
        main(
            ["db", "status", "--db", url, "--json"],
        )
        == 1
    )  # no office key anywhere
    assert "No office key" in capsys.readouterr().err
    pg_server.drop(name)


def test_a_wrong_server_or_url_is_a_clear_error(pg_server, capsys) -> None:
    bad = pg_server.url("no_such_database_here")
    assert main(["db", "upgrade", "--db", bad]) == 1
    assert "Cannot open" in capsys.readouterr().err
    assert main(["db", "upgrade", "--db", "postgresql+psycopg://host-only"]) == 1
    assert "names no database" in capsys.readouterr().err
    assert main(["init", "--db", pg_server.url("x")]) == 1
    assert "not a server URL" in capsys.readouterr().err


def test_a_wrong_office_key_is_refused_before_anything_is_chained(office, pg_server) -> None:
    """On a server the office key is the audit chain's secret and nothing else checks it: opened
    with another key, every later entry was chained with it, and `audit verify` then named
    honest entries as altered. The key is tried on the trail's last entries first."""
    from app.errors import DatabaseError
    from db.pg_store import open_pg

    url = pg_server.url(office.path.name)
    count = text("SELECT count(*) FROM audit_entry")
    with office.session() as s:
        before = s.execute(count).scalar()
    with pytest.raises(DatabaseError, match="does not match"):
        open_pg(url, "fedcba9876543210" * 4)
    with office.session() as s:  # nothing was written
        assert s.execute(count).scalar() == before
        assert audit.verify_chain(s).intact
    opened = open_pg(url, TEST_KEY)  # the right key opens it
    opened.close()


def test_server_upgrade_takes_the_office_key_when_it_has_one(office, pg_server, monkeypatch):
    """`db upgrade` on a server passes on the office key from CASEDESK_DB_KEY (a migration that
    writes audit entries needs it) and refuses a wrong one."""
    url = pg_server.url(office.path.name)
    monkeypatch.setenv("CASEDESK_DB_KEY", "fedcba9876543210" * 4)
    assert main(["db", "upgrade", "--db", url]) == 1
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    assert main(["db", "upgrade", "--db", url]) == 0
