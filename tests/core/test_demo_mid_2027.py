"""The suite's demo (seed 7, 300 loans) built on 15 June 2027, where it fell short: it had no case
past its records retention whose borrower could be erased. Each of its seven paid-off loans that
app/demo/old_records.py may move back had calls that, one or two years earlier, would have been
made by agents not yet trained. The loan moved back is now given to one of the office's two
longest-serving agents, trained since two years before the book's first loans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Case, ContactAttempt
from app.office import office_zone
from app.retention import past_retention
from app.training import WorkKind, untrained_for
from app.visits.common import utc
from db.store import Database
from tests.core.test_demo_new_year import built_at, erasure_refusals

AS_OF = dt.date(2027, 6, 15)
MORNING = dt.datetime(2027, 6, 15, 2, tzinfo=dt.UTC)  # 10:00 in Shanghai


@pytest.fixture(scope="module")
def mid_2027(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = built_at(template_db, tmp_path_factory, AS_OF, MORNING)
    yield database
    database.close()


def test_a_borrower_past_retention_may_be_erased(mid_2027: Database) -> None:
    refusals = erasure_refusals(mid_2027, AS_OF)
    assert None in refusals, refusals


def test_every_call_of_a_case_past_retention_was_by_an_agent_then_trained(
    mid_2027: Database,
) -> None:
    with mid_2027.session() as s:
        zone = office_zone(s)
        case_ids = [p.case_id for p in past_retention(s, AS_OF).cases]
        calls = s.execute(
            select(ContactAttempt.agent_id, ContactAttempt.at).where(
                ContactAttempt.case_id.in_(case_ids)
            )
        ).all()
        assert calls
        assert [
            (agent, at)
            for agent, at in calls
            if untrained_for(s, agent, WorkKind.PHONE, utc(at).astimezone(zone).date())
        ] == []
        assert {a for a, _ in calls} <= {
            c.assigned_agent_id for c in s.scalars(select(Case).where(Case.id.in_(case_ids)))
        } | {None}
