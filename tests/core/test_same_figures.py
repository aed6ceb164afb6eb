"""The same figure reads the same on every surface that shows it, as of the same office day: the
dashboard's query, the list its tile opens, the period reports' gathered data and the text of
their PDFs. On the demo office and on a hand-made office at the edges (tests/same_office.py):
bucket boundaries, a case paid off today, a complaint due today, a course expiring today.

Sections: aging (overdue by bucket), recovered this month, complaints near their deadline,
training, visits and approvals, and the queue date a supervisor set in the past."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlalchemy import select

from app import settings
from app.cases.delinquency import BUCKET_NAMES, bucket_for
from app.complaint_list import complaints_list
from app.models import Case, User
from app.money import fmt
from app.office import office_today
from app.queries.approvals import AGREEMENT, waiting_for_approval
from app.queries.cases import QueueFilter, queue_count
from app.queries.dashboard import dashboard
from app.queries.dashboard_days import month_start, week_start
from app.queries.dashboard_lists import recovery_rows, visit_rows
from app.reporting import compliance_report, portfolio_report
from app.training.roster import roster_data
from app.training.status import CourseStatus, in_filter, office_training
from reports.compliance_report import render_compliance_report
from reports.portfolio import render_portfolio
from reports.roster import render_roster
from tests.reports.pdfcheck import pages_text, read
from tests.same_office import DEADLINE_IN, EDGE_DPD, PAID_TODAY, PRINCIPAL, build_same_office

MONEY = re.compile(r"^(?P<bucket>M1|M2|M3|M4\+|180\+) (?P<n>[\d,]+) (?P<amount>[\d,]+\.\d\d) ")


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


def _pdf(render, data, lang: str = "en") -> str:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    render(data, out, lang)
    return "\n".join(pages_text(read(out.getvalue())))


def _minor(text: str) -> int:
    return int(text.replace(",", "").replace(".", ""))


@pytest.fixture
def edges(db):
    build_same_office(db)
    return db


@pytest.fixture(params=["demo", "edges"])
def office(request, engine_name):
    """The demo office, then the hand-made one at the edges (on each engine)."""
    return request.getfixturevalue("demo_db" if request.param == "demo" else "edges")


# --- aging: overdue amount and cases by bucket ---------------------------------------------


def test_aging_reads_the_same_on_the_dashboard_the_queue_and_the_portfolio_report(office) -> None:
    """Dashboard chart and tiles, the queue's bucket filter and count, the portfolio report's
    ageing table (its data and its PDF): per bucket, cases and amount overdue."""
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        d = dashboard(s, sup)
        assert d.as_of == office_today(s)
        tile = {b.bucket: (b.count, b.amount) for b in d.buckets}
        queue = {b: queue_count(s, sup, QueueFilter(bucket=b)) for b in BUCKET_NAMES}
        report = portfolio_report(s, sup, d.as_of, month_start(d.as_of), d.as_of)
    table = {
        row.bucket: (row.loans, row.overdue) for row in report.aging if row.bucket != "current"
    }
    assert table == tile
    assert queue == {b: n for b, (n, _amount) in tile.items()}
    assert queue_count(s, sup, QueueFilter(overdue=True)) == d.overdue_count == report.overdue_loans
    text = _pdf(render_portfolio, report)
    ageing = text[text.index(f"Aging as of {d.as_of}") : text.index("Overdue loans")]
    printed = {
        m["bucket"]: (int(m["n"].replace(",", "")), _minor(m["amount"]))
        for line in ageing.splitlines()
        if (m := MONEY.match(line))
    }
    assert printed == tile
    total = f"Overdue loans {d.overdue_count:,} {fmt(d.overdue_amount)}"
    assert total in text
    assert d.overdue_count > 0


def test_the_bucket_boundaries_and_a_case_paid_today(edges) -> None:
    """DPD 30 is M1 and 31 M2, 180 M4+ and 181 180+; due today is not overdue; a loan paid off
    today is on no surface (its case closed), and its payment is recovered this month."""
    with edges.sessions() as s:
        sup = _user(s, "supervisor")
        d = dashboard(s, sup)
        expected: dict[str, list[int]] = {b: [] for b in BUCKET_NAMES}
        for dpd in EDGE_DPD:
            if dpd:
                expected[bucket_for(dpd)].append(PRINCIPAL + dpd)
        assert {b.bucket: (b.count, b.amount) for b in d.buckets} == {
            b: (len(v), sum(v)) for b, v in expected.items()
        }
        assert (bucket_for(30), bucket_for(31), bucket_for(180), bucket_for(181)) == (
            "M1",
            "M2",
            "M4+",
            "180+",
        )
        paid = s.scalar(select(Case).join(Case.loan).where(Case.loan.has(loan_no=PAID_TODAY)))
        assert paid is not None and paid.closed_on == d.as_of
        rows = recovery_rows(s, sup, month_start(d.as_of), d.as_of)
        report = portfolio_report(s, sup, d.as_of, month_start(d.as_of), d.as_of)
    assert d.recovered_this_month == PRINCIPAL + 10 == sum(r.amount for r in rows)
    assert report.recovered_in_collection == d.recovered_this_month


# --- recovered this month ------------------------------------------------------------------


def test_recovered_this_month_is_the_list_behind_it_and_the_reports_figure(demo_db) -> None:
    """The tile, the payments list it opens and the portfolio report over the month to date (its
    data and the sentence its PDF prints, in English and Chinese)."""
    with demo_db.sessions() as s:
        sup = _user(s, "supervisor")
        d = dashboard(s, sup)
        first = month_start(d.as_of)
        listed = sum(r.amount for r in recovery_rows(s, sup, first, d.as_of))
        report = portfolio_report(s, sup, d.as_of, first, d.as_of)
    assert d.recovered_this_month == listed == report.recovered_in_collection
    english = _pdf(render_portfolio, report).replace("\n", " ")
    assert f'"Recovered this month" counts this way): {fmt(listed)}.' in english
    chinese = _pdf(render_portfolio, report, "zh_CN").replace("\n", "")
    assert f"（总览的“本月回收”按此口径计算）：{fmt(listed)}。" in chinese


# --- complaints ----------------------------------------------------------------------------


def test_complaints_near_their_deadline_and_past_it(office) -> None:
    """The tile, the Complaints page's "Near their deadline" filter and, past the deadline, the
    page's "n overdue" rows and the compliance report of the week to today: a complaint due
    today is near its deadline, not past it."""
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        d = dashboard(s, sup)
        near = complaints_list(s, sup, near_deadline=True)
        page = complaints_list(s, sup, open_only=True)
        report = compliance_report(s, sup, week_start(d.as_of), d.as_of)
    assert d.complaints_near_deadline == len(near)
    assert {r.complaint_no for r in near} == {
        r.complaint_no for r in page if r.days_left is not None and r.days_left <= 3
    }
    past_on_page = {r.complaint_no for r in page if r.days_left is not None and r.days_left < 0}
    open_in_report = {c.complaint_no for c in report.complaints if c.closed_on is None}
    past_in_report = {c.complaint_no for c in report.complaints if c.overdue and not c.closed_on}
    assert past_on_page & open_in_report == past_in_report & {r.complaint_no for r in page}
    text = _pdf(render_compliance_report, report)
    overdue_total = sum(c.overdue for c in report.complaints)
    assert f"Complaints past their deadline {overdue_total}" in text


def test_complaint_deadlines_at_the_edges(edges) -> None:
    with edges.sessions() as s:
        sup = _user(s, "supervisor")
        d = dashboard(s, sup)
        days = sorted(r.days_left for r in complaints_list(s, sup, near_deadline=True))
        report = compliance_report(s, sup, week_start(d.as_of), d.as_of)
    assert days == [n for n in DEADLINE_IN if n <= 3] == [-2, 0, 3]
    assert d.complaints_near_deadline == 3
    assert sorted(c.overdue for c in report.complaints) == [False, False, False, True]


# --- training ------------------------------------------------------------------------------


def _training_figures(s, day: dt.date) -> tuple[set[str], set[str]]:
    """(expiring, lapsed or missing) usernames as the Agents & training page filters them."""
    agents = office_training(s, day)
    return (
        {a.username for a in agents if in_filter(a, "expiring")},
        {a.username for a in agents if in_filter(a, "lapsed")},
    )


def test_training_reads_the_same_on_the_dashboard_page_roster_and_compliance_report(
    office,
) -> None:
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        today = office_today(s)
        d = dashboard(s, sup)
        expiring, lapsed = _training_figures(s, today)
        roster = roster_data(s, sup, today)
        report = compliance_report(s, sup, week_start(today), today)
        names = {a.display_name: a.username for a in office_training(s, today)}
    assert (d.training_expiring, d.training_lapsed) == (len(expiring), len(lapsed))
    worst = {a.username: a.status for a in roster.agents}
    assert {u for u, st in worst.items() if st in (CourseStatus.LAPSED, CourseStatus.MISSING)} == (
        lapsed
    )
    assert {a.username for a in roster.agents if a.expiring} == expiring
    flagged = {names[r.agent] for r in report.training}
    assert flagged == expiring | lapsed
    assert {names[r.agent] for r in report.training if r.status == "expiring"} == expiring
    text = _pdf(render_compliance_report, report)
    assert f"Agents with lapsed, missing or expiring training {len(flagged)}" in text
    roster_text = _pdf(render_roster, roster)
    assert roster_text.count("Lapsed") + roster_text.count("Missing") >= len(lapsed)


def test_training_at_the_edges(edges) -> None:
    """A course on its last valid day is expiring (not lapsed), one lapsed yesterday lapsed,
    one never passed missing — on the tile, the page and the report alike."""
    with edges.sessions() as s:
        d = dashboard(s, _user(s, "supervisor"))
        expiring, lapsed = _training_figures(s, d.as_of)
    assert expiring == {"agent01"} and lapsed == {"agent02", "agent03"}
    assert (d.training_expiring, d.training_lapsed) == (1, 2)


# --- visits and approvals ------------------------------------------------------------------


def test_visits_today_late_checkouts_and_approvals(demo_db) -> None:
    with demo_db.sessions() as s:
        sup = _user(s, "supervisor")
        d = dashboard(s, sup)
        waiting = waiting_for_approval(s, sup)
        today, late = visit_rows(s, sup, "today"), visit_rows(s, sup, "late")
    # The safety-call tile's list: the late check-outs and the booked visits never checked in
    assert d.visits_today == len(today) and d.visits_safety_calls == len(late)
    # The demo keeps one waiting at least (app/demo/every_state.py); its history may add one.
    assert d.waiting_agreements == sum(1 for w in waiting if w.kind == AGREEMENT) >= 1


# --- a queue date set in the past ----------------------------------------------------------


def test_a_past_queue_date_leaves_the_training_tiles_on_todays_training(edges) -> None:
    """Training says who may call and visit today: the Agents & training page the tiles open,
    `casedesk training status`, the roster and the rule checks count it as of the office's
    today. With a queue date set in the past the tiles counted as of that date (agent02, lapsed
    yesterday, was "valid" on the tile and lapsed on the page it opened)."""
    with edges.session() as s:
        sup = _user(s, "supervisor")
        past = office_today(s) - dt.timedelta(days=5)
        settings.put(s, sup, "queue.as_of", past.isoformat())
    with edges.sessions() as s:
        d = dashboard(s, _user(s, "supervisor"))
        expiring, lapsed = _training_figures(s, office_today(s))
    assert d.as_of == past
    assert (d.training_expiring, d.training_lapsed) == (len(expiring), len(lapsed)) == (1, 2)
