"""`casedesk queue` lists a case with a promise due on the queue date with the cases due now and
its next action as the plain date, as `--promise-due` finds it; a promise due the next day
still reads "Waiting until <date>". The demo office, two of its cases given a promise."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TEST_KEY


@pytest.fixture
def office(monkeypatch, demo_path: Path) -> tuple[list[str], str, str, dt.date]:  # type: ignore[no-untyped-def]
    """(--db args, the case promising on the queue date, the case promising the day after, the
    queue date)."""
    from app import settings
    from app.cases.rebuild import rebuild_queue
    from app.models import Case, CaseStatus, Promise, PromiseStatus
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    with database.session() as s:
        day = settings.as_of(s)
        pending = select(Promise.case_id).where(Promise.status == PromiseStatus.PENDING)
        today, tomorrow = s.scalars(
            select(Case)
            .where(Case.status.in_([CaseStatus.NEW, CaseStatus.CONTACTED]), Case.id.not_in(pending))
            .order_by(Case.id)
            .limit(2)
        ).all()
        for case, due in ((today, day), (tomorrow, day + dt.timedelta(days=1))):
            s.add(Promise(case_id=case.id, amount=50_000, due_on=due))
        s.flush()
        rebuild_queue(s, None)
        assert not today.waiting and tomorrow.waiting
        found = today.case_no, tomorrow.case_no, day
    database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)], *found


def test_a_promise_due_on_the_queue_date_is_due_not_waiting(cli, office) -> None:  # type: ignore[no-untyped-def]
    env, today, tomorrow, day = office
    code, out, _err = cli("queue", "--json", "--limit", "100000", *env)
    assert code == 0
    cases = {c["case_no"]: c for c in json.loads(out)["cases"]}
    assert cases[today]["waiting"] is False and cases[tomorrow]["waiting"] is True
    # The next action is the day the promise falls due: the day the case stops waiting.
    after = (day + dt.timedelta(days=1)).isoformat()
    assert (cases[today]["next_action_on"], cases[tomorrow]["next_action_on"]) == (
        day.isoformat(),
        after,
    )
    for lang, words in (("en", "Waiting until"), ("zh_CN", "等到")):
        code, out, _err = cli("--lang", lang, "queue", "--promise-due", "--limit", "1000", *env)
        line = next(x for x in out.splitlines() if x.startswith(today))
        assert words not in line, line
        code, out, _err = cli("--lang", lang, "queue", "--limit", "100000", *env)
        line = next(x for x in out.splitlines() if x.startswith(tomorrow))
        assert f"{words} {after}" in line, line
        code, out, _err = cli("--lang", lang, "case", "show", tomorrow, *env)
        assert f"{words} {after}" in out, out
        code, out, _err = cli("--lang", lang, "case", "show", today, *env)
        assert words not in out, out
