"""The period reports' figures on the demo office, each checked against an independent count:
plain SQL for the compliance report, the queue's own positions for the portfolio's aging and roll
rates; caps reached when a borrower has had the most conversations; empty and bad periods."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter

import pytest
from sqlalchemy import select, text

from app.accounts import activate_user, deactivate_user
from app.agreements import list_agreements
from app.auth import add_user
from app.cases.delinquency import bucket_for, positions
from app.compliance.versions import change_parameters
from app.errors import PermissionDenied, ValidationError
from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementStatus,
    Case,
    Channel,
    Complaint,
    ContactAttempt,
    Loan,
    LoanReinstatement,
    LoanStatus,
    Outcome,
    Party,
    Payment,
    Role,
    User,
    VerdictKind,
)
from app.reporting import compliance_report, portfolio_report
from app.reporting.compliance_more import _staff_at_end
from app.reporting.period import make_period, month_ends, rulesets_in_force
from app.reporting.positions import CLOSED, CURRENT
from tests.office_day import office_today

TODAY = office_today()  # the demo office's day (Shanghai's), not this computer's
START, END = TODAY - dt.timedelta(days=60), TODAY
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def user(session, name: str = "supervisor") -> User:
    return session.scalar(select(User).where(User.username == name))


def bounds(start: dt.date, end: dt.date) -> dict[str, str]:
    """The period's UTC bounds as the naive text SQLite stores."""

    def utc(day: dt.date) -> str:
        moment = dt.datetime.combine(day, dt.time(), SHANGHAI).astimezone(dt.UTC)
        return moment.strftime("%Y-%m-%d %H:%M:%S")

    return {"low": utc(start), "high": utc(end + dt.timedelta(days=1))}


def sql(session, query: str, **params) -> list:
    return session.execute(text(query), {**bounds(START, END), **params}).all()


@pytest.mark.sqlite_only  # the cross-check's own SQL is SQLite's
def test_compliance_counts_match_plain_sql(demo_db) -> None:
    with demo_db.sessions() as s:
        report = compliance_report(s, user(s), START, END)
        assert not report.empty
        where = "at >= :low AND at < :high"
        total = sql(s, f"SELECT count(*) FROM contact_attempt WHERE {where}")[0][0]
        assert report.contacts == total
        assert report.contacts > 100
        per_channel = dict(
            sql(s, f"SELECT channel, count(*) FROM contact_attempt WHERE {where} GROUP BY channel")
        )
        assert {c.channel.upper(): c.attempts for c in report.by_channel} == per_channel
        connected = dict(
            sql(
                s,
                f"SELECT channel, count(*) FROM contact_attempt WHERE {where} "
                "AND outcome = 'CONNECTED' GROUP BY channel",
            )
        )
        assert {c.channel.upper(): c.connected for c in report.by_channel if c.connected} == (
            connected
        )
        by_hour = dict(
            sql(
                s,
                "SELECT CAST(strftime('%H', at, '+8 hours') AS INTEGER), count(*) "
                f"FROM contact_attempt WHERE {where} GROUP BY 1",
            )
        )
        assert {h: n for h, n in enumerate(report.by_hour) if n} == by_hour
        blocked = sql(s, f"SELECT count(*) FROM blocked_attempt WHERE {where}")[0][0]
        assert len(report.blocked) == blocked > 0
        flagged = dict(
            sql(s, f"SELECT verdict, count(*) FROM contact_attempt WHERE {where} GROUP BY verdict")
        )
        # Visit bookings and moves flagged count too (the demo's overridden booking falls in the
        # period on some days: built on 1 January 2027 the report's one override was a booking).
        booked = dict(
            sql(s, f"SELECT verdict, count(*) FROM flagged_booking WHERE {where} GROUP BY verdict")
        )
        assert len(report.warnings) == flagged.get("WARNING", 0) + booked.get("warning", 0) > 0
        assert len(report.overrides) == (
            flagged.get("NEEDS_OVERRIDE", 0) + booked.get("needs_override", 0)
        )
        third = sql(
            s,
            f"SELECT count(*) FROM contact_attempt WHERE {where} "
            "AND party NOT IN ('BORROWER', 'GUARANTOR')",
        )[0][0]
        assert len(report.third_party) == third > 0
        assert {t.party for t in report.third_party} <= {"relative", "employer", "other"}
        per_rule = Counter()
        for row in report.blocked + report.warnings + report.overrides:
            per_rule.update(r.strip() for r in row.rules.split(","))
        assert {r.rule: r.blocked + r.warnings + r.overrides for r in report.by_rule} == per_rule
        # Warnings by agent: the agent with the most first, each agent's rules most warned first.
        rows = report.warnings_by_agent
        totals = Counter()
        for w in rows:
            totals[w.agent] += w.count
        assert sum(totals.values()) >= len(report.warnings) > 0
        agents = list(dict.fromkeys(w.agent for w in rows))  # in the order listed
        assert [totals[a] for a in agents] == sorted(totals.values(), reverse=True)
        for agent in agents:
            counts = [w.count for w in rows if w.agent == agent]
            assert counts == sorted(counts, reverse=True)
        visits = sql(
            s,
            "SELECT count(*) FROM visit WHERE coalesce(checked_in_at, scheduled_start) >= :low "
            "AND coalesce(checked_in_at, scheduled_start) < :high",
        )[0][0]
        assert len(report.visits) == visits > 0
        complaints = sql(
            s,
            "SELECT count(*) FROM complaint WHERE received_on <= :end AND (received_on >= :start "
            "OR closed_on IS NULL OR closed_on >= :start)",
            start=START.isoformat(),
            end=END.isoformat(),
        )[0][0]
        assert len(report.complaints) == complaints > 0
        versions = sql(s, "SELECT upper(jurisdiction) || ' ' || version FROM ruleset_version")
        assert set(report.header.ruleset_versions) <= {v for (v,) in versions}
        assert report.header.ruleset_versions  # the version in force is always named


@pytest.mark.sqlite_only  # the cross-check's own SQL is SQLite's
def test_conversation_cap_days_match_sql_and_count_a_full_day(demo_db) -> None:
    with demo_db.sessions() as s:
        # Caps count the borrower's own day; the demo's borrowers live in UTC+8 or UTC+6.
        zones = {tz for (tz,) in s.execute(text("SELECT DISTINCT timezone FROM borrower"))}
        assert zones <= {"Asia/Shanghai", "Asia/Urumqi"}
        days = """SELECT count(*), max(n) FROM (SELECT l.borrower_id, date(k.at, CASE b.timezone
            WHEN 'Asia/Urumqi' THEN '+6 hours' ELSE '+8 hours' END), count(*) AS n
            FROM contact_attempt k JOIN "case" c ON c.id = k.case_id
            JOIN loan l ON l.id = c.loan_id JOIN borrower b ON b.id = l.borrower_id
            WHERE k.at >= :low AND k.at < :high
            AND k.party = 'BORROWER' AND k.outcome = 'CONNECTED'
            AND k.channel IN ('CALL', 'VISIT') GROUP BY 1, 2)"""
        expected_days, expected_max = sql(s, days)[0]
        before = compliance_report(s, user(s), START, END)
        cap = next(c for c in before.caps if c.rule == "daily_conversation_cap")
        assert (cap.days_with_activity, cap.highest, cap.limit) == (expected_days, expected_max, 3)
        # Three conversations with one borrower on one day (written past the rules, as history).
        case = s.scalar(select(Case).order_by(Case.id).limit(1))
        agent = user(s, "agent01")
        noon = dt.datetime.combine(START + dt.timedelta(days=1), dt.time(4), dt.UTC)
        for n in range(3):
            s.add(
                ContactAttempt(
                    case_id=case.id,
                    agent_id=agent.id,
                    channel=Channel.CALL,
                    party=Party.BORROWER,
                    at=noon + dt.timedelta(minutes=n),
                    outcome=Outcome.CONNECTED,
                    verdict=VerdictKind.ALLOWED,
                )
            )
        s.flush()
        after = compliance_report(s, user(s), START, END)
        cap_after = next(c for c in after.caps if c.rule == "daily_conversation_cap")
        assert cap_after.days_at_cap == cap.days_at_cap + 1
        assert cap_after.highest >= 3
        assert after.contacts == before.contacts + 3
        s.rollback()


def queue_buckets(session, as_of: dt.date) -> dict[str, tuple[int, int]]:
    """The queue's own positions (app/cases/delinquency.py), bucketed in Python."""
    found: dict[str, list[int]] = {}
    for p in positions(session, as_of):
        bucket = bucket_for(p.dpd) or CURRENT
        row = found.setdefault(bucket, [0, 0])
        row[0] += 1
        row[1] += p.amount_overdue
    return {b: (n, amount) for b, (n, amount) in found.items()}


@pytest.mark.parametrize("days_back", [0, 45], ids=["today", "a past date"])
def test_portfolio_aging_equals_the_queue_positions(demo_db, days_back: int) -> None:
    as_of = TODAY - dt.timedelta(days=days_back)
    with demo_db.sessions() as s:
        report = portfolio_report(s, user(s), as_of, START, END)
        expected = queue_buckets(s, as_of)
        got = {a.bucket: (a.loans, a.overdue) for a in report.aging if a.loans}
        assert got == expected
        assert report.overdue_loans > 10


def test_roll_rates_follow_each_loan_between_month_ends(demo_db) -> None:
    with demo_db.sessions() as s:
        report = portfolio_report(s, user(s), END, START, END)
        ends = month_ends(START, END)
        assert [(m.start, m.end) for m in report.rolls] == list(zip(ends, ends[1:], strict=False))
        matrix = report.rolls[-1]
        before = {p.loan_id: bucket_for(p.dpd) or CURRENT for p in positions(s, matrix.start)}
        after = {p.loan_id: bucket_for(p.dpd) or CURRENT for p in positions(s, matrix.end)}
        expected: dict[str, Counter] = {}
        for loan_id, source in before.items():
            expected.setdefault(source, Counter())[after.get(loan_id, CLOSED)] += 1
        assert matrix.counts == {k: dict(v) for k, v in expected.items()}
        m1 = matrix.counts.get("M1", {})
        if sum(m1.values()):
            worse = sum(n for b, n in m1.items() if b not in ("M1", CURRENT, CLOSED))
            assert matrix.roll_forward("M1") == worse / sum(m1.values())
            back = m1.get(CURRENT, 0) + m1.get(CLOSED, 0)
            assert matrix.cured("M1") == back / sum(m1.values())
        assert matrix.cured(CURRENT) is None  # staying current is not a cure
        assert sum(matrix.counts.get("180+", {}).values()), "the demo office has 180+ loans"
        assert matrix.roll_forward("180+") is None  # nothing is worse: "—", not 0.0%


def test_recovery_and_promises_match_independent_counts(demo_db) -> None:
    stages: list[str] = []
    with demo_db.sessions() as s:
        report = portfolio_report(s, user(s), END, START, END, progress=stages.append)
        # The day before the period, each month end from the one before it, the as-of date.
        dates = {START - dt.timedelta(days=1), END, *month_ends(START, END)}
        assert stages == [
            f"Aging the loan book at {len(dates)} dates…",
            "Roll rates between month ends…",
            "Recovery by bucket, agent and product…",
            "Promises, agreements and visits…",
        ]
        start = {
            p.loan_id: p.amount_overdue
            for p in positions(s, START - dt.timedelta(days=1))
            if p.dpd > 0
        }
        paid = dict(
            s.execute(
                text(
                    "SELECT loan_id, sum(amount - credit_amount) FROM payment "
                    "WHERE paid_on BETWEEN :a AND :b GROUP BY loan_id"
                ),
                {"a": START.isoformat(), "b": END.isoformat()},
            ).all()
        )
        rec = report.recovery
        assert rec.loans == len(start) and rec.overdue == sum(start.values())
        assert rec.collected == sum(min(paid.get(i, 0), owed) for i, owed in start.items())
        assert 0 < rec.collected <= rec.overdue and rec.rate == rec.collected / rec.overdue
        assert sum(a.loans for a in report.agents) == rec.loans
        assert sum(a.collected for a in report.agents) == rec.collected
        # Most collected first (the unassigned row, if any, last).
        named = [a for a in report.agents if a.agent]
        assert len(named) > 2 and report.agents[: len(named)] == named
        collected = [a.collected for a in named]
        assert collected == sorted(collected, reverse=True) and collected[0] > collected[-1]
        assert sum(p.collected for p in report.products) == rec.collected
        # Write-offs dated in the period, loan by loan: what each still owes.
        gone = [
            loan
            for loan in s.scalars(select(Loan).where(Loan.status == LoanStatus.WRITTEN_OFF))
            if START <= loan.closed_on <= END
        ]
        owed = sum(i.outstanding for loan in gone for i in loan.instalments)
        # … and those written off in it and reinstated since: what was written off then.
        undone = s.execute(
            select(LoanReinstatement.loan_id, LoanReinstatement.owed).where(
                LoanReinstatement.written_off_on.between(START, END)
            )
        ).all()
        assert not {loan_id for loan_id, _ in undone} & {loan.id for loan in gone}
        owed += sum(amount for _, amount in undone)
        assert (report.write_offs.loans, report.write_offs.owed) == (len(gone) + len(undone), owed)
        statuses = dict(
            s.execute(
                text(
                    "SELECT status, count(*) FROM promise WHERE due_on BETWEEN :a AND :b "
                    "GROUP BY status"
                ),
                {"a": START.isoformat(), "b": END.isoformat()},
            ).all()
        )
        p = report.promises
        assert (p.kept, p.broken, p.partial) == tuple(
            statuses.get(k, 0) for k in ("KEPT", "BROKEN", "PARTIAL")
        )
        signed = s.execute(
            text("SELECT count(*) FROM agreement WHERE signed_on BETWEEN :a AND :b"),
            {"a": START.isoformat(), "b": END.isoformat()},
        ).scalar()
        assert report.agreements.signed == signed
        assert report.visits.completed > 0 and report.visits.cost > 0


def test_agreements_count_what_ended_in_the_period(demo_db) -> None:
    """The kept rate is of the agreements whose outcome fell in the period, as promises are
    judged by their due date: completed the day payments since signing reached the agreed
    amount, breached the day after the first short instalment fell due — worked out here
    agreement by agreement from the rows, for the last year and for its last two months."""
    with demo_db.sessions() as s:
        ended: dict[int, tuple[AgreementStatus, dt.date]] = {}
        rows = s.execute(
            select(
                Agreement.id, Agreement.status, Agreement.signed_on, Agreement.settled_amount,
                Case.loan_id,
            ).join(Case, Case.id == Agreement.case_id)
        ).all()  # fmt: skip
        for number, status, signed_on, agreed, loan_id in rows:
            if status is AgreementStatus.COMPLETED:
                total = 0
                for paid_on, amount in s.execute(
                    select(Payment.paid_on, Payment.amount)
                    .where(Payment.loan_id == loan_id, Payment.paid_on >= signed_on)
                    .order_by(Payment.paid_on, Payment.id)
                ):
                    total += amount
                    if total >= agreed:
                        ended[number] = (status, paid_on)
                        break
            elif status is AgreementStatus.BREACHED:
                plan = select(AgreementInstalment).where(AgreementInstalment.agreement_id == number)
                short = [i.due_on for i in s.scalars(plan) if i.status in ("missed", "partial")]
                ended[number] = (status, min(short) + dt.timedelta(days=1))
        for start in (END - dt.timedelta(days=364), START):
            a = portfolio_report(s, user(s), END, start, END).agreements
            outcomes = Counter(st for st, day in ended.values() if start <= day <= END)
            completed = outcomes[AgreementStatus.COMPLETED]
            breached = outcomes[AgreementStatus.BREACHED]
            assert (a.completed, a.breached) == (completed, breached)
            assert a.kept_rate == (completed / (completed + breached) if ended else None)
            signed = [st for _, st, on, _, _ in rows if on is not None and start <= on <= END]
            assert a.signed == len(signed)
            running = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
            assert a.running == sum(st in running for st in signed)
            assert a.cancelled == signed.count(AgreementStatus.CANCELLED)
            assert a.completed_since == signed.count(AgreementStatus.COMPLETED)
            assert a.breached_since == signed.count(AgreementStatus.BREACHED)
            # The report's rows under "signed in the period" account for every one of them.
            assert a.running + a.completed_since + a.breached_since + a.cancelled == a.signed
        # The Agreements page and `agreement list` give each the same day.
        listed = {r.id: r.ended_on for r in list_agreements(s, user(s))}
        assert {n: listed[n] for n in ended} == {n: day for n, (_, day) in ended.items()}
    # Agreements ended in the year, so the comparison above is not between zeros (the day of
    # a breach is tested on its own in tests/core/test_agreements.py).
    assert any(END - dt.timedelta(days=364) <= day <= END for _, day in ended.values())


def test_an_empty_period_says_so(demo_db) -> None:
    with demo_db.sessions() as s:
        compliance = compliance_report(s, user(s), "2001-01-01", "2001-01-31")
        assert compliance.empty and compliance.contacts == 0 and not compliance.by_channel
        # Nothing was in force then: the office stored its first rule set and hired its agents
        # later (the demo's staff were taken on from about three years ago).
        assert compliance.header.ruleset_versions == () and compliance.training == []
        folio = portfolio_report(s, user(s), "2001-01-31", "2001-01-01", "2001-01-31")
        assert folio.empty and folio.overdue_loans == 0
        assert all(a.loans == 0 for a in folio.aging)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-03-31", "2026-03-01", "ends (2026-03-01) before it starts (2026-03-31)"),
        ("2026-02-30", "2026-03-01", "The start date 2026-02-30 is no day of the calendar."),
        ("2026-02-3O", "2026-03-01", "Cannot read the start date"),
        ("", "2026-03-01", "The start date is missing."),
        ("2010-01-01", "2026-03-01", "at most five years"),
    ],
)
def test_a_bad_period_is_refused(demo_db, start: str, end: str, message: str) -> None:
    with demo_db.sessions() as s:
        with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
            compliance_report(s, user(s), start, end)
        with pytest.raises(ValidationError):
            portfolio_report(s, user(s), "2026-03-01", start, end)


def test_a_period_or_date_after_today_is_refused(demo_db) -> None:
    """A report states what happened: ageing the book at a future date would project every
    unpaid instalment into arrears, so a period ending after today, or an as-of date after
    it, is refused with the office's today named."""
    from app.reporting.period import office_today

    with demo_db.sessions() as s:
        today = office_today(s)
        tomorrow = today + dt.timedelta(days=1)
        with pytest.raises(ValidationError, match=f"after today \\({today:%Y-%m-%d}\\)"):
            compliance_report(s, user(s), today, tomorrow)
        with pytest.raises(ValidationError, match=f"ends on {tomorrow:%Y-%m-%d}"):
            portfolio_report(s, user(s), today, today, tomorrow)
        with pytest.raises(ValidationError, match=f"as-of date {tomorrow:%Y-%m-%d} is after"):
            portfolio_report(s, user(s), tomorrow, today, today)
        assert portfolio_report(s, user(s), today, today, today).aging  # today itself is fine


def test_only_supervisors_and_admins_print_reports(demo_db) -> None:
    with demo_db.sessions() as s:
        with pytest.raises(PermissionDenied, match="may not print reports"):
            compliance_report(s, user(s, "agent01"), START, END)
        with pytest.raises(PermissionDenied, match="may not print reports"):
            portfolio_report(s, user(s, "agent01"), END, START, END)
        assert compliance_report(s, user(s, "admin"), START, END).contacts > 0


@pytest.mark.sqlite_only  # reads sqlite_temp_master
def test_snapshots_leave_no_temporary_tables(demo_db) -> None:
    with demo_db.sessions() as s:
        portfolio_report(s, user(s), END, START, END)
        left = s.execute(text("SELECT name FROM sqlite_temp_master WHERE type = 'table'")).all()
        assert left == []
        assert s.scalar(select(Loan.id).limit(1)) is not None


def test_a_past_period_names_what_was_in_force_then(demo_db) -> None:
    """A rule-set edit and staff changes made today do not rewrite a report on a period that
    ended yesterday: it names the version its verdicts used (not today's edit), lists an agent
    deactivated today, and leaves out an agent taken on today. Today is the office's: from 16:00
    UTC it is already tomorrow in Shanghai, and an edit made then falls after the host's date."""
    from app.reporting.period import office_today

    with demo_db.sessions() as s:
        office_day = office_today(s)
        yesterday = office_day - dt.timedelta(days=1)
        admin = user(s, "admin")
        earlier = compliance_report(s, user(s), START, yesterday)
        before = earlier.header.ruleset_versions
        edited = change_parameters(s, admin, "daily_attempt_cap", {"max": 5})
        leaver = s.scalar(select(User).where(User.role == Role.AGENT, User.active).limit(1))
        deactivate_user(s, admin, leaver.username)
        add_user(s, admin, "newhire", Role.AGENT, "a long enough password 1")
        s.commit()
        period = make_period(s, START, yesterday)
        staff = set(_staff_at_end(s, period))
        assert leaver.id in staff
        assert user(s, "newhire").id not in staff
        later = compliance_report(s, user(s), START, yesterday)
        after = later.header.ruleset_versions
        assert after == before and f"CN {edited.version}" not in after
        # QA: the caps (limit, days at the cap) and the rules' words are those of that time.
        assert later.caps == earlier.caps
        assert next(c.limit for c in later.caps if c.rule == "daily_attempt_cap") == 6
        assert [(r.rule, r.text) for r in later.by_rule] == [
            (r.rule, r.text) for r in earlier.by_rule
        ]
        ending_today = compliance_report(s, user(s), START, office_day)
        # Each contact counted against the limit in force when it was made: 6 up to the edit,
        # 5 from it (a row each, with its days).
        rows = [c for c in ending_today.caps if c.rule == "daily_attempt_cap"]
        assert [(c.limit, c.last) for c in rows] == [(6, office_day), (5, office_day)]
        assert rows[0].first == START and rows[1].first == office_day
        # A period that ends today: the edit is in force, the leaver gone, the new agent there.
        today = make_period(s, START, office_day)
        assert f"CN {edited.version}" in rulesets_in_force(s, today)
        staff = set(_staff_at_end(s, today))
        assert leaver.id not in staff and user(s, "newhire").id in staff
        # Taken back on today: on the staff of today's period, still not of yesterday's.
        activate_user(s, admin, leaver.username)
        s.commit()
        assert leaver.id in set(_staff_at_end(s, today))
        assert leaver.id in set(_staff_at_end(s, period))
        deactivate_user(s, admin, leaver.username)  # and gone again
        s.commit()
        assert leaver.id not in set(_staff_at_end(s, today))


@pytest.mark.sqlite_only  # the cross-check's own SQL is SQLite's
def test_contacts_by_hour_in_a_half_hour_zone(demo_db) -> None:
    """QA: an office on Asia/Kolkata (UTC+05:30) had its contacts by hour placed by the UTC
    hour's start, three hours of histogram shifted; a borrower's day likewise."""
    from app.reporting.period import office_today

    with demo_db.sessions() as s:
        s.execute(text("UPDATE office SET timezone = 'Asia/Kolkata'"))
        s.execute(text("UPDATE borrower SET timezone = 'Asia/Kolkata'"))
        end = office_today(s)  # Kolkata's day: from 16:00 to 18:30 UTC, Shanghai's yesterday
        report = compliance_report(s, user(s), end - dt.timedelta(days=60), end)
        low, high = report.period.utc_bounds()
        kolkata = zoneinfo.ZoneInfo("Asia/Kolkata")
        hours = Counter(
            at.replace(tzinfo=dt.UTC).astimezone(kolkata).hour
            for at in s.scalars(
                select(ContactAttempt.at).where(ContactAttempt.at >= low, ContactAttempt.at < high)
            )
        )
        assert report.by_hour == [hours[h] for h in range(24)]
        days = sql(
            s,
            """SELECT count(*), max(n) FROM (SELECT l.borrower_id, date(k.at, '+330 minutes'),
            count(*) AS n FROM contact_attempt k JOIN "case" c ON c.id = k.case_id
            JOIN loan l ON l.id = c.loan_id
            WHERE k.at >= :low AND k.at < :high
            AND k.party = 'BORROWER' AND k.outcome = 'CONNECTED'
            AND k.channel IN ('CALL', 'VISIT') GROUP BY 1, 2)""",
            low=low.replace(tzinfo=None).isoformat(" "),
            high=high.replace(tzinfo=None).isoformat(" "),
        )[0]
        cap = next(c for c in report.caps if c.rule == "daily_conversation_cap")
        assert (cap.days_with_activity, cap.highest) == days
        s.rollback()


def test_a_complaint_reads_as_it_stood_at_the_periods_end(demo_db) -> None:
    """QA: a complaint closed late after the period counted as past its deadline in a period
    that ended before the deadline, with a status and closing day from after it."""
    with demo_db.sessions() as s:
        number = s.scalar(select(Complaint.complaint_no).order_by(Complaint.id).limit(1))
        received = START + dt.timedelta(days=1)
        s.execute(
            text(
                "UPDATE complaint SET received_on = :r, deadline_on = :d, status = 'RESOLVED', "
                "closed_on = :c, outcome = 'late' WHERE complaint_no = :n"
            ),
            {
                "r": received.isoformat(),
                "d": (received + dt.timedelta(days=15)).isoformat(),
                "c": (received + dt.timedelta(days=20)).isoformat(),
                "n": number,
            },
        )
        early = compliance_report(s, user(s), START, START + dt.timedelta(days=5))
        (row,) = [c for c in early.complaints if c.complaint_no == number]
        assert row.status in ("open", "investigating") and row.closed_on is None
        assert not row.overdue and row.outcome == ""
        later = compliance_report(s, user(s), START, START + dt.timedelta(days=25))
        (row,) = [c for c in later.complaints if c.complaint_no == number]
        assert (row.status, row.closed_on, row.overdue) == (
            "resolved",
            received + dt.timedelta(days=20),
            True,
        )
        s.rollback()


def test_a_no_show_after_a_check_in_counts_its_staffing() -> None:
    """QA: a team of one that checked in and met nobody was not short-staffed in the report."""
    from app.reporting.compliance_more import VisitRow

    def row(status: str, agents: tuple[str, ...], checked_in: bool) -> VisitRow:
        return VisitRow("V1", "C1", None, status, agents, None, False, (), checked_in)

    assert row("no_show", ("王芳",), True).understaffed
    assert not row("no_show", ("王芳",), False).understaffed  # nobody went to the door
    assert not row("no_show", ("王芳", "李强"), True).understaffed
    assert row("completed", ("王芳",), True).understaffed
