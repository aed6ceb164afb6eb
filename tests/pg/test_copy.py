"""`db copy`: the small demo office from its SQLite file to PostgreSQL, counted and verified."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from app.audit import verify_chain
from app.errors import DatabaseError
from app.models import AuditEntry, Base, ContactAttempt
from db.copy import copy_database
from db.store import open_database
from tests.conftest import TEST_KEY


def _counts(database) -> dict[str, int]:
    with database.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }


def _rows(database, table) -> list[tuple]:
    with database.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


def test_copy_demo_office_counts_match_and_chain_verifies(pg_server, demo_template) -> None:
    name = pg_server.create()
    source = open_database(demo_template, TEST_KEY)
    target = open_database(pg_server.url(name), TEST_KEY, upgrade=False)
    seen: dict[str, int] = {}
    try:
        result = copy_database(
            source, target, progress=lambda t, done, total: seen.update({t: done})
        )
        expected = _counts(source)
    finally:
        source.close()
        target.close()
    assert {t.table: t.source for t in result.tables} == expected
    assert all(t.source == t.target for t in result.tables)
    assert expected["loan"] > 0 and expected["audit_entry"] > 0 and expected["contact_attempt"] > 0
    assert seen == expected  # progress reported every table up to its full count
    copied = open_database(pg_server.url(name), TEST_KEY)
    source = open_database(demo_template, TEST_KEY)
    try:
        assert _counts(copied) == expected
        for table in Base.metadata.sorted_tables:  # every value came across unchanged
            assert _rows(copied, table) == _rows(source, table), table.name
        with copied.session() as s:
            chain = verify_chain(s)
            assert chain.intact and chain.checked == expected["audit_entry"]
            # The id sequences moved past the copied ids: a new row gets the next id.
            biggest = s.scalar(select(func.max(ContactAttempt.id)))
            next_id = s.execute(
                text("SELECT nextval(pg_get_serial_sequence('contact_attempt', 'id'))")
            ).scalar()
            assert next_id == biggest + 1
            last = s.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        assert last is not None
    finally:
        copied.close()
        source.close()
    pg_server.drop(name)


def test_copy_refuses_a_non_empty_target_and_changes_nothing(pg_server, pg_demo_db, demo_template):
    before = _counts(pg_demo_db)
    source = open_database(demo_template, TEST_KEY)
    target = open_database(pg_server.url(pg_demo_db.path.name), TEST_KEY, upgrade=False)
    try:
        with pytest.raises(DatabaseError, match="already holds an office"):
            copy_database(source, target)
    finally:
        source.close()
        target.close()
    assert _counts(pg_demo_db) == before


def test_failed_copy_leaves_the_target_empty(pg_server, demo_template, tmp_path) -> None:
    """A row the server refuses (a name longer than its column) undoes the whole copy."""
    import shutil

    bad = tmp_path / "bad.db"
    shutil.copyfile(demo_template, bad)
    source = open_database(bad, TEST_KEY)
    with source.engine.begin() as conn:  # SQLite does not enforce VARCHAR lengths; PG does
        conn.execute(
            text("UPDATE phone SET number = :n WHERE id = (SELECT max(id) FROM phone)"),
            {"n": "1" * 500},
        )
    name = pg_server.create()
    target = open_database(pg_server.url(name), TEST_KEY, upgrade=False)
    try:
        with pytest.raises(DatabaseError, match="failed and was undone"):
            copy_database(source, target)
        with target.engine.connect() as conn:
            tables = conn.execute(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema='public'")
            ).scalar()
        assert tables == 0  # not even the schema stayed
    finally:
        source.close()
        target.close()
    pg_server.drop(name)


def test_copy_with_another_key_is_refused(pg_server, demo_template) -> None:
    name = pg_server.create()
    source = open_database(demo_template, TEST_KEY)
    target = open_database(pg_server.url(name), "ab" * 32, upgrade=False)
    try:
        with pytest.raises(DatabaseError, match="office key"):
            copy_database(source, target)
    finally:
        source.close()
        target.close()


def test_a_source_with_a_broken_audit_chain_is_not_copied(pg_server, demo_template, tmp_path):
    import shutil

    import sqlcipher3.dbapi2 as sqlcipher

    bad = tmp_path / "tampered.db"
    shutil.copyfile(demo_template, bad)
    raw = sqlcipher.connect(str(bad), isolation_level=None)
    raw.execute(f"PRAGMA key = \"x'{TEST_KEY}'\"")
    raw.execute("DROP TRIGGER audit_entry_no_update")
    raw.execute("UPDATE audit_entry SET action = 'x' WHERE id = (SELECT min(id) FROM audit_entry)")
    raw.close()
    source = open_database(bad, TEST_KEY)
    name = pg_server.create()
    target = open_database(pg_server.url(name), TEST_KEY, upgrade=False)
    try:
        with pytest.raises(DatabaseError, match="audit chain does not verify"):
            copy_database(source, target)
        with target.engine.connect() as conn:
            assert not conn.execute(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema='public'")
            ).scalar()
    finally:
        source.close()
        target.close()
    pg_server.drop(name)


def test_cli_db_copy_then_the_office_opens_from_the_url(pg_server, demo_path, monkeypatch, capsys):
    import json

    from app.cli.main import main

    name = pg_server.create()
    url = pg_server.url(name)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    # The whole office leaves the file: an admin's act (QA: it needed no login at all), audited.
    monkeypatch.delenv("CASEDESK_USER", raising=False)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    assert main(["db", "copy", "--from", str(demo_path), "--to", url]) == 1
    assert "Say who you are" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    assert main(["db", "copy", "--from", str(demo_path), "--to", url]) == 1
    assert "may not manage backups" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_USER", "admin")
    assert main(["db", "copy", "--from", str(demo_path), "--to", url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    source = open_database(demo_path, TEST_KEY)
    try:
        with source.sessions() as s:
            entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "database.copy"))
            assert entry is not None and entry.changes["rows"] == report["rows"]
    finally:
        source.close()
    assert report["rows"] > 0 and report["audit_entries_verified"] > 0
    assert report["tables"]["loan"] > 0 and "password" not in report["to"]
    # A second copy into the same database is refused and changes nothing.
    assert main(["db", "copy", "--from", str(demo_path), "--to", url]) == 1
    assert "already holds an office" in capsys.readouterr().err
    assert main(["db", "copy", "--from", str(demo_path), "--to", str(demo_path)]) == 1
    assert "must be a PostgreSQL URL" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    assert main(["queue", "--db", url, "--limit", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)
    pg_server.drop(name)
