"""`report recent` names the file a visit sheet was written to from the command line, as it names a
report's (found by QA: `visit sheet -o FILE` was listed without its file)."""

from __future__ import annotations

import json
import re

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


def test_report_recent_lists_the_visit_sheets_file(cli, monkeypatch, template_db, tmp_path) -> None:
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
    db = ["--db", str(path), "--user", "supervisor"]
    pdf = tmp_path / "agent01-sheet.pdf"
    code, _out, err = cli("visit", "sheet", "--agent", "agent01", "--date", day, "-o", pdf, *db)
    assert code == 0 and pdf.exists(), err

    code, out, err = cli("report", "recent", *db)
    assert code == 0, err
    (line,) = out.strip().splitlines()
    columns = re.split(r"\s{2,}", line)
    assert columns[2:] == [day, "English", columns[-2], "agent01-sheet.pdf"]
    assert columns[1].startswith("Daily visit sheet: ")

    code, out, err = cli("report", "recent", "--json", *db)
    assert code == 0, err
    (listed,) = json.loads(out)
    assert (listed["report"], listed["day"], listed["agent"], listed["file"]) == (
        "visit_sheet",
        day,
        "agent01",
        "agent01-sheet.pdf",
    )
