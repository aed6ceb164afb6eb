"""The portfolio and recovery report PDF parsed back with pypdf: section titles, the aging and
recovery figures, roll-rate tables per month, "page X of Y" and the rule-set version on every
page, every font embedded, Chinese, and an empty period (pages rendered to PNG to look at)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from sqlalchemy import select

from app.models import User
from app.money import fmt
from app.reporting import portfolio_report
from app.reporting.portfolio import PortfolioReport
from reports.portfolio import render_portfolio
from tests.office_day import office_today
from tests.reports.pdfcheck import fonts, pages_text, read, render_png
from tests.reports.test_compliance_report import assert_every_page_is_framed


def period() -> tuple[dt.date, dt.date]:
    """The 60 days to the office's today, read when a test runs, not at import (a run that
    crosses midnight in Shanghai, 16:00 UTC, would ask for the day before)."""
    end = office_today()
    return end - dt.timedelta(days=60), end


def gather(demo_db, as_of=None, start=None, end=None, lang="en") -> PortfolioReport:
    """The portfolio report as of `as_of` (default: the period's end) for the period (default:
    `period()`)."""
    if start is None or end is None:
        start, end = period()
    as_of = as_of or end
    with demo_db.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        return portfolio_report(s, supervisor, as_of, start, end, lang)


def render(report: PortfolioReport, lang: str) -> bytes:
    out = io.BytesIO()
    render_portfolio(report, out, lang)
    return out.getvalue()


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        (
            "en",
            (
                "Portfolio and recovery report",
                "Aging as of {end}",  # the period's end, read when the test runs
                "Roll rates between buckets, month end to month end",
                "Recovery rate",
                "Promises, agreements and visits",
                "Visit cost per amount recovered",
                "Agreements breached in the period",
                "Agreements kept rate: completed, of those completed or breached in the period",
                "By agent",
                "By product",
            ),
        ),
        (
            "zh_CN",
            (
                "资产组合与回收报告",
                "账龄分布",
                "账龄段迁移率",
                "回收率",
                "期内违约的协议",
                "按产品",
            ),
        ),
    ],
)
def test_sections_figures_and_fonts(demo_db, lang, titles, screenshot_dir) -> None:
    start, end = period()
    report = gather(demo_db, end, start, end, lang=lang)
    data = render(report, lang)
    reader = read(data)
    texts = pages_text(reader)
    text = "\n".join(texts)
    for title in (t.format(end=f"{end:%Y-%m-%d}") for t in titles):
        assert title in text, title
    assert_every_page_is_framed(texts, report.header.ruleset_versions[-1], lang)
    for row in report.aging:
        assert fmt(row.overdue) in text
    assert fmt(report.recovery.overdue) in text and fmt(report.recovery.collected) in text
    for matrix in report.rolls:
        assert f"{matrix.start:%Y-%m-%d}" in text and f"{matrix.end:%Y-%m-%d}" in text
        partial = " (month to date)" if lang == "en" else "（本月至今）"
        assert (f"{matrix.end:%Y-%m-%d}{partial}" in text) == matrix.month_to_date
    for product in report.products:
        assert product.product in text
    if lang == "en":  # the English report is in English
        assert "回收率" not in text
    pairs = {
        "en": "A visit counts for each agent on it",
        "zh_CN": "每次上门对参与的每位催收员各计一次",
    }
    assert pairs[lang] in text.replace("\n", "")
    w = report.write_offs
    said = {
        "en": f"Written off in the period: {w.loans:,} loan{'' if w.loans == 1 else 's'}, with "
        f"{fmt(w.owed)} still owed",
        "zh_CN": f"期内核销：{w.loans:,} 笔贷款，核销时尚欠 {fmt(w.owed)}。",
    }[lang]
    assert said in text.replace("\n", "")
    used = fonts(reader)
    assert used and all(embedded for _name, embedded in used), used
    render_png(data, screenshot_dir / "reports", f"portfolio-{lang}")


def test_the_written_off_line_says_one_loan_or_many(demo_db) -> None:
    """ "1 loan … still owed on it", "2 loans … on them"; Chinese reads the same words for both."""
    report = gather(demo_db)
    assert report.write_offs is not None
    said = {
        (1, "en"): "Written off in the period: 1 loan, with {owed} still owed on it.",
        (2, "en"): "Written off in the period: 2 loans, with {owed} still owed on them.",
        (1, "zh_CN"): "期内核销：1 笔贷款，核销时尚欠 {owed}。",
    }
    for (loans, lang), line in said.items():
        report.write_offs = dataclasses.replace(report.write_offs, loans=loans)
        text = "".join(pages_text(read(render(report, lang)))).replace("\n", "")
        assert line.format(owed=fmt(report.write_offs.owed)) in text


def test_an_empty_period_prints_a_clear_page(demo_db, screenshot_dir) -> None:
    report = gather(demo_db, dt.date(2001, 1, 31), dt.date(2001, 1, 1), dt.date(2001, 1, 31))
    assert report.empty
    data = render(report, "en")
    texts = pages_text(read(data))
    assert len(texts) == 1 and "No data in this period" in texts[0]
    assert "2001-01-01 to 2001-01-31" in texts[0]
    # No rule set had been stored by then: the footer names none.
    assert report.header.ruleset_versions == ()
    assert_every_page_is_framed(texts, "—", "en")
    render_png(data, screenshot_dir / "reports", "portfolio-empty")


def test_a_roll_matrix_that_stops_short_of_a_month_end_says_so() -> None:
    from app.reporting.portfolio import RollMatrix

    assert not RollMatrix(dt.date(2026, 10, 31), dt.date(2026, 11, 30), {}).month_to_date
    assert not RollMatrix(dt.date(2024, 1, 31), dt.date(2024, 2, 29), {}).month_to_date
    assert RollMatrix(dt.date(2026, 11, 30), dt.date(2026, 12, 1), {}).month_to_date


def test_months_before_the_book_held_a_loan_are_said_in_one_line(demo_db, screenshot_dir) -> None:
    from app.reporting.portfolio import RollMatrix

    report = gather(demo_db)
    ends = [dt.date(2019, 12, 31), dt.date(2020, 1, 31), dt.date(2020, 2, 29)]
    before = [
        RollMatrix(a, b, {}) for a, b in zip(ends, [*ends[1:], report.rolls[0].start], strict=True)
    ]
    report.rolls = before + report.rolls
    data = render(report, "en")
    text = "\n".join(pages_text(read(data))).replace("\n", " ")
    assert (
        "No loan was on the book at the month ends from 2019-12-31 to 2020-02-29: no roll rates "
        "for those months." in text
    )
    assert "From 2019-12-31 to 2020-01-31" not in text  # no table of zeros
    for matrix in report.rolls[3:]:
        assert f"From {matrix.start:%Y-%m-%d} to {matrix.end:%Y-%m-%d}" in text
    zh = "\n".join(pages_text(read(render(report, "zh_CN")))).replace("\n", "")
    assert "2019-12-31 至 2020-02-29 的各月末账上没有贷款：这些月份没有迁移率。" in zh
    render_png(data, screenshot_dir / "reports", "portfolio-before-the-book")


def _went_on_three_visits(database) -> dict[str, str]:
    """The visit office after three visits, each booked through the core and done just now: a
    completed one (L0001, travel 10.00), a no-show after the check-in (L0002, 20.00) and a
    no-show straight from booked, nobody having checked in (L0004, 30.00)."""
    from app.models import DefaultReason
    from app.visits import check_in, check_out, no_show
    from tests.core.test_visits import _run, come_due
    from tests.core.visit_office import book, build_visit_office, case_nos, verified_visit
    from tests.core.zone_now import move_visits_borrower

    build_visit_office(database)
    cases = case_nos(database)  # L0001, L0002, L0003 (no visit clause), L0004
    numbers = {"L0001": verified_visit(database, cases[0])}
    assert book(database, numbers["L0001"]).saved
    come_due(database, numbers["L0001"])
    _run(database, "agent02", check_in, numbers["L0001"])
    _run(
        database,
        "agent01",
        check_out,
        numbers["L0001"],
        default_reason=DefaultReason.JOB_LOSS,
        travel_cost=1000,
        hours_minutes=60,
    )
    numbers["L0002"] = verified_visit(database, cases[1])
    assert book(database, numbers["L0002"]).saved
    come_due(database, numbers["L0002"])
    _run(database, "agent02", check_in, numbers["L0002"])
    _run(database, "agent01", no_show, numbers["L0002"], travel_cost=2000, hours_minutes=90)
    numbers["L0004"] = verified_visit(database, cases[3])
    with database.session() as s:  # L0001's borrower, moved by come_due, back home to book
        move_visits_borrower(s, numbers["L0004"], "Asia/Shanghai")
    assert book(database, numbers["L0004"]).saved
    come_due(database, numbers["L0004"], dt.timedelta(minutes=70))  # its slot ended 10 min ago
    _run(database, "agent01", no_show, numbers["L0004"], travel_cost=3000, hours_minutes=30)
    return numbers


def test_no_shows_count_in_the_visits_and_their_cost(db, screenshot_dir) -> None:
    """QA: the visit cost per amount recovered took completed visits only, but a no-show costs
    the trip and the hours all the same — and one recorded straight from booked has no check-in
    time at all. Both kinds of no-show count now, dated by the day the team went; the payment
    after the no-show on a loan visited no other way counts as recovered after the visit, the
    one before it does not."""
    from app.cases.payments import record_payment
    from app.models import Visit, VisitStatus
    from app.reporting.period import office_today

    numbers = _went_on_three_visits(db)
    with db.session() as s:
        visits = {v.visit_no: v for v in s.scalars(select(Visit))}
        straight = visits[numbers["L0004"]]
        assert straight.status is VisitStatus.NO_SHOW and straight.checked_in_at is None
        assert visits[numbers["L0002"]].checked_in_at is not None
        today = office_today(s)
        admin = s.scalar(select(User).where(User.username == "admin"))
        for paid_on, amount in ((today - dt.timedelta(days=5), 10_000), (today, 50_000)):
            record_payment(s, admin, "L0004", amount, paid_on, today=today)
    start = today - dt.timedelta(days=30)
    report = gather(db, today, start, today)
    v = report.visits
    assert (v.cost, v.minutes) == (6000, 180)
    assert v.recovered == 50_000  # from the no-show's day on; the 100.00 five days before is not
    assert v.cost_per_recovered == 6000 / 50_000
    assert (v.completed, v.no_shows, v.made) == (1, 2, 3)
    team = {a.agent: (a.visits, a.visit_cost) for a in report.agents if a.visits}
    assert team == {"王芳": (3, 3000), "李强": (3, 3000)}  # agent01, agent02: the cost shared
    texts = {}
    for lang in ("en", "zh_CN"):
        data = render(report, lang)
        texts[lang] = "\n".join(pages_text(read(data)))
        render_png(data, screenshot_dir / "reports", f"portfolio-no-shows-{lang}")
    en = texts["en"]
    assert "Visits made in the period (completed or no-show) 3" in en
    assert "Of these, no-shows 2" in en
    assert f"Travel cost of these visits {fmt(6000)}" in en
    assert "Hours recorded on these visits 3.0" in en
    assert (
        f"Paid on the visited loans from the first visit's day to the period's end {fmt(50_000)}"
        in en.replace("\n", " ")
    )
    assert "Visits include no-shows." in en.replace("\n", " ")
    zh = texts["zh_CN"]
    assert "期内上门次数（完成或未见到本人） 3" in zh and "其中未见到本人 2" in zh
    assert "上门次数含未见到本人的上门。" in zh.replace("\n", "")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "No loan was on the book at the month end 2022-12-31: no roll rates for that month.",
        ),
        ("zh_CN", "2022-12-31 月末账上没有贷款：该月没有迁移率。"),
    ],
)
def test_one_month_end_before_the_book_is_said_as_one(lang: str, said: str) -> None:
    """One empty month end reads as one, not "from 2022-12-31 to 2022-12-31"."""
    from app.reporting.portfolio import RollMatrix
    from app.reporting.positions import BUCKET_ORDER
    from reports.portfolio_rolls import roll_tables as _rolls

    rolls = [
        RollMatrix(dt.date(2022, 12, 31), dt.date(2023, 1, 31), {}),
        RollMatrix(dt.date(2023, 1, 31), dt.date(2023, 2, 28), {BUCKET_ORDER[0]: {"closed": 2}}),
    ]
    notes = [f.text for f in _rolls(rolls, lang) if hasattr(f, "text")]
    assert said in notes
    assert not any(
        "2022-12-31 to 2022-12-31" in t or "2022-12-31 至 2022-12-31" in t for t in notes
    )
