"""Round-robin, run day after day as a supervisor runs it, shares the cases out evenly: each run
began with the first agent by name, who got the most urgent case and every run's odd one."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select, update

from app.cases.assignment import assign_by_rule
from app.cases.delinquency import BUCKET_NAMES
from app.models import Case, CaseStatus, User
from app.settings import as_of
from app.training import WorkKind, office_training


def test_round_robin_runs_even_out_over_days(demo_db):
    with demo_db.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        day = as_of(s)
        fit = [
            a.agent_id
            for a in office_training(s, day)
            if a.qualified(WorkKind.PHONE) and a.qualified(WorkKind.FIELD)
        ]
        assert len(fit) >= 3
        s.execute(
            update(Case).where(Case.status != CaseStatus.CLOSED).values(assigned_agent_id=None)
        )
        # A run a day, each on the cases of one bucket (the day's new cases, say).
        runs = []
        for bucket in BUCKET_NAMES:
            runs.append(assign_by_rule(s, sup, "round-robin", bucket=bucket).assigned)
        assert sum(runs) > len(fit) * 2 and any(n % len(fit) for n in runs)
        held = Counter(
            s.scalars(
                select(Case.assigned_agent_id).where(
                    Case.status != CaseStatus.CLOSED, Case.assigned_agent_id.is_not(None)
                )
            )
        )
    assert set(held) <= set(fit)
    counts = [held[aid] for aid in fit]
    assert max(counts) - min(counts) <= 1, counts
