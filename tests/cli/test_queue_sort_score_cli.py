"""`casedesk queue --sort score` sorts as the window's Score header does: in the queue's tiered
order (the cases due now, then the waiting and held), not by score alone; `--reverse` gives the
default order, most urgent first (found by QA). The demo office, its queue rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TEST_KEY


@pytest.fixture
def office(monkeypatch, demo_path: Path) -> tuple[list[str], list[int], list[int]]:  # type: ignore[no-untyped-def]
    """(--db args, the window's Score header's order descending, ascending: case ids)."""
    from sqlalchemy import func, select

    from app.cases.rebuild import rebuild_queue
    from app.models import Case, CaseStatus, User
    from app.queries.cases import queue_ids
    from db.store import open_database
    from ui.queue_columns import COLUMNS

    HELD = [CaseStatus.CLOSED, CaseStatus.PAUSED, CaseStatus.LEGAL]  # noqa: N806
    database = open_database(demo_path, TEST_KEY)
    with database.session() as s:
        rebuild_queue(s, None)
        # A waiting case scoring above every due case, whatever the demo's day.
        top = s.scalar(select(func.max(Case.score)))
        waiting = s.scalars(
            select(Case).where(Case.waiting, Case.status.not_in(HELD)).order_by(Case.id)
        ).first()
        assert waiting is not None
        waiting.score = top + 1
        s.flush()
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        key = next(c.sort_key for c in COLUMNS if c.header == "Score")
        down = queue_ids(s, boss, sort=key, descending=True)
        up = queue_ids(s, boss, sort=key, descending=False)
        assert queue_ids(s, boss, sort="score", descending=True) == down
        assert queue_ids(s, boss, sort="score", descending=False) == up
    database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)], down, up


def _cases(cli, env, *extra: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    code, out, _err = cli("queue", "--json", "--limit", "100000", *extra, *env)
    assert code == 0
    return json.loads(out)["cases"]


def test_sort_by_score_is_the_windows_score_header(cli, office) -> None:  # type: ignore[no-untyped-def]
    env, down, up = office
    default = _cases(cli, env)
    backwards = _cases(cli, env, "--sort", "score", "--reverse")
    assert [c["case_no"] for c in backwards] == [c["case_no"] for c in default]
    waiting = [c["waiting"] for c in backwards]
    assert False in waiting and True in waiting and waiting == sorted(waiting)
    assert backwards[0]["score"] < max(c["score"] for c in backwards)  # the waiting one's
    ascending = _cases(cli, env, "--sort", "score")
    assert [c["case_no"] for c in ascending] == [c["case_no"] for c in reversed(default)]
    assert len(ascending) == len(up) == len(down)
