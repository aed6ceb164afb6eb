"""`casedesk queue` lists the cases due now before the waiting ones and says of a waiting case
"Waiting until <date>" (`waiting` in --json); `casedesk case show` says why a waiting case is
listed below the cases due now, in English and Chinese. The demo office, its queue rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TEST_KEY


@pytest.fixture
def office(monkeypatch, demo_path: Path) -> tuple[list[str], str, str]:  # type: ignore[no-untyped-def]
    """(--db args, a waiting case's number, its next action's date)."""
    from app.cases.rebuild import rebuild_queue
    from app.models import Case, CaseStatus
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    with database.session() as s:
        rebuild_queue(s, None)
        case = s.scalars(
            select(Case)
            .where(
                Case.waiting,
                Case.status.not_in([CaseStatus.CLOSED, CaseStatus.PAUSED, CaseStatus.LEGAL]),
            )
            .order_by(Case.score.desc(), Case.id)
        ).first()
        assert case is not None and case.next_action_on is not None
        found = case.case_no, case.next_action_on.isoformat()
    database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)], *found


def test_the_queue_lists_the_due_first_and_says_until_when(cli, office) -> None:  # type: ignore[no-untyped-def]
    env, case_no, date = office
    code, out, _err = cli("queue", "--json", "--limit", "1000", *env)
    assert code == 0
    cases = json.loads(out)["cases"]
    waiting = [c["waiting"] for c in cases]
    assert False in waiting and True in waiting and waiting == sorted(waiting)
    code, out, _err = cli("queue", "--limit", "1000", *env)
    line = next(x for x in out.splitlines() if x.startswith(case_no))
    assert line.rstrip().endswith(f"Waiting until {date}"), line
    code, out, _err = cli("--lang", "zh_CN", "queue", "--limit", "1000", *env)
    line = next(x for x in out.splitlines() if x.startswith(case_no))
    assert line.rstrip().endswith(f"等到 {date}"), line


def test_case_show_says_the_case_waits_below_the_due(cli, office) -> None:  # type: ignore[no-untyped-def]
    env, case_no, date = office
    code, out, err = cli("case", "show", case_no, *env)
    assert code == 0 and not err
    assert (
        f"Waiting until {date}: its next action is for a later day, so the work queue lists it "
        "below the cases due now, whatever its score."
    ) in out.splitlines()
    code, out, err = cli("--lang", "zh_CN", "case", "show", case_no, *env)
    assert code == 0 and not err
    assert any(x.startswith(f"等到 {date}：") for x in out.splitlines())
    code, out, _err = cli("case", "show", case_no, "--json", *env)
    assert json.loads(out)["queue_place"].startswith(f"Waiting until {date}:")
