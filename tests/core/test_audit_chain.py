"""The audit trail is append-only and tamper-evident; `casedesk audit verify` names the break."""

from __future__ import annotations

import csv

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from app import audit
from app.cli.main import main
from app.office import create_office
from tests.conftest import TEST_KEY
from tests.office_day import office_today


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        for n in range(5):
            audit.record(s, admin, "test.step", "thing", n, {"n": n, "text": f"第{n}步"})
    return db


def _raw(path):
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{TEST_KEY}'\"")
    return conn


def test_an_intact_chain_verifies(office):
    with office.session() as s:
        result = audit.verify_chain(s)
    assert result.intact and result.checked >= 7


def test_entries_appended_together_chain_as_one_by_one(office):
    import datetime as dt

    from sqlalchemy import select

    from app.models import AuditEntry, User

    when = dt.datetime(2026, 3, 1, 2, 30, tzinfo=dt.UTC)
    with office.session() as s:
        admin = s.scalars(select(User)).one()
        written = audit.record_many(
            s,
            [
                (admin, "test.many", "thing", 10, {"day": dt.date(2026, 3, 1)}, when),
                (None, "test.many", "thing", "11", None, None),
            ],
        )
        assert audit.record_many(s, []) == 0
        audit.record(s, admin, "test.after", "thing", 12)
    with office.session() as s:
        result = audit.verify_chain(s)
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(4)).all()[::-1]
    assert written == 2 and result.intact
    assert [r.action for r in rows] == ["test.step", "test.many", "test.many", "test.after"]
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert rows[1].at == when and rows[1].changes == {"day": "2026-03-01"}
    assert rows[1].entity_id == "10" and rows[2].user_id is None


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_entry SET action = 'x' WHERE id = 3", "DELETE FROM audit_entry WHERE id = 3"],
)
def test_the_database_refuses_changes(office, sql):
    with pytest.raises(DatabaseError, match="append-only"), office.session() as s:
        s.execute(text(sql))


@pytest.mark.sqlite_only  # edits or opens the file; tests/pg/test_audit_pg.py on PG
def test_tampering_is_found_and_named(office, monkeypatch, capsys):
    office.close()
    conn = _raw(office.path)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("UPDATE audit_entry SET changes = '{\"n\": 99}' WHERE id = 4")
    conn.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")
    code = main(["audit", "verify", "--db", str(office.path)])
    assert code == 4 and "entry 4" in capsys.readouterr().err


@pytest.mark.sqlite_only  # edits or opens the file; tests/pg/test_audit_pg.py on PG
def test_a_removed_entry_breaks_the_next_link(office):
    office.close()
    conn = _raw(office.path)
    conn.execute("DROP TRIGGER audit_entry_no_delete")
    conn.execute("DELETE FROM audit_entry WHERE id = 3")
    conn.close()
    from db.store import open_database

    db = open_database(office.path, TEST_KEY)
    with db.session() as s:
        result = audit.verify_chain(s)
    db.close()
    assert not result.intact and result.first_broken == 4 and result.reason == "link"


@pytest.mark.sqlite_only  # edits or opens the file; tests/pg/test_audit_pg.py on PG
def test_export_is_admin_only_and_audited(office, monkeypatch, capsys, tmp_path):
    office.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")
    today = office_today().isoformat()  # the command reads its dates on the office's clock
    out = tmp_path / "audit.csv"
    db = ["--db", str(office.path)]
    assert main(["audit", "export", "--from", today, "--to", today, "-o", str(out), *db]) == 0
    with open(out, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert any(r["action"] == "test.step" and "第" in r["changes"] for r in rows)
    assert main(["audit", "verify", "--json", *db]) == 0
    assert '"intact": true' in capsys.readouterr().out  # the export itself is chained too
