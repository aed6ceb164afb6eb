"""Conflicts at booking, all through the compliance engine: each alone (pure rules and through
the database), several at once listed together, overrides, and two workstations racing."""

from __future__ import annotations

import datetime as dt
import threading
import time

import holidays
import pytest
from sqlalchemy import select

from app.complaints import record_complaint
from app.compliance import History, check, shipped_ruleset
from app.compliance.model import Booking
from app.models import (
    AuditEntry,
    BlockedAttempt,
    Borrower,
    Case,
    Loan,
    User,
    VerdictKind,
    Visit,
    VisitStatus,
)
from app.visits import book_visit
from tests.compliance.util import at, ctx, severities, visit
from tests.core.visit_office import (
    SHANGHAI,
    book,
    build_visit_office,
    case_nos,
    login,
    slot,
    verified_visit,
    visit_day,
)

CN = shipped_ruleset("cn")
SH = "Asia/Shanghai"
UTC = dt.UTC


# --- the rules alone, without a database ---------------------------------------------------


def _booking(no: str, start: str, end: str, agent: int | None = 1, status: str = "booked"):
    return Booking(no, at(start, SH).astimezone(UTC), at(end, SH).astimezone(UTC), agent, status)


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (("09:00", "10:00"), None),  # ends 10:00, the new one starts 11:00: an hour to travel
        (("09:30", "10:31"), "travel"),  # 29 minutes between
        (("10:30", "11:30"), "booked"),  # overlaps
        (("12:00", "13:00"), None),  # exactly the 30-minute buffer after 11:30
        (("12:15", "13:00"), None),
    ],
)
def test_agent_conflict_rule(other, expected) -> None:
    history = History(agent_bookings=(_booking("V1", *other),))
    verdict = check(visit(at("11:00", SH), hours=0.5), ctx(history=history), CN)
    found = [f for f in verdict.findings if f.rule == "visit_agent_conflict"]
    if expected is None:
        assert not found
    else:
        (finding,) = found
        assert finding.severity.name == "BLOCKED"
        assert ("less than 30 minutes" in finding.text()) == (expected == "travel")
        assert ("already booked" in finding.text()) == (expected == "booked")


def test_agent_conflict_ignores_other_agents_and_uses_names() -> None:
    history = History(agent_bookings=(_booking("V1", "11:00", "12:00", agent=7),))
    assert check(visit(at("11:00", SH)), ctx(history=history), CN).findings == ()
    history = History(agent_bookings=(_booking("V1", "11:00", "12:00", agent=2),))
    verdict = check(visit(at("11:00", SH)), ctx(history=history, agent_names={2: "李强"}), CN)
    assert "李强 is already booked on V1" in verdict.findings[0].text()


def test_borrower_booked_and_frequency_rules() -> None:
    booked = History(borrower_visits=(_booking("V9", "15:00", "16:00", None),))
    assert severities(check(visit(at("10:00", SH)), ctx(history=booked), CN)) == {
        "visit_borrower_booked": 3
    }
    day = dt.date(2026, 3, 10)
    past = tuple(
        Booking(
            f"V{n}",
            at("10:00", SH, day - dt.timedelta(days=n * 7)).astimezone(UTC),
            at("11:00", SH, day - dt.timedelta(days=n * 7)).astimezone(UTC),
            None,
            status,
        )
        for n, status in ((1, "completed"), (2, "no_show"), (3, "cancelled"))
    )
    verdict = check(visit(at("10:00", SH)), ctx(history=History(borrower_visits=past)), CN)
    assert severities(verdict) == {"visit_frequency": 2}  # needs an override
    assert "2 other visits within 30 days" in verdict.findings[0].text()
    one = History(borrower_visits=past[:1])
    assert check(visit(at("10:00", SH)), ctx(history=one), CN).findings == ()


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
def test_every_rule_set_has_the_booking_rules(jurisdiction: str) -> None:
    ruleset = shipped_ruleset(jurisdiction)
    for rule in ("visit_agent_conflict", "visit_borrower_booked", "visit_frequency"):
        assert ruleset.rule(rule) is not None, rule
    assert ruleset.param("visit_agent_conflict", "buffer_minutes") == 30


# --- through the database ------------------------------------------------------------------


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _rules(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.rule for f in result.verdict.findings if f.severity.name != "INFO"}


def _edit(db, fn) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        fn(s)


def _case(s, case_no: str) -> Case:  # type: ignore[no-untyped-def]
    return s.scalar(select(Case).where(Case.case_no == case_no))


def test_nothing_in_the_way_is_allowed(office):
    result = book(office, verified_visit(office, case_nos(office)[0]))
    assert result.saved and result.verdict.kind is VerdictKind.ALLOWED


def test_agent_double_booked(office):
    c1, c2 = case_nos(office)[:2]
    assert book(office, verified_visit(office, c1), start=slot(10)).saved
    result = book(office, verified_visit(office, c2), ("agent01", "agent03"), start=slot(10, 30))
    assert not result.saved and _rules(result) == {"visit_agent_conflict"}
    assert "王芳 is already booked" in result.verdict.findings[0].text()  # agent01, by name


def test_a_conflict_is_told_in_office_time_whatever_the_borrowers_zone(office):
    """The booking dialog's Start is office time: the visit in the way is told in it too, not in
    the borrower's zone (a borrower in Urumqi, two hours behind, read 08:00 for 10:00)."""
    c1, c2, *_ = case_nos(office)

    def far_west(s) -> None:  # type: ignore[no-untyped-def]
        loan = s.get(Loan, _case(s, c2).loan_id)
        s.get(Borrower, loan.borrower_id).timezone = "Asia/Urumqi"

    assert book(office, verified_visit(office, c1), start=slot(10)).saved  # 10:00–11:00
    _edit(office, far_west)
    result = book(office, verified_visit(office, c2), ("agent01", "agent03"), start=slot(10, 30))
    assert not result.saved and _rules(result) == {"visit_agent_conflict"}
    day = f"{slot(10):%m-%d}"
    assert result.verdict.findings[0].text().endswith("(" + day + " 10:00–11:00).")


def test_the_rules_tell_bookings_in_the_office_zone_when_it_is_given() -> None:
    history = History(agent_bookings=(_booking("V1", "10:30", "11:30"),))
    urumqi = ctx("Asia/Urumqi", history=history, office_timezone=SH)
    (finding,) = check(visit(at("09:00", "Asia/Urumqi")), urumqi, CN).findings
    assert finding.text().endswith(" 10:30–11:30).")  # office time; 08:30 where the borrower is
    booked = History(borrower_visits=(_booking("V9", "15:00", "16:00", None),))
    verdict = check(visit(at("09:00", "Asia/Urumqi")), ctx("Asia/Urumqi", history=booked), CN)
    assert verdict.findings[0].text().endswith(" 13:00.")  # no office zone given: the borrower's


def test_agent_without_travel_buffer(office):
    c1, c2 = case_nos(office)[:2]
    assert book(office, verified_visit(office, c1), start=slot(10)).saved  # ends 11:00
    result = book(office, verified_visit(office, c2), ("agent03", "agent02"), start=slot(11, 20))
    assert not result.saved and _rules(result) == {"visit_agent_conflict"}
    assert "李强" in result.verdict.findings[0].text()  # agent02, by name
    assert "less than 30 minutes" in result.verdict.findings[0].text()
    ok = book(office, result_visit(office, c2), ("agent03", "agent02"), start=slot(11, 30))
    assert ok.saved  # exactly the buffer


def result_visit(db, case_no: str) -> str:
    with db.session() as s:
        return s.scalar(
            select(Visit.visit_no).where(
                Visit.case_id == _case(s, case_no).id, Visit.status == VisitStatus.VERIFIED
            )
        )


def test_borrower_already_booked(office):
    first, _, _, second_loan = case_nos(office)
    assert book(office, verified_visit(office, first), start=slot(10)).saved
    # Another working day: three days on may be a public holiday (from 2027-02-04, the Spring
    # Festival), whose own rule would ask an override too.
    other_day = slot(10, day=visit_day(3, after=slot(10).date()))
    result = book(office, verified_visit(office, second_loan), ("agent03", "agent02"), other_day)
    assert not result.saved and _rules(result) == {"visit_borrower_booked"}


def test_open_complaint_pauses_visits(office):
    case_no = case_nos(office)[0]
    visit_no = verified_visit(office, case_no)
    sup = login(office, "supervisor")
    _edit(
        office,
        lambda s: record_complaint(
            s,
            s.get(User, sup.id),
            case_no=case_no,
            agent_username=None,
            received_on=dt.date.today(),
            source="borrower",
            channel="phone",
            category="harassment",
            description="电话太多",
        ),
    )
    result = book(office, visit_no)
    assert not result.saved and _rules(result) == {"case_paused"}


def test_too_many_visits_in_the_period_needs_an_override(office):
    case_no = case_nos(office)[0]

    def history(s) -> None:  # type: ignore[no-untyped-def]
        case = _case(s, case_no)
        for n, days in enumerate((5, 12), start=1):
            start = dt.datetime.now(UTC) - dt.timedelta(days=days)
            s.add(
                Visit(
                    visit_no=f"V2026-90000{n}",
                    case_id=case.id,
                    status=VisitStatus.COMPLETED,
                    address="x",
                    scheduled_start=start,
                    scheduled_end=start + dt.timedelta(hours=1),
                )
            )

    _edit(office, history)
    visit_no = verified_visit(office, case_no)
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=3), dt.time(10), SHANGHAI)
    while start.weekday() >= 5 or start.date() in holidays.country_holidays("CN", years=start.year):
        start += dt.timedelta(days=1)
    result = book(office, visit_no, start=start)
    assert not result.saved and result.verdict.kind is VerdictKind.NEEDS_OVERRIDE
    assert _rules(result) == {"visit_frequency"}
    # A supervisor's override with a written reason books it and approves it, audited.
    sup = login(office, "supervisor")
    with office.session() as s:
        boss = s.get(User, sup.id)
        s.expunge(boss)
    assert not book(office, visit_no, start=start, override_by=boss, override_reason=" ").saved
    done = book(office, visit_no, start=start, override_by=boss, override_reason="借款人主动约见")
    assert done.saved
    with office.session() as s:
        saved = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        assert saved.approved_by_id == sup.id
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "visit.book"))
        assert entry.changes["override_reason"] == "借款人主动约见"
        assert entry.changes["override_by"] == "supervisor"


def test_override_by_an_agent_is_refused(office):
    from app.errors import PermissionDenied

    visit_no = verified_visit(office, case_nos(office)[0])
    _edit(
        office,
        lambda s: setattr(
            s.scalar(select(Loan).where(Loan.loan_no == "L0001")), "home_visit_consent", False
        ),
    )
    agent = login(office, "agent02")
    with pytest.raises(PermissionDenied):
        book(office, visit_no, override_by=agent, override_reason="我说可以")


def test_contract_without_home_visit_consent_needs_an_override(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    _edit(
        office,
        lambda s: setattr(
            s.scalar(select(Loan).where(Loan.loan_no == "L0001")), "home_visit_consent", False
        ),
    )
    result = book(office, visit_no)
    assert not result.saved and _rules(result) == {"visit_consent"}
    assert result.verdict.kind is VerdictKind.NEEDS_OVERRIDE


def test_do_not_visit_flag(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    _edit(
        office,
        lambda s: setattr(
            s.scalar(select(Borrower).where(Borrower.name == "张伟")), "do_not_visit", True
        ),
    )
    result = book(office, visit_no)
    assert not result.saved and _rules(result) == {"stop_do_not_visit"}


def test_agent_without_valid_training(office):
    result = book(office, verified_visit(office, case_nos(office)[0]), ("agent01", "agent04"))
    assert not result.saved and _rules(result) == {"visit_training"}
    assert "孙磊" in result.verdict.findings[0].text()  # agent04, by name


def test_fewer_than_two_agents(office):
    result = book(office, verified_visit(office, case_nos(office)[0]), ("agent01",))
    assert not result.saved and _rules(result) == {"visit_staffing"}


def test_visit_running_into_quiet_hours(office):
    result = book(office, verified_visit(office, case_nos(office)[0]), start=slot(21, 30))
    assert not result.saved and _rules(result) == {"quiet_hours"}


def test_public_holiday(office):
    today = dt.date.today()
    days = sorted(
        d
        for year in (today.year, today.year + 1)
        for d in holidays.country_holidays("CN", years=year)
        if d > today + dt.timedelta(days=1)
    )
    result = book(office, verified_visit(office, case_nos(office)[0]), start=slot(10, day=days[0]))
    assert not result.saved and _rules(result) == {"public_holidays"}


def test_several_conflicts_at_once_are_listed_together(office):
    c1, c2, _, c4 = case_nos(office)
    assert book(office, verified_visit(office, c1), start=slot(20)).saved  # agent01, agent02
    visit_no = verified_visit(office, c4)  # the same borrower's other loan
    sup = login(office, "supervisor")
    _edit(
        office,
        lambda s: record_complaint(
            s,
            s.get(User, sup.id),
            case_no=c4,
            agent_username=None,
            received_on=dt.date.today(),
            source="borrower",
            channel="phone",
            category="harassment",
            description="投诉",
        ),
    )
    result = book(office, visit_no, ("agent01", "agent04"), start=slot(20, 30), minutes=120)
    assert not result.saved and result.verdict.kind is VerdictKind.BLOCKED
    assert _rules(result) >= {
        "visit_agent_conflict",
        "visit_borrower_booked",
        "visit_training",
        "quiet_hours",
        "case_paused",
    }
    with office.session() as s:
        (block,) = s.scalars(select(BlockedAttempt)).all()
        assert {f["rule"] for f in block.findings} >= {"visit_agent_conflict", "case_paused"}
        # Logged when the booking was tried, not at the visit's planned time.
        assert abs(block.at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
        assert s.scalar(select(Visit.status).where(Visit.visit_no == visit_no)) == (
            VisitStatus.VERIFIED
        )


def test_two_workstations_cannot_double_book_an_agent(office):
    c1, c2 = case_nos(office)[:2]
    v1, v2 = verified_visit(office, c1), verified_visit(office, c2)
    first_booked, results = threading.Event(), {}
    agent = login(office, "agent01")

    def second() -> None:
        first_booked.wait(10)
        results["second"] = book(office, v2, ("agent03", "agent02"), start=slot(10, 30))

    thread = threading.Thread(target=second)
    thread.start()
    with office.session(write_lock=True) as s:
        results["first"] = book_visit(
            s,
            s.get(User, agent.id),
            v1,
            agents=("agent01", "agent02"),
            start=slot(10),
            minutes=60,
            borrower_agreed=True,
            consent_to_enter=True,
        )
        first_booked.set()  # the second workstation now waits for this transaction's lock
        # A plain sleep, not join(0.5): under libfaketime a timed join waits for the thread's
        # end (its timeout is lost), by then the second's busy timeout had failed it.
        time.sleep(0.5)
        assert thread.is_alive()
    thread.join(30)
    assert results["first"].saved
    assert not results["second"].saved
    assert {f.rule for f in results["second"].verdict.findings} == {"visit_agent_conflict"}
