"""The day the queue was built for is the open cases' (QA s47 O-1): after an admin confirmed this
clock right and the queue was rebuilt as of an earlier day than a computer whose clock was ahead
built it for, the cases that rebuild closed still hold the later day (a rebuild leaves closed
cases as they are). A clock set back further then names the rebuilt day, not the later one: in
the rebuild's refusal, the kept figures' notice and the dashboard's heading. The frame is shifted
rather than the clock: the computer whose clock was ahead built for three days from now, the
confirmed clock read one day from now, and this moment is the clock set back further; no hour or
day of the run matters."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.cases.daily import rebuild_if_due
from app.cases.rebuild import rebuild_queue
from app.clock_behind import clock_behind, figures_held, queue_built_for, rebuild_goes_back
from app.clock_right import confirm_clock
from app.models import Case, CaseStatus, Loan, LoanStatus, User
from app.models.base import acting_at
from app.office import office_today
from app.queries.dashboard import dashboard
from app.queries.queue_day import queue_day
from tests.core.test_clock_behind import work_recorded_at

REASON = "Checked this clock against Beijing time by phone."


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == name))


def confirmed_then_rebuilt(database) -> tuple[dt.date, dt.date]:  # type: ignore[no-untyped-def]
    """The QA's sequence, its days: built for `ahead` by a computer whose clock was ahead (a case
    closed by then), confirmed on a clock one day on from now and rebuilt as of that day,
    `rebuilt`."""
    now = dt.datetime.now(dt.UTC)
    with database.session() as s:
        today = office_today(s)
        ahead, rebuilt = today + dt.timedelta(days=3), today + dt.timedelta(days=1)
        # A loan paid off: the rebuild as of `ahead` closes its case, which keeps that day.
        case = s.scalar(select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id))
        s.get_one(Loan, case.loan_id).status = LoanStatus.PAID
        rebuild_queue(s, None, ahead)
    work_recorded_at(database, now + dt.timedelta(days=3))
    later = now + dt.timedelta(days=1)
    with acting_at(later), database.session(write_lock=True) as s:
        confirm_clock(s, _user(s, "admin"), REASON)
        rebuild_queue(s, None, rebuilt)
    with database.sessions() as s:
        closed = set(s.scalars(select(Case.computed_as_of).where(Case.status == CaseStatus.CLOSED)))
        opened = set(s.scalars(select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED)))
        assert ahead in closed and opened == {rebuilt}  # the QA's database
        assert clock_behind(s, later) is None  # the confirmed clock is not behind
    return ahead, rebuilt


def test_a_clock_set_back_after_the_confirmation_names_the_rebuilt_day(demo_db) -> None:
    ahead, rebuilt = confirmed_then_rebuilt(demo_db)
    with demo_db.sessions() as s:
        today = office_today(s)
        assert clock_behind(s) is not None  # this moment: earlier than the work since
        assert queue_built_for(s) == rebuilt != ahead
        assert rebuild_goes_back(s) == rebuilt
        assert figures_held(s) == rebuilt
        supervisor = _user(s, "supervisor")
        board = dashboard(s, supervisor)
        assert board.figures_held == rebuilt
        assert f"amounts overdue as of {rebuilt}" in (board.days_said("en") or "")
        assert f"逾期金额按 {rebuilt} 计" in (board.days_said("zh_CN") or "")
        held = queue_day(s, supervisor).said("en") or ""
        assert f"are as of {rebuilt}, the day the queue was last built for" in held
        assert str(ahead) not in held and today < rebuilt
    assert rebuild_if_due(demo_db) is None  # the day's rebuild still waits


def test_with_no_case_open_no_day_is_named(demo_db) -> None:
    """The closed cases' days are not the queue's: nothing open, nothing built for."""
    with demo_db.session() as s:
        for case in s.scalars(select(Case).where(Case.status != CaseStatus.CLOSED)):
            case.status, case.computed_as_of = CaseStatus.CLOSED, office_today(s)
    with demo_db.sessions() as s:
        assert queue_built_for(s) is None
