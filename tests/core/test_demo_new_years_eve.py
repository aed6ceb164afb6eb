"""The suite's demo (seed 7, 300 loans) built at 23:57 on 31 December 2026 in Shanghai, where it
fell short: the bulk's one draft had a waiver under the office's threshold, so nothing waited for
a supervisor's approval (the dashboard's tile and `casedesk approvals` were empty), and the demo
added no draft because one existed. It now adds a plan an agent drafted, its waiver above the
threshold, after the office's last draft (the sequence numbers them in drafting order)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.agreements.common import waiver_threshold
from app.auth import authenticate
from app.models import Agreement, AuditEntry, Case, User
from app.queries.approvals import AGREEMENT, waiting_for_approval
from app.roles import Role
from db.store import Database
from tests.core.test_demo_new_year import built_at

AS_OF = dt.date(2026, 12, 31)
LATE = dt.datetime(2026, 12, 31, 15, 57, tzinfo=dt.UTC)  # 23:57 on 31 December in Shanghai


@pytest.fixture(scope="module")
def new_years_eve(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    database = built_at(template_db, tmp_path_factory, AS_OF, LATE)
    yield database
    database.close()


def test_an_agents_draft_waits_for_the_supervisor(new_years_eve: Database) -> None:
    supervisor = authenticate(new_years_eve.sessions, "supervisor", "demo")
    with new_years_eve.sessions() as s:
        waiting = [w for w in waiting_for_approval(s, supervisor) if w.kind == AGREEMENT]
        assert waiting
        threshold = waiver_threshold(s)
        for w in waiting:
            agreement = s.scalar(select(Agreement).where(Agreement.agreement_no == w.number))
            drafter = s.get(User, agreement.drafted_by_id)
            assert w.waiver > threshold and drafter.role == Role.AGENT, w.number
            assert s.get(Case, agreement.case_id).assigned_agent_id == drafter.id, w.number
            made = s.scalar(
                select(AuditEntry).where(
                    AuditEntry.action == "agreement.draft", AuditEntry.entity_id == w.number
                )
            )
            assert made is not None and made.user_id == drafter.id, w.number
            assert made.at.replace(tzinfo=dt.UTC) < LATE, w.number


def test_agreements_are_still_numbered_in_drafting_order(new_years_eve: Database) -> None:
    with new_years_eve.sessions() as s:
        numbers = s.scalars(
            select(Agreement.agreement_no).order_by(Agreement.created_at, Agreement.id)
        ).all()
        assert [int(n[-6:]) for n in numbers] == list(range(1, len(numbers) + 1))
