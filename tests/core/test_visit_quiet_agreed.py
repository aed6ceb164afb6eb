"""A visit in quiet hours (22:00–08:00 in the borrower's zone, CN rules) that the borrower agreed
to: the booking and the reschedule record who agreed, when and how, for that visit's time only;
the rules then allow it (the US rules still refuse it), a refusal names the way to record it, the
audit and the compliance report show it. Times are explicit, in Shanghai, on a weekday two weeks
ahead, whatever the hour the tests run at."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.audit_seal import is_sealed, open_changes
from app.audit_words import Reader
from app.compliance import check, shipped_ruleset
from app.errors import ValidationError
from app.models import AuditEntry, Borrower, User, VerdictKind, Visit
from app.reporting.compliance import compliance_report
from app.visits import check_booking, reschedule_visit
from app.visits.quiet_consent import QuietAgreement
from tests.compliance.util import at, ctx, finding, visit
from tests.core.visit_office import (
    QUIET_AGREED_AT,
    SHANGHAI,
    book,
    build_visit_office,
    case_nos,
    login,
    slot,
    verified_visit,
)

AGREED_AT = QUIET_AGREED_AT
AGREED = QuietAgreement("张伟（借款人本人）", AGREED_AT, "电话中本人要求上班前上门")
WAY = (
    'record who agreed, when and how with the booking or the move: "The borrower agreed to this '
    "early"
)


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _run(db, who: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    user = login(db, who)
    with db.session(write_lock=True) as s:
        return fn(s, s.get(User, user.id), *args, **kwargs)


def _visit(db, visit_no: str) -> Visit:
    with db.session() as s:
        found = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        s.expunge(found)
        return found


def _quiet(result):  # type: ignore[no-untyped-def]
    return finding(result.verdict, "quiet_hours")


def test_a_visit_at_0730_is_refused_with_the_way_to_record_the_agreement(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    result = book(office, visit_no, start=slot(7, 30))
    assert not result.saved and result.verdict.kind is VerdictKind.BLOCKED
    text = _quiet(result).text("en")
    assert text.startswith("07:30 in the borrower's time zone (Asia/Shanghai)")
    assert (
        WAY in text and "--quiet-agreed-by" not in text
    )  # the window's words; the CLI adds its own
    assert "借款人同意此清晨或夜间时间" in _quiet(result).text("zh_CN")
    # Running into 22:00 from 21:30 says the same way.
    result = book(office, visit_no, start=slot(21, 30))
    assert not result.saved and WAY in _quiet(result).text("en")


def test_the_agreement_recorded_with_the_booking_lets_it_through_for_that_time(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    result = book(office, visit_no, start=slot(7, 30), quiet_agreement=AGREED)
    assert result.saved and result.verdict.kind is VerdictKind.ALLOWED
    assert _quiet(result).severity.name == "INFO"
    assert "agreed to this visit's time" in _quiet(result).text("en")
    kept = _visit(office, visit_no)
    assert kept.quiet_agreed_by == "张伟（借款人本人）"
    assert kept.quiet_agreed_how == "电话中本人要求上班前上门"
    assert kept.quiet_agreed_at == AGREED_AT.astimezone(dt.UTC)
    # Not a blanket consent: the borrower's flag for contact in quiet hours stays down.
    with office.session() as s:
        assert s.scalars(select(Borrower.quiet_hours_consent)).all() == [False] * 3
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "visit.book").order_by(AuditEntry.id)
        ).all()[-1]
        assert is_sealed(entry.changes["quiet_agreed_by"])  # with the borrower's key
        assert is_sealed(entry.changes["quiet_agreed_how"])
        changes = open_changes(s, entry.changes)
    assert changes["quiet_agreed_by"] == "张伟（借款人本人）"
    words = Reader("en", SHANGHAI, {}).parts(entry.action, changes)
    assert f"Early or late time agreed on: {AGREED_AT:%Y-%m-%d %H:%M}" in words
    assert "How the early or late time was agreed: 电话中本人要求上班前上门" in words


def test_an_agreement_for_a_daytime_visit_is_not_kept(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no, start=slot(10), quiet_agreement=AGREED).saved
    assert _visit(office, visit_no).quiet_agreed_by is None


@pytest.mark.parametrize(
    ("agreement", "words"),
    [
        (QuietAgreement(" ", AGREED_AT, "电话中本人要求上班前上门"), "Say who agreed"),
        (QuietAgreement("张伟", AGREED_AT, "同意"), "Say how the borrower agreed"),
        (QuietAgreement("张伟", AGREED_AT.replace(tzinfo=None), "电话中本人要求"), "time zone"),
        (
            QuietAgreement("张伟", AGREED_AT + dt.timedelta(days=3), "电话中本人要求"),
            "cannot be dated in the future",
        ),
    ],
)
def test_an_agreement_says_who_when_and_how(office, agreement, words):
    visit_no = verified_visit(office, case_nos(office)[0])
    with pytest.raises(ValidationError, match=words):
        book(office, visit_no, start=slot(7, 30), quiet_agreement=agreement)
    # The live check says the same before anything is saved.
    with pytest.raises(ValidationError, match=words):
        _run(
            office, "agent01", check_booking, visit_no, agents=("agent01", "agent02"),
            start=slot(7, 30), minutes=60, borrower_agreed=True, consent_to_enter=True,
            quiet_agreement=agreement,
        )  # fmt: skip


def _move(db, visit_no: str, **changes):  # type: ignore[no-untyped-def]
    fields = {
        "agents": ("agent01", "agent02"),
        "start": slot(7),
        "minutes": 60,
        "borrower_agreed": True,
        "consent_to_enter": True,
        "reason": "借款人要求提前",
        **changes,
    }
    return _run(db, "agent01", reschedule_visit, visit_no, **fields)


def test_a_reschedule_records_an_agreement_given_later_and_drops_one_for_another_time(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no, start=slot(10)).saved
    # Moved to 07:00 without the agreement: refused, with the way; nothing changes.
    refused = _move(office, visit_no)
    assert not refused.saved and WAY in _quiet(refused).text("en")
    later = QuietAgreement("张伟", AGREED_AT + dt.timedelta(hours=2), "上门前一天电话确认可早到")
    moved = _move(office, visit_no, quiet_agreement=later)
    assert moved.saved and moved.verdict.kind is VerdictKind.ALLOWED
    assert _visit(office, visit_no).quiet_agreed_how == "上门前一天电话确认可早到"
    with office.session() as s:
        entry = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "visit.reschedule")
            .order_by(AuditEntry.id.desc())
        ).first()
        assert is_sealed(entry.changes["quiet_agreed_by"]["new"])
        changes = open_changes(s, entry.changes)
    assert changes["quiet_agreed_by"] == {"old": None, "new": "张伟"}
    # Back to 10:00: no quiet hours, no agreement kept.
    assert _move(office, visit_no, start=slot(10, 30), quiet_agreement=later).saved
    assert _visit(office, visit_no).quiet_agreed_by is None


def test_the_compliance_report_shows_the_agreed_visit(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no, start=slot(7, 30), quiet_agreement=AGREED).saved
    daytime = verified_visit(office, case_nos(office)[1])
    assert book(office, daytime, start=slot(10)).saved
    # A report covers days gone by: both visits moved to a week ago, at the same office hours.
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=7)
    with office.session() as s:
        for number, hour in ((visit_no, dt.time(7, 30)), (daytime, dt.time(10))):
            moved = s.scalar(select(Visit).where(Visit.visit_no == number))
            moved.scheduled_start = dt.datetime.combine(day, hour, SHANGHAI)
            moved.scheduled_end = moved.scheduled_start + dt.timedelta(hours=1)
    report = _run(office, "supervisor", compliance_report, day, day)
    rows = {row.visit_no: row for row in report.visits}
    assert rows[visit_no].quiet_agreed and not rows[daytime].quiet_agreed
    assert f"{rows[visit_no].start:%H:%M}" == "07:30"


def test_the_us_rules_do_not_let_an_agreement_lift_quiet_hours() -> None:
    us = shipped_ruleset("us")
    early = visit(at("07:30", "America/New_York"), visit_quiet_agreed=True)
    verdict = check(early, ctx("America/New_York"), us)
    assert verdict.kind is VerdictKind.BLOCKED
    assert "agreement does not lift the rule" in finding(verdict, "quiet_hours").text("en")
    # Without one, the words as before; the CN rules allow the agreed time.
    plain = check(visit(at("07:30", "America/New_York")), ctx("America/New_York"), us)
    assert finding(plain, "quiet_hours").text("en") == (
        "07:30 in the borrower's time zone (America/New_York) is within 21:00–08:00."
    )
    cn = check(
        visit(at("07:30", "Asia/Shanghai"), visit_quiet_agreed=True), ctx(), shipped_ruleset("cn")
    )
    assert cn.kind is VerdictKind.ALLOWED


def test_a_call_is_not_let_through_by_a_visits_agreement() -> None:
    from tests.compliance.util import call

    cn = shipped_ruleset("cn")
    verdict = check(call(at("07:30", "Asia/Shanghai"), visit_quiet_agreed=True), ctx(), cn)
    assert verdict.kind is VerdictKind.BLOCKED
