"""Edges of the compliance engine found in QA: what the daily and weekly caps count, a pause
that forbade a contact logged after it was lifted (and one made before the complaint), the stop
flags as they stood when a contact logged later was made, a refused call in a run of failed
attempts, the US wait after a telephone conversation (not a visit), the US 7-in-7 for a call
logged late, a visit that begins at an exclusive quiet-hours start.

Real database files (the `db` fixture), times given explicitly or from the office's today
(Asia/Shanghai), never the computer's date."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import replace

from sqlalchemy import select

from app.auth import add_user
from app.compliance import change_parameters, check, shipped_ruleset, startup_check
from app.compliance.versions import select_jurisdiction
from app.contacts import check_contact
from app.loans.service import book_loan
from app.models import (
    Borrower,
    Case,
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    ContactAttempt,
    Course,
    LoanProduct,
    Outcome,
    Party,
    Phone,
    RelatedPerson,
    Relationship,
    Segment,
    User,
    VerdictKind,
)
from app.office import create_office
from app.privacy import hash_key, id_hash
from app.training import record_training
from tests.compliance.util import at, ctx, visit

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
PHONE = "+8613812345678"
REL_PHONE = "+8613912345678"


def office_today() -> dt.date:
    return dt.datetime.now(SH).date()


def days_ago(n: int, hour: int, minute: int = 0) -> dt.datetime:
    """`n` office days before today at hour:minute, Shanghai time."""
    day = office_today() - dt.timedelta(days=n)
    return dt.datetime.combine(day, dt.time(hour, minute), SH)


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


def build(db, jurisdiction: str | None = None):  # type: ignore[no-untyped-def]
    """One borrower (Shanghai) with a relative who agreed to be contacted, case C1 opened a
    month ago and assigned to agent01 (trained); the shipped rule set of `jurisdiction`."""
    today = office_today()
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "sup", "supervisor", "pw-s")
        agent = add_user(s, admin, "agent01", "agent", "pw-agent")
        for course in s.scalars(select(Course).where(Course.active)).all():
            record_training(
                s,
                admin,
                agent,
                course,
                taken_on=today - dt.timedelta(days=90),
                score=95,
                today=today,
            )
        nid = "11010519491231002X"
        borrower = Borrower(
            borrower_no="B1",
            name="张三",
            national_id=nid,
            national_id_hash=id_hash(hash_key(s), nid),
            segment=Segment.YOUNG,
            phones=[Phone(number=PHONE, is_primary=True)],
            related_persons=[
                RelatedPerson(
                    name="李四",
                    relation=Relationship.RELATIVE,
                    phone=REL_PHONE,
                    consent_to_contact=True,
                )
            ],
        )
        s.add(borrower)
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        loan = book_loan(
            s,
            admin,
            loan_no="L1",
            borrower=borrower,
            product=product,
            principal=1_200_000,
            term_months=12,
            disbursed_on=today - dt.timedelta(days=120),
            annual_rate_bp=0,
            home_visit_consent=True,
            third_party_consent=True,
        )
        s.add(Case(case_no="C1", loan_id=loan.id, opened_on=today - dt.timedelta(days=30)))
        s.flush()
        s.scalar(select(Case)).assigned_agent_id = agent.id
        startup_check(s)
        if jurisdiction:
            select_jurisdiction(s, admin, jurisdiction)
    return db


def add(db, when, channel=Channel.CALL, party=Party.BORROWER, outcome=Outcome.NO_ANSWER, **kw):  # type: ignore[no-untyped-def]
    """A past contact on C1, written as history."""
    number = kw.get("number", PHONE if channel in (Channel.CALL, Channel.SMS) else None)
    with db.session() as s:
        s.add(
            ContactAttempt(
                case_id=s.scalar(select(Case.id)),
                agent_id=_user(s, "agent01").id,
                channel=channel,
                party=party,
                phone_number=number,
                related_person_id=kw.get("person"),
                at=when.astimezone(dt.UTC),
                outcome=outcome,
                verdict=VerdictKind.ALLOWED,
            )
        )


def chk(db, **fields):  # type: ignore[no-untyped-def]
    """The live check of a contact on C1 by agent01 (its verdict is log_contact's)."""
    fields = {
        "channel": "call",
        "party": "borrower",
        "outcome": "no_answer",
        "phone_number": PHONE,
        **fields,
    }
    with db.session() as s:
        return check_contact(s, _user(s, "agent01"), "C1", **fields)


def rules(verdict) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.rule for f in verdict.findings}


def person_id(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalar(select(RelatedPerson.id))


# --- daily caps: the channels they count -----------------------------------------------------


def test_failed_sms_are_not_unanswered_call_attempts(db):
    """ "At most 6 unanswered call attempts per phone number per day": 4 unanswered calls and 3
    failed SMS to the number leave room for more calls (the SMS were counted as calls)."""
    build(db)
    for hour in (9, 10, 11, 12):
        add(db, days_ago(1, hour))
    for hour in (13, 14, 15):
        add(db, days_ago(1, hour), channel=Channel.SMS, outcome=Outcome.FAILED)
    verdict = chk(db, at=days_ago(1, 16))
    assert "daily_attempt_cap" not in rules(verdict), verdict
    add(db, days_ago(1, 16))
    add(db, days_ago(1, 17))  # six unanswered calls now
    verdict = chk(db, at=days_ago(1, 18))
    assert verdict.kind is VerdictKind.BLOCKED
    finding = next(f for f in verdict.findings if f.rule == "daily_attempt_cap")
    assert finding.params["count"] == 6


def test_a_daily_conversation_cap_counts_only_its_channels(db):
    """An office that caps conversations by phone only (channels = ["call"]): a visit's
    conversation is not one of the day's calls."""
    build(db)
    add(db, days_ago(1, 9), outcome=Outcome.CONNECTED)
    add(db, days_ago(1, 10), outcome=Outcome.CONNECTED)
    add(db, days_ago(1, 11), channel=Channel.VISIT, outcome=Outcome.CONNECTED)
    # The shipped cap counts calls and visits: three conversations, the fourth is blocked.
    assert "daily_conversation_cap" in rules(chk(db, at=days_ago(1, 15), outcome="connected"))
    with db.session() as s:
        change_parameters(s, _user(s, "admin"), "daily_conversation_cap", {"channels": ["call"]})
    verdict = chk(db, at=days_ago(1, 15), outcome="connected")
    assert "daily_conversation_cap" not in rules(verdict), verdict


def test_the_engine_sums_the_rules_channels_from_the_counts_by_channel():
    from app.compliance import History

    cn = shipped_ruleset("cn")
    history = History(
        conversations_today=1,
        attempts_today_on_number=2,
        conversations_today_by_channel=(("call", 1), ("visit", 5)),
        attempts_today_on_number_by_channel=(("call", 2), ("sms", 9)),
    )
    when = at("10:00", "Asia/Shanghai")
    from tests.compliance.util import call

    connected = check(call(when, outcome=Outcome.CONNECTED), ctx(history=history), cn)
    assert "daily_conversation_cap" in rules(connected)  # 1 call + 5 visits
    unanswered = check(call(when, outcome=Outcome.NO_ANSWER), ctx(history=history), cn)
    assert "daily_attempt_cap" not in rules(unanswered)  # 2 calls; SMS are not counted


# --- the US 7-in-7 counts calls to the borrower ----------------------------------------------


def test_calls_to_a_third_party_do_not_count_in_the_borrowers_seven_in_seven(db):
    """Reg F 1006.14(b)(2)(i) counts calls to a particular person; the rule set's own words:
    "就同一笔债务，连续 7 天内（按借款人当地日期计）致电借款人不超过 7 次" (calls to the
    borrower)."""
    build(db, jurisdiction="us")
    pid = person_id(db)
    for n in range(1, 8):  # seven calls to the relative within the week, one a day
        add(db, days_ago(n, 8), party=Party.RELATIVE, number=REL_PHONE, person=pid)
    verdict = chk(db, at=days_ago(1, 11))
    assert "weekly_call_cap" not in rules(verdict), verdict
    for n in range(1, 8):  # seven calls to the borrower within the week: the eighth is blocked
        add(db, days_ago(n, 9))
    verdict = chk(db, at=days_ago(1, 12))
    assert "weekly_call_cap" in rules(verdict)
    assert verdict.kind is VerdictKind.BLOCKED


def test_the_us_wait_after_a_conversation_follows_a_call_not_a_visit(db):
    """Regulation F 1006.14(b)(2)(i)(B) waits seven days after a telephone conversation; a
    home visit where the borrower was met is not one, and does not stop the next call."""
    build(db, jurisdiction="us")
    add(db, days_ago(2, 10), channel=Channel.VISIT, outcome=Outcome.CONNECTED)
    assert "after_conversation_wait" not in rules(chk(db, at=days_ago(1, 10)))
    add(db, days_ago(2, 15), outcome=Outcome.CONNECTED)  # a call the borrower answered
    verdict = chk(db, at=days_ago(1, 11))
    assert "after_conversation_wait" in rules(verdict)
    assert verdict.kind is VerdictKind.BLOCKED


def test_a_call_logged_after_the_fact_counts_the_calls_after_it_in_its_seven_days(db):
    """Reg F 7-in-7 for a call logged late: seven calls made one a day (1 to 7 days ago) and a
    call 7 days ago at 10:00 logged now would make eight within the seven dates up to yesterday,
    so it is refused, naming that day; one 8 days ago is on a date outside them."""
    build(db, jurisdiction="us")
    for n in range(1, 8):
        add(db, days_ago(n, 9))
    verdict = chk(db, at=days_ago(7, 10))
    assert "weekly_call_cap" in rules(verdict)
    assert verdict.kind is VerdictKind.BLOCKED
    (finding,) = [f for f in verdict.findings if f.rule == "weekly_call_cap"]
    yesterday = (office_today() - dt.timedelta(days=1)).isoformat()
    assert finding.text("en") == (
        f"7 calls about this debt in the 7 days up to {yesterday}; the limit is 7."
    )
    assert finding.text("zh_CN") == f"截至 {yesterday} 的 7 天内就此债务已致电 7 次；上限为 7 次。"
    assert "weekly_call_cap" not in rules(chk(db, at=days_ago(8, 10)))


# --- a complaint's pause, for a contact logged after the fact --------------------------------


def _complaint(db, created: dt.datetime, lifted: dt.datetime | None) -> None:
    with db.session() as s:
        s.add(
            Complaint(
                complaint_no="K1",
                case_id=s.scalar(select(Case.id)),
                received_on=created.astimezone(SH).date(),
                deadline_on=created.astimezone(SH).date() + dt.timedelta(days=15),
                category=ComplaintCategory.HARASSMENT,
                status=ComplaintStatus.OPEN,
                pauses_contact=True,
                created_at=created.astimezone(dt.UTC),
                pause_lifted_at=lifted.astimezone(dt.UTC) if lifted else None,
            )
        )


def test_a_contact_made_while_a_complaint_paused_the_case_is_blocked_after_the_lift(db):
    """The pause was in force when the call was made; lifting it later does not make the call
    lawful ("An open complaint pauses all contact on the case")."""
    build(db)
    _complaint(db, created=days_ago(3, 9), lifted=days_ago(1, 9))
    during = chk(db, at=days_ago(2, 10))
    assert "case_paused" in rules(during)
    assert during.kind is VerdictKind.BLOCKED
    assert "case_paused" not in rules(chk(db, at=days_ago(4, 10)))  # before the complaint
    assert "case_paused" not in rules(chk(db, at=days_ago(1, 10)))  # after the lift


def test_a_contact_made_before_a_complaint_that_pauses_the_case_now_is_not_blocked(db):
    """A call made the day before the complaint and logged after it was filed: the pause did
    not exist when the call was made, so it is not refused for it; a call now is."""
    build(db)
    _complaint(db, created=days_ago(1, 9), lifted=None)
    before = chk(db, at=days_ago(2, 10))
    assert "case_paused" not in rules(before)
    assert before.kind is not VerdictKind.BLOCKED
    assert "case_paused" in rules(chk(db, at=days_ago(1, 10)))  # after it was filed
    assert "case_paused" in rules(chk(db, at=dt.datetime.now(SH)))  # now


def test_a_resolved_complaint_whose_pause_was_never_lifted_does_not_block_a_past_contact(db):
    """A complaint resolved without a recorded lift pauses nothing now; nor does it block a
    contact logged after the fact (as a live check would not)."""
    build(db)
    _complaint(db, created=days_ago(3, 9), lifted=None)
    with db.session() as s:
        s.scalar(select(Complaint)).status = ComplaintStatus.RESOLVED
    assert "case_paused" not in rules(chk(db, at=days_ago(2, 10)))
    assert "case_paused" not in rules(chk(db, at=dt.datetime.now(SH)))


# --- the borrower's stop flags, for a contact logged after the fact ---------------------------


def _set_flags(db, **flags: bool) -> None:
    """Change the borrower's stop flags as a supervisor does (audited, now)."""
    from app.borrowers import update_borrower_flags

    with db.session() as s:
        borrower = s.scalar(select(Borrower))
        update_borrower_flags(
            s,
            _user(s, "sup"),
            "B1",
            expected_version=borrower.version,
            note="on the phone",
            **flags,
        )


def test_a_call_made_before_the_borrower_refused_contact_is_judged_by_that_day(db):
    """The borrower refused contact this morning (the flag set now); the call the agent made two
    days ago, logged now, was lawful then; a call now is refused."""
    build(db)
    _set_flags(db, contact_refused=True)
    before = chk(db, at=days_ago(2, 10))
    assert "stop_contact_refused" not in rules(before)
    assert before.kind is not VerdictKind.BLOCKED
    assert "stop_contact_refused" in rules(chk(db, at=dt.datetime.now(SH)))


def test_a_call_made_while_a_lawyer_was_on_file_is_refused_after_the_flag_is_cleared(db):
    """A flag cleared since: the call made while it stood is refused; one now is not."""
    build(db)
    with db.session() as s:
        s.scalar(select(Borrower)).has_lawyer = True  # as it was on file
    _set_flags(db, has_lawyer=False)
    assert "stop_lawyer" in rules(chk(db, at=days_ago(2, 10)))
    assert "stop_lawyer" not in rules(chk(db, at=dt.datetime.now(SH)))


# --- third parties: a run of failed attempts ends when the borrower is reached ---------------


def test_a_refused_call_ends_the_run_of_failed_attempts(db):
    """ "Third parties only after 3 consecutive failed attempts to reach the borrower": a call
    the borrower answered and refused reached them, so the attempts around it are not three in
    a row."""
    build(db)
    pid = person_id(db)
    add(db, days_ago(2, 10))
    add(db, days_ago(2, 11))
    add(db, days_ago(2, 12), outcome=Outcome.REFUSED)
    add(db, days_ago(2, 13))
    third = {"party": "relative", "phone_number": REL_PHONE, "related_person_id": pid}
    verdict = chk(db, at=days_ago(1, 10), **third)
    assert "third_party_threshold" in rules(verdict)
    assert verdict.kind is VerdictKind.NEEDS_OVERRIDE
    finding = next(f for f in verdict.findings if f.rule == "third_party_threshold")
    assert finding.params["count"] == 1
    add(db, days_ago(2, 14))
    add(db, days_ago(2, 15))  # three unanswered since the refusal
    assert "third_party_threshold" not in rules(chk(db, at=days_ago(1, 10), **third))


# --- a visit beginning at an exclusive quiet-hours start -------------------------------------


def test_a_visit_beginning_at_an_exclusive_start_runs_into_the_quiet_hours():
    """US-style quiet hours edited to 23:00–06:00 (23:00 exactly allowed): a visit from 23:00
    to 07:00 spends the night in them and is blocked; one ending at 23:00 is not."""
    us = shipped_ruleset("us")
    quiet = us.rules["quiet_hours"]
    edited = replace(quiet, params={**quiet.params, "start": "23:00", "end": "06:00"})
    ruleset = replace(us, rules={**us.rules, "quiet_hours": edited})
    ny = "America/New_York"
    night = check(visit(at("23:00", ny), hours=8), ctx(ny), ruleset)
    assert "quiet_hours" in rules(night)
    assert night.kind is VerdictKind.BLOCKED
    evening = check(visit(at("22:00", ny), hours=1), ctx(ny), ruleset)
    assert "quiet_hours" not in rules(evening)
