"""`casedesk visit sheet --date` for a past day prints that day's amount overdue, days past due
and bucket, not today's (found at a month-end walk: a case paid off since showed 0.00)."""

from __future__ import annotations

from pypdf import PdfReader

from app.money import fmt
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.past_visit import visit_paid_since
from tests.core.visit_office import PASSWORD, visit_office_path


def test_a_past_days_sheet_from_the_command_line(cli, monkeypatch, template_db, tmp_path) -> None:
    path = visit_office_path(template_db, tmp_path)
    database = open_database(path, TEST_KEY)
    try:
        then = visit_paid_since(database)
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    pdf = tmp_path / "sheet.pdf"
    day = then.day.isoformat()
    db = ["--db", str(path), "--user", "supervisor"]
    code, _out, err = cli("visit", "sheet", "--agent", "agent01", "--date", day, "-o", pdf, *db)
    assert code == 0 and pdf.exists(), err
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert then.visit_no in text
    late = f"{then.dpd} days past due ({then.bucket})"
    assert f"{fmt(then.amount_overdue)} · {late}" in text
