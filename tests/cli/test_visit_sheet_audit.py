"""The daily visit sheet is audited when printed (found by QA of a field day): it carries each
borrower's full phone number and home address, yet `visit sheet` and the Visits page's Print
visit sheet… left no trace, while an agreement's print (masked ID only) and every report did.
Now each print records who printed whose sheet, for which day, with which visits, in which
language — from the command line and the window alike — and a refused one records nothing."""

from __future__ import annotations

from sqlalchemy import select

from app.audit_labels import AUDIT_ACTION
from app.labels import label
from app.models import AuditEntry, User
from app.queries.audit_log import audit_ids, audit_rows
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.visit_office import (
    PASSWORD,
    book,
    case_nos,
    slot,
    verified_visit,
    visit_office_path,
)


def _sheet_entries(path) -> list[tuple[str, str, dict]]:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            rows = s.execute(
                select(User.username, AuditEntry.entity_id, AuditEntry.changes)
                .join(User, User.id == AuditEntry.user_id)
                .where(AuditEntry.action == "visit.sheet")
                .order_by(AuditEntry.id)
            )
            return [(who, agent, changes) for who, agent, changes in rows]
    finally:
        database.close()


def test_the_command_line_records_each_print(cli, monkeypatch, template_db, tmp_path) -> None:
    path = visit_office_path(template_db, tmp_path)
    database = open_database(path, TEST_KEY)
    try:
        number = verified_visit(database, case_nos(database)[0])
        assert book(database, number, start=slot(10)).saved
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    day = slot(10).date().isoformat()
    db = ["--db", str(path)]
    pdf = tmp_path / "sheet.pdf"
    code, out, err = cli(
        "--lang", "zh_CN", "visit", "sheet", "--agent", "agent02", "--date", day,
        "-o", pdf, "--user", "agent02", *db,
    )  # fmt: skip
    assert code == 0 and pdf.exists(), err
    assert _sheet_entries(path) == [
        (
            "agent02",
            "agent02",
            {"day": day, "visits": [number], "language": "zh_CN", "file": "sheet.pdf"},
        )
    ]
    # Another agent's sheet is refused, and nothing is recorded.
    code, _out, err = cli(
        "visit", "sheet", "--agent", "agent01", "--date", day, "-o", tmp_path / "other.pdf",
        "--user", "agent02", *db,
    )  # fmt: skip
    assert code == 1 and "may print only their own visit sheet" in err
    assert len(_sheet_entries(path)) == 1
    # A file that cannot be written leaves no entry either.
    code, _out, _err = cli(
        "visit", "sheet", "--agent", "agent02", "--date", day,
        "-o", tmp_path / "no-such-folder" / "sheet.pdf", "--user", "agent02", *db,
    )  # fmt: skip
    assert code == 1 and len(_sheet_entries(path)) == 1
    # The Audit page reads it in words.
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            ids = audit_ids(s, admin)
            for lang, words in (("en", "Visit sheet printed"), ("zh_CN", "打印上门日程表")):
                row = next(
                    r for r in audit_rows(s, ids, lang).values() if r.action == "visit.sheet"
                )
                assert label(AUDIT_ACTION, row.action, lang) == words
                assert number in row.words_line(lang) and row.record_name  # the agent by name
    finally:
        database.close()
