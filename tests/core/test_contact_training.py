"""Calls by an agent whose phone-work training had lapsed on the call's day need a supervisor's
override (CN rule set), judged the same by the live check and by logging; a supervisor's own
calls and an agent's calls made while still trained go through."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from app.auth import authenticate
from app.contacts import check_contact, log_contact
from app.models import ContactAttempt, Course, TrainingRecord, User, VerdictKind
from app.training import WorkKind, untrained_for
from tests.core.test_contacts import PHONE, _case_no, _log, _yesterday
from tests.core.test_contacts import office as office  # the fixture: one borrower, one case

TODAY = dt.date.today


def _lapse(db, username: str, on: dt.date) -> None:
    """The agent's passes on the courses phone work requires end the day before `on`."""
    with db.session() as s:
        agent = s.scalar(select(User).where(User.username == username))
        phone = select(Course.id).where(Course.required_for.in_(["all", "phone"]))
        s.execute(
            update(TrainingRecord)
            .where(TrainingRecord.agent_id == agent.id, TrainingRecord.course_id.in_(phone))
            .values(expires_on=on - dt.timedelta(days=1))
        )


def _rules(verdict) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.rule for f in verdict.findings]


def _saved(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(ContactAttempt)) or 0


def test_a_call_after_the_training_lapsed_needs_an_override(office) -> None:
    _lapse(office, "agent01", TODAY() - dt.timedelta(days=3))
    fields = {"channel": "call", "party": "borrower", "outcome": "no_answer", "at": _yesterday(10)}
    agent = authenticate(office.sessions, "agent01", "pw-agent")
    with office.session() as s:
        live = check_contact(
            s, s.get(User, agent.id), _case_no(office), phone_number=PHONE, **fields
        )
    verdict, saved = _log(office, **fields)
    assert verdict.kind is VerdictKind.NEEDS_OVERRIDE and not saved and _saved(office) == 0
    assert live == verdict and _rules(verdict) == ["contact_training"]
    assert verdict.findings[0].params == {"agent": "agent01"}
    sup = authenticate(office.sessions, "supervisor", "pw-sup")
    with office.session(write_lock=True) as s:
        result = log_contact(
            s,
            s.get(User, agent.id),
            _case_no(office),
            phone_number=PHONE,
            override_by=s.get(User, sup.id),
            override_reason="Borrower called back; refresher booked for Monday",
            **fields,
        )
        assert result.saved and result.attempt.override_by_id == sup.id
        assert [f["rule"] for f in result.attempt.findings] == ["contact_training"]


def test_a_call_logged_late_is_judged_by_the_training_on_its_day(office) -> None:
    _lapse(office, "agent01", TODAY() - dt.timedelta(days=3))
    verdict, saved = _log(office, at=_yesterday(10) - dt.timedelta(days=4), outcome="no_answer")
    assert saved and "contact_training" not in _rules(verdict)


def test_an_agent_who_never_trained_is_flagged_and_a_supervisor_is_not(office) -> None:
    with office.session() as s:
        s.execute(update(TrainingRecord).values(passed=False, expires_on=None))
    verdict, saved = _log(office, outcome="no_answer", at=_yesterday(10))
    assert verdict.kind is VerdictKind.NEEDS_OVERRIDE and not saved
    verdict, saved = _log(
        office, who="supervisor", password="pw-sup", outcome="no_answer", at=_yesterday(11)
    )
    assert saved and "contact_training" not in _rules(verdict)


def test_untrained_for_reads_lapsed_missing_and_failed(office) -> None:
    with office.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        day = TODAY()
        assert untrained_for(s, agent.id, WorkKind.PHONE, day) is None
        taken = s.scalar(select(func.min(TrainingRecord.taken_on)))
        # The day before the passes were taken: missing; a supervisor is never listed.
        assert untrained_for(s, agent.id, WorkKind.PHONE, taken - dt.timedelta(days=1)) == "agent01"
        assert untrained_for(s, sup.id, WorkKind.PHONE, day) is None
    _lapse(office, "agent01", day)
    with office.session() as s:
        assert untrained_for(s, agent.id, WorkKind.PHONE, day) == "agent01"
        assert untrained_for(s, agent.id, WorkKind.PHONE, day - dt.timedelta(days=1)) is None
