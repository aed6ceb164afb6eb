"""`casedesk queue --as-of` a past day (found by QA): a case of a loan that fell due after that
day was listed as open with 0 days past due, and nothing said that only the positions are
recomputed. Now such cases are left out, in the CLI and the window's queue alike, and the note
says what the figures are."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from app.cli.main import main
from app.models import Case, CaseStatus, User
from app.queries.cases import queue_ids
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.office_day import office_today


def _young_case(demo_path) -> tuple[str, int]:
    """The open case with the fewest days past due today (more than one): its number and DPD."""
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            row = s.execute(
                select(Case.case_no, Case.dpd)
                .where(Case.status != CaseStatus.CLOSED, Case.dpd > 1)
                .order_by(Case.dpd, Case.id)
                .limit(1)
            ).one()
    finally:
        database.close()
    return row[0], int(row[1])


def test_a_case_that_fell_due_after_the_day_is_left_out(capsys, monkeypatch, demo_path) -> None:
    case_no, dpd = _young_case(demo_path)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    db = ["--db", str(demo_path)]
    day_before = office_today() - dt.timedelta(days=dpd)  # its oldest instalment not yet late
    capsys.readouterr()
    assert main(["queue", "--search", case_no, "--json", *db]) == 0
    assert [c["case_no"] for c in json.loads(capsys.readouterr().out)["cases"]] == [case_no]
    assert main(["queue", "--as-of", day_before.isoformat(), "--search", case_no, *db]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"Work queue as of {day_before}: 0 of 0 open cases.")
    assert captured.err.startswith(f"Today's open cases overdue on {day_before}, with days past")
    assert "promises, contacts, visits and statuses are as recorded today" in captured.err
    earlier = office_today() - dt.timedelta(days=dpd - 1)  # a day later it was overdue
    assert main(["queue", "--as-of", earlier.isoformat(), "--search", case_no, "--json", *db]) == 0
    listed = json.loads(capsys.readouterr().out)["cases"]
    assert [(c["case_no"], c["dpd"]) for c in listed] == [(case_no, 1)]
    # The core's list, which the window's queue reads, leaves it out the same way.
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            from app.cases.rebuild import rebuild_queue

            sup = s.scalar(select(User).where(User.username == "supervisor"))
            rebuild_queue(s, None, day_before)
            case_id = s.scalar(select(Case.id).where(Case.case_no == case_no))
            assert case_id not in queue_ids(s, sup, as_of=day_before)
            s.rollback()
    finally:
        database.close()
