"""A visit that already has agents on it is booked with the team given (their rows kept, the
others added or dropped), and the time spent recorded at check-out or no-show has a ceiling."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.i18n import set_language
from app.models import AuditEntry, User, Visit, VisitAgent, VisitStatus
from app.visits import check_out, no_show
from app.visits.common import MAX_MINUTES_SPENT
from tests.core.test_visits import _booked_and_in, _run, _visit
from tests.core.visit_office import book, build_visit_office, case_nos, verified_visit


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _propose(db, visit_no: str, *usernames: str) -> None:
    """Put a team on the visit before it is booked (as a demo office's requests carry one)."""
    with db.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        for n, name in enumerate(usernames):
            agent_id = s.scalar(select(User.id).where(User.username == name))
            s.add(VisitAgent(visit_id=visit.id, agent_id=agent_id, lead=n == 0))


def _team(db, visit_no: str) -> list[tuple[str, bool]]:
    with db.session() as s:
        rows = s.execute(
            select(User.username, VisitAgent.lead)
            .join(VisitAgent, VisitAgent.agent_id == User.id)
            .join(Visit, Visit.id == VisitAgent.visit_id)
            .where(Visit.visit_no == visit_no)
            .order_by(VisitAgent.lead.desc(), User.username)
        )
        return [(name, bool(lead)) for name, lead in rows]


@pytest.mark.parametrize(
    ("proposed", "booked"),
    [
        (("agent02", "agent01"), ("agent01", "agent02")),  # the same two, the lead swapped
        (("agent01", "agent02"), ("agent01", "agent03")),  # one kept, one dropped, one added
        (("agent01",), ("agent01", "agent02", "agent03")),  # a team grown
        (("agent01", "agent02", "agent03"), ("agent03", "agent02")),  # a team shrunk
    ],
)
def test_a_visit_with_agents_on_it_books_with_the_team_given(office, proposed, booked):
    visit_no = verified_visit(office, case_nos(office)[0])
    _propose(office, visit_no, *proposed)
    result = book(office, visit_no, agents=booked)
    assert result.saved
    assert _visit(office, visit_no).status is VisitStatus.BOOKED
    expected = [(booked[0], True)] + sorted((name, False) for name in booked[1:])
    assert _team(office, visit_no) == expected
    with office.session() as s:
        entry = s.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "visit.book", AuditEntry.entity_id == visit_no
            )
        )
        assert entry is not None


def test_time_spent_over_a_day_is_refused_at_check_out_and_nothing_saved(office):
    visit_no = _booked_and_in(office)
    with pytest.raises(ValidationError) as refused:
        _run(
            office,
            "agent01",
            check_out,
            visit_no,
            default_reason="job_loss",
            hours_minutes=100_000,
        )
    assert str(refused.value) == (
        "The time spent on a visit is at most 1,440 minutes (24 hours), not 100,000."
    )
    set_language("zh_CN")
    try:
        assert refused.value.translated() == (
            "一次上门的用时最多 1,440 分钟（24 小时），而不是 100,000 分钟。"
        )
    finally:
        set_language(None)
    visit = _visit(office, visit_no)
    assert visit.status is VisitStatus.IN_PROGRESS and visit.hours_minutes == 0
    _run(
        office,
        "agent01",
        check_out,
        visit_no,
        default_reason="job_loss",
        hours_minutes=MAX_MINUTES_SPENT,
    )
    visit = _visit(office, visit_no)
    assert visit.status is VisitStatus.COMPLETED and visit.hours_minutes == 24 * 60


def test_time_spent_over_a_day_is_refused_at_a_no_show(office):
    visit_no = _booked_and_in(office)
    with pytest.raises(ValidationError, match="at most 1,440 minutes"):
        _run(office, "agent01", no_show, visit_no, hours_minutes=MAX_MINUTES_SPENT + 1)
    assert _visit(office, visit_no).status is VisitStatus.IN_PROGRESS


@pytest.mark.parametrize("field", ["notes", "proposal", "capacity_note"])
def test_a_check_out_text_over_2000_characters_is_refused(office, field):
    """As a contact's notes: the visit's notes, proposal and capacity had no limit."""
    visit_no = _booked_and_in(office)
    with pytest.raises(ValidationError, match="too long: 2,001 characters, at most 2,000"):
        _run(
            office, "agent01", check_out, visit_no, default_reason="job_loss", **{field: "x" * 2001}
        )
    assert _visit(office, visit_no).status is VisitStatus.IN_PROGRESS
    with pytest.raises(ValidationError, match="too long"):
        _run(office, "agent01", no_show, visit_no, notes="x" * 2001)
    _run(office, "agent01", check_out, visit_no, default_reason="job_loss", **{field: "x" * 2000})
    assert _visit(office, visit_no).status is VisitStatus.COMPLETED
