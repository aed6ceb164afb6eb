"""Every CLI option naming an agent takes the name the lists show as `assign --agent` does (QA16:
`visit sheet --agent 杜平` said "Unknown user 杜平"): `visit sheet`, `visit list`, `audit list`
and `export` find the agent by it; the sheet is recorded under the user name."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.models import User
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


def test_the_agents_shown_name_is_taken(cli, monkeypatch, template_db, tmp_path) -> None:
    path = visit_office_path(template_db, tmp_path)
    database = open_database(path, TEST_KEY)
    try:
        number = verified_visit(database, case_nos(database)[0])
        assert book(database, number, start=slot(10)).saved
        with database.sessions() as s:
            shown = s.scalar(select(User.display_name).where(User.username == "agent01"))
    finally:
        database.close()
    assert shown and shown != "agent01"
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    day = slot(10).date().isoformat()
    db = ["--db", str(path), "--user", "supervisor"]
    pdf = tmp_path / "sheet.pdf"
    code, out, err = cli("visit", "sheet", "--agent", shown, "--date", day, "-o", pdf, *db)
    assert code == 0 and pdf.exists(), err
    code, out, err = cli("report", "recent", "--json", *db)
    assert json.loads(out)[0]["agent"] == "agent01"  # recorded under the user name
    code, by_name, err = cli("visit", "list", "--agent", shown, "--date", day, *db)
    assert code == 0, err
    code, by_user, err = cli("visit", "list", "--agent", "agent01", "--date", day, *db)
    assert by_name == by_user and number in by_name
    code, out, err = cli("audit", "list", "--agent", shown, "--json", *db)
    assert code == 0, err
    code, out, err = cli("visit", "sheet", "--agent", "无此人", "--date", day,
                         "-o", tmp_path / "x.pdf", *db)  # fmt: skip
    assert code != 0 and "Unknown user 无此人" in err
