"""The fast paths of the period reports against the slow, obvious ones on the demo office: the
snapshots built from the partial index of unpaid instalments plus the payments dated after each
date equal the queue's full-scan positions loan for loan; the compliance report's caps equal
plain SQL; and the report queries read the covering indexes (EXPLAIN QUERY PLAN)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from sqlalchemy import event, select, text

from app.cases.delinquency import bucket_for, positions
from app.models import Payment, User
from app.reporting import compliance_report
from app.reporting.period import make_period, month_ends, rulesets_in_force
from app.reporting.positions import Snapshots


def _today() -> dt.date:
    """Read when used, not at import, so a run that crosses midnight agrees with the code."""
    return dt.date.today()


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def bounds(start: dt.date, end: dt.date) -> dict[str, str]:
    """The period's UTC bounds (office days in Shanghai) as the naive text SQLite stores."""

    def utc(day: dt.date) -> str:
        moment = dt.datetime.combine(day, dt.time(), SHANGHAI).astimezone(dt.UTC)
        return moment.strftime("%Y-%m-%d %H:%M:%S")

    return {"low": utc(start), "high": utc(end + dt.timedelta(days=1))}


def full_scan(session, as_of: dt.date) -> dict[int, tuple[str, int]]:
    """Bucket and amount overdue of every loan overdue at `as_of`, by the queue's full scan."""
    return {
        p.loan_id: (bucket_for(p.dpd), p.amount_overdue)
        for p in positions(session, as_of)
        if p.dpd > 0
    }


def snapshot(session, table) -> dict[int, tuple[str, int]]:
    rows = session.execute(select(table.c.loan_id, table.c.bucket, table.c.overdue))
    return {loan_id: (bucket, int(overdue)) for loan_id, bucket, overdue in rows}


@pytest.mark.sqlite_only  # SQLite's catalogue, date() or query plans
def test_snapshots_equal_the_full_scan_at_past_dates(demo_db) -> None:
    dates = [
        *month_ends(_today() - dt.timedelta(days=100), _today()),
        _today() - dt.timedelta(days=45),
        _today() - dt.timedelta(days=1),
        _today(),
    ]
    with demo_db.sessions() as s:
        later = {d: s.scalar(select(Payment.id).where(Payment.paid_on > d).limit(1)) for d in dates}
        assert all(later[d] for d in dates if d < _today() - dt.timedelta(days=1))
        snapshots = Snapshots(s)
        try:
            snapshots.prepare(dates)
            for day in dates:
                expected = full_scan(s, day)
                assert expected, day
                assert snapshot(s, snapshots.at(day)) == expected, day
            # A date before every prepared one reads the later payments again, from it.
            earlier = min(dates) - dt.timedelta(days=20)
            assert snapshot(s, snapshots.at(earlier)) == full_scan(s, earlier)
            assert snapshots.later_since == earlier
        finally:
            snapshots.close()
        left = s.execute(text("SELECT name FROM sqlite_temp_master WHERE type = 'table'")).all()
        assert left == []


def test_a_payment_after_the_date_puts_a_paid_instalment_back(demo_db) -> None:
    """A loan paid in full today was overdue yesterday if yesterday's payment came later."""
    with demo_db.sessions() as s:
        day = _today() - dt.timedelta(days=30)
        expected = full_scan(s, day)
        paid_since = {
            loan_id
            for (loan_id,) in s.execute(
                text(
                    "SELECT DISTINCT p.loan_id FROM payment p WHERE p.paid_on > :d AND NOT EXISTS"
                    " (SELECT 1 FROM instalment i WHERE i.loan_id = p.loan_id AND i.due_on < :d"
                    " AND i.principal_paid + i.interest_paid + i.fee_paid"
                    " < i.principal_due + i.interest_due + i.fee_due)"
                ),
                {"d": day.isoformat()},
            )
        }
        back = paid_since & expected.keys()  # overdue then only through what was paid since
        assert back, "the demo office should have loans cured after the date"
        snapshots = Snapshots(s)
        try:
            got = snapshot(s, snapshots.at(day))
        finally:
            snapshots.close()
        assert {loan: got.get(loan) for loan in back} == {loan: expected[loan] for loan in back}


@pytest.mark.sqlite_only  # SQLite's catalogue, date() or query plans
def test_unanswered_attempt_cap_days_match_sql(demo_db) -> None:
    start, end = _today() - dt.timedelta(days=60), _today()
    with demo_db.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        report = compliance_report(s, supervisor, start, end)
        days = """SELECT count(*), max(n) FROM (SELECT k.phone_number, date(k.at, CASE b.timezone
            WHEN 'Asia/Urumqi' THEN '+6 hours' ELSE '+8 hours' END), count(*) AS n
            FROM contact_attempt k JOIN "case" c ON c.id = k.case_id
            JOIN loan l ON l.id = c.loan_id JOIN borrower b ON b.id = l.borrower_id
            WHERE k.at >= :low AND k.at < :high AND k.phone_number IS NOT NULL
            AND k.outcome IN ('NO_ANSWER', 'BUSY', 'FAILED') AND k.channel = 'CALL'
            GROUP BY 1, 2)"""
        expected_days, expected_max = s.execute(text(days), bounds(start, end)).one()
        cap = next(c for c in report.caps if c.rule == "daily_attempt_cap")
        assert expected_days > 0
        assert (cap.days_with_activity, cap.highest) == (expected_days, expected_max)


@pytest.mark.sqlite_only  # SQLite's catalogue, date() or query plans
def test_report_queries_read_the_covering_indexes(demo_db) -> None:
    """The period's contact attempts and the unpaid instalments are read from the indexes
    alone (a plan that looked rows up would cost seconds on the 100,000-loan office)."""
    seen: list[tuple[str, str]] = []  # (statement, its query plan)

    def explain(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        if executemany or not statement.lstrip().startswith(("SELECT", "INSERT")):
            return
        plan = conn.connection.dbapi_connection.cursor()
        plan.execute("EXPLAIN QUERY PLAN " + statement, params)
        seen.append((statement, "\n".join(str(r[-1]) for r in plan.fetchall())))

    with demo_db.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", explain)
        try:
            compliance_report(s, supervisor, _today() - dt.timedelta(days=30), _today())
            rulesets_in_force(s, make_period(s, _today() - dt.timedelta(days=30), _today()))
            snapshots = Snapshots(s)
            snapshots.prepare([_today() - dt.timedelta(days=31), _today()])
            snapshots.close()
        finally:
            event.remove(engine, "before_cursor_execute", explain)
    covered = [
        plan
        for statement, plan in seen
        if "FROM contact_attempt" in statement
        and "COVERING INDEX ix_contact_attempt_at_cover" in plan
    ]
    # The hour-and-channel, cases, conversations, misses and third-party passes read it alone.
    assert len(covered) >= 5, seen
    # The versions that judged the period: a seek per version, never a pass over the period.
    # (Told apart by their earliest attempt: the report's overrides, when the period has any
    # on a given build day, name their version too, but are rows fetched by id, below.)
    read = [(st, plan) for st, plan in seen if "FROM contact_attempt" in st]
    versions = [plan for st, plan in read if "min(contact_attempt.at)" in st]
    assert len(versions) == 2, seen  # the compliance report's header, then rulesets_in_force
    for plan in versions:
        assert "COVERING INDEX ix_contact_attempt_version_at" in plan, plan
        assert "ix_contact_attempt_at_cover" not in plan, plan
    by_id = [plan for st, plan in read if "WHERE contact_attempt.id IN" in st]
    for plan in by_id:  # the overridden attempts listed: a seek each, by their ids
        assert "SEARCH contact_attempt USING INTEGER PRIMARY KEY" in plan, plan
    # Nothing else reads the attempts joined to their versions (no third pass for the labels).
    # (A pass that reads an attempt's version id, to word its rule as that version did, joins
    # nothing: only the table named counts.)
    named = [st for st, _ in read if re.search(r"\bruleset_version\b(?!_id)", st)]
    assert len(named) == len(versions) + len(by_id), named
    snapshot_plans = [plan for st, plan in seen if st.startswith("INSERT INTO report_overdue_")]
    assert len(snapshot_plans) == 2
    for plan in snapshot_plans:  # the unpaid instalments come from the partial index alone
        assert "COVERING INDEX ix_instalment_unpaid" in plan, plan
        assert "ix_instalment_due_on" not in plan, plan
