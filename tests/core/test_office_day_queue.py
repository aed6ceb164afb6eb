"""The queue date, when no supervisor set one, is today on the office's clock, as payments,
promises and training are dated: on a computer a day behind the office (a new machine left on
UTC, 16:00-24:00 UTC, under a Shanghai office) the queue, the dashboard's training tiles and the
assignment of field work counted as of the office's yesterday. The office here keeps Kiritimati's
time (UTC+14), the computer Pago Pago's (UTC-11): the office is a day ahead at every hour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app import settings
from app.auth import add_user
from app.cases.assignment import assign_cases
from app.cases.rebuild import rebuild_queue
from app.complaints import record_complaint
from app.errors import CasedeskError
from app.models import Case, CaseStatus, Course, Office, User
from app.office import office_today
from app.queries.cases import agent_choices
from app.queries.dashboard import dashboard
from tests.core.last_valid_pass import pass_valid_until

OFFICE, COMPUTER = "Pacific/Kiritimati", "Pacific/Pago_Pago"


@pytest.fixture
def office(demo_db, computer_zone) -> Iterator:
    """The demo office on Kiritimati's time, this process on Pago Pago's."""
    with demo_db.session() as s:
        s.scalar(select(Office)).timezone = OFFICE
    computer_zone(COMPUTER)
    with demo_db.session() as s:
        assert dt.date.today() < office_today(s)  # the computer is a day behind
    yield demo_db


def _supervisor(s) -> User:
    return s.scalar(select(User).where(User.username == "supervisor"))


def _trained_until_the_computers_day(s) -> str:
    """A new agent whose every course was last valid on the computer's today: expiring on the
    computer's day, lapsed on the office's."""
    sup = _supervisor(s)
    admin = s.scalar(select(User).where(User.username == "admin"))
    agent = add_user(s, admin, "agent99", "agent", "pw-agent-99", "赵九")
    last_valid = dt.date.today()
    for course in s.scalars(select(Course).where(Course.active)):
        pass_valid_until(s, sup, agent, course, last_valid, office_today(s))
    return agent.username


def test_the_queue_date_defaults_to_the_offices_today(office) -> None:
    with office.session() as s:
        assert settings.as_of(s) == office_today(s) != dt.date.today()
        settings.put(s, _supervisor(s), "queue.as_of", "2026-11-30")  # one a supervisor set holds
        assert settings.as_of(s) == dt.date(2026, 11, 30)


def test_a_rebuild_counts_as_of_the_offices_day(office) -> None:
    with office.session() as s:
        summary = rebuild_queue(s, None)
        assert summary.as_of == office_today(s)
        days = set(s.scalars(select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED)))
        assert days == {office_today(s)}


def test_the_dashboard_and_its_training_tiles_count_the_offices_day(office) -> None:
    with office.session() as s:
        sup = _supervisor(s)
        before = dashboard(s, sup)
        assert before.as_of == office_today(s)
        _trained_until_the_computers_day(s)
        after = dashboard(s, sup)
    assert after.training_lapsed == before.training_lapsed + 1  # lapsed on the office's day
    assert after.training_expiring == before.training_expiring  # not "expiring" on the computer's


def test_field_work_is_refused_to_an_agent_lapsed_on_the_offices_day(office) -> None:
    with office.session() as s:
        name = _trained_until_the_computers_day(s)
        choice = next(c for c in agent_choices(s) if c.username == name)
        assert not choice.phone_ok and not choice.field_ok
        field_case = s.scalar(
            select(Case.case_no)
            .where(Case.status != CaseStatus.CLOSED, Case.dpd >= 61)
            .order_by(Case.id)
            .limit(1)
        )
        with pytest.raises(CasedeskError):
            assign_cases(s, _supervisor(s), [field_case], name)
        # As of the computer's day the same agent is still trained: only the day differs.
        done = assign_cases(s, _supervisor(s), [field_case], name, as_of=dt.date.today())
        assert done.assigned == 1


def test_a_complaint_received_on_the_offices_today_is_recorded(office) -> None:
    with office.session() as s:
        case_no = s.scalar(
            select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id).limit(1)
        )
        complaint = record_complaint(
            s,
            _supervisor(s),
            case_no=case_no,
            agent_username=None,
            received_on=office_today(s),
            source="borrower",
            channel="phone",
            category="harassment",
            description="打了太多电话",
        )
        assert complaint.received_on == office_today(s)
