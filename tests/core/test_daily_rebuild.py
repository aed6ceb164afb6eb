"""The day's first rebuild (app/cases/daily.py): due when an open case shows another day's
figures, done once under the write lock, audited as the system's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from app.cases.daily import rebuild_due, rebuild_if_due
from app.cases.rebuild import rebuild_queue
from app.models import AuditEntry, Case, CaseStatus
from tests.office_day import office_today


def _rebuilds(database) -> int:
    with database.sessions() as s:
        return s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "queue.rebuild")
        )


def test_a_current_queue_is_left_alone(demo_db):
    with demo_db.session() as s:
        rebuild_queue(s, None)
        assert not rebuild_due(s)
    before = _rebuilds(demo_db)
    assert rebuild_if_due(demo_db) is None
    assert _rebuilds(demo_db) == before


def test_yesterdays_figures_are_brought_up_to_date_once(demo_db):
    yesterday = office_today() - dt.timedelta(days=1)
    with demo_db.session() as s:
        rebuild_queue(s, None)
        s.execute(
            update(Case).where(Case.status != CaseStatus.CLOSED).values(computed_as_of=yesterday)
        )
        assert rebuild_due(s)
    before = _rebuilds(demo_db)
    summary = rebuild_if_due(demo_db)
    assert summary is not None and summary.as_of == office_today() and summary.open_cases > 0
    with demo_db.sessions() as s:
        stale = s.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.status != CaseStatus.CLOSED, Case.computed_as_of != office_today())
        )
        entry = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "queue.rebuild")
            .order_by(AuditEntry.id.desc())
        ).first()
    assert stale == 0
    assert _rebuilds(demo_db) == before + 1 and entry.user_id is None  # the system's
    assert rebuild_if_due(demo_db) is None  # done for the day


def test_an_office_with_no_open_case_is_rebuilt(db):
    with db.sessions() as s:
        assert rebuild_due(s)  # nothing open: only a rebuild can tell whether a case should be


def test_a_queue_scored_with_an_older_formula_is_rebuilt_at_once(demo_db):
    """An office upgraded (or restored) from before the queue's scoring changed: its figures are
    of today, but its stamp is older or missing, so the check rebuilds it once and stamps it."""
    from app.cases.priority import SCORING_VERSION
    from app.cases.scoring_stamp import SCORED_WITH, scored_with
    from app.models import Setting

    with demo_db.session() as s:
        rebuild_queue(s, None)
        assert scored_with(s) == SCORING_VERSION and not rebuild_due(s)
        s.get_one(Setting, SCORED_WITH).value = SCORING_VERSION - 1  # scored by older code
        s.execute(update(Case).values(score=0, score_breakdown={}))  # its scores, not today's
        assert rebuild_due(s)
    before = _rebuilds(demo_db)
    assert rebuild_if_due(demo_db) is not None
    assert _rebuilds(demo_db) == before + 1
    with demo_db.sessions() as s:
        assert scored_with(s) == SCORING_VERSION and not rebuild_due(s)
        open_cases = s.scalars(select(Case).where(Case.status != CaseStatus.CLOSED)).all()
        assert open_cases and all("recovery_chance" in c.score_breakdown for c in open_cases)
    assert rebuild_if_due(demo_db) is None  # once
    with demo_db.session() as s:
        s.delete(s.get_one(Setting, SCORED_WITH))  # built before the stamp existed
    with demo_db.sessions() as s:
        assert rebuild_due(s)
