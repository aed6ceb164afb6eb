"""The portfolio and recovery report PDF: aging with a chart, roll-rate matrices month to month,
recovery rate (回收率), promises, agreements, visit cost per amount recovered, by agent and by
product; a clear page when the period holds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.collector import collector_paused
from app.i18n import listed, sentences, tr
from app.reporting.portfolio import PortfolioReport
from app.reporting.positions import CURRENT
from reports.base import PageInfo, build_pdf, styles, unit
from reports.cjk import Paragraph
from reports.kit import (
    add_note_under_table,
    amounts_in,
    bar_chart,
    figures,
    gap,
    heading,
    intro,
    money,
    note,
    pct,
    section,
    text_chunks,
)
from reports.portfolio_rolls import bucket_name, roll_tables
from reports.portfolio_write_offs import write_off_notes

WIDTH = 267  # mm: A4 landscape less the margins (narrower on US Letter: reports.base.unit)


def hours(minutes: int) -> str:
    """Minutes as hours to one decimal, half up (393 minutes: 6.6, not the float's 6.5)."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:,}"


def _aging(r: PortfolioReport, lang: str) -> list[Flowable]:
    story = heading(tr("Aging as of {date}", lang=lang, date=f"{r.as_of:%Y-%m-%d}"))
    overdue = [a for a in r.aging if a.bucket != CURRENT]
    if any(a.overdue for a in overdue):  # a book with nothing overdue: no chart of empty axes
        story.append(
            bar_chart(
                [a.overdue / 100 for a in overdue],
                [a.bucket for a in overdue],
                tr("Amount overdue by bucket", lang=lang),
                width=WIDTH * unit(r.header.paper, wide=True),
            )
        )
    header = [
        tr(h, lang=lang)
        for h in ("Bucket", "Number of loans", "Amount overdue", "Share of amount overdue")
    ]
    total_overdue = sum(a.overdue for a in r.aging)
    rows = [
        [
            bucket_name(a.bucket, lang),
            a.loans,
            money(a.overdue),
            pct(a.overdue / total_overdue) if total_overdue and a.bucket != CURRENT else "—",
        ]
        for a in r.aging
    ]
    rows.append(
        [
            tr("Overdue loans", lang=lang),
            r.overdue_loans,
            money(total_overdue),
            "",
        ]
    )
    right = [("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    widths = [w * unit(r.header.paper, wide=True) for w in (70, 50, 70, 50)]
    return story + text_chunks(header, rows, widths, extra_style=right)


def _recovery(r: PortfolioReport, lang: str) -> list[Flowable]:
    story = section("Recovery rate", lang)
    rec = r.recovery
    assert rec is not None
    story.append(
        intro(
            tr(
                "Collected in the period on the loans overdue on {date}, each loan counted up to "
                "what it had overdue then, divided by that overdue amount.",
                lang=lang,
                date=f"{r.period.start - dt.timedelta(days=1):%Y-%m-%d}",
            )
        )
    )
    header = [
        tr(h, lang=lang)
        for h in (
            "Bucket at start",
            "Number of loans",
            "Overdue at start",
            "Collected",
            "Recovery rate",
        )
    ]
    rows = [
        [b.bucket, b.loans, money(b.overdue), money(b.collected), pct(b.rate)]
        for b in rec.by_bucket
    ]
    rows.append(
        [
            tr("Total", lang=lang),
            rec.loans,
            money(rec.overdue),
            money(rec.collected),
            pct(rec.rate),
        ]
    )
    right = [("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    widths = [w * unit(r.header.paper, wide=True) for w in (60, 40, 55, 55, 40)]
    story += text_chunks(header, rows, widths, extra_style=right)
    add_note_under_table(
        story,
        tr(
            "All paid on these loans in the period, not capped (an overpayment kept as the "
            "loan's credit left out): {amount}.",
            lang=lang,
            amount=money(rec.paid),
        ),
    )
    story.append(
        note(
            tr(
                "Paid to the debt in the period on every loan while it was in collection, loans "
                "that fell overdue during the period included (the dashboard's \"Recovered this "
                'month" counts this way): {amount}. The table counts only the loans overdue on '
                "{date}.",
                lang=lang,
                amount=money(r.recovered_in_collection),
                date=f"{r.period.start - dt.timedelta(days=1):%Y-%m-%d}",
            )
        )
    )
    if r.write_offs is not None:
        story += write_off_notes(r.write_offs, lang)
    return story


def _results(r: PortfolioReport, lang: str) -> list[Flowable]:
    p, a, v = r.promises, r.agreements, r.visits
    assert p is not None and a is not None and v is not None
    story = section("Promises, agreements and visits", lang)
    rows = [
        ("Promises falling due in the period", p.due),
        ("Kept (paid in full)", p.kept),
        ("Partly kept", p.partial),
        ("Broken", p.broken),
        ("Still pending", p.pending),
        # A promise paid in part is not kept, as for the case's status, priority and dashboard.
        ("Promises kept rate: kept, of those judged (partly kept is not kept)", pct(p.kept_rate)),
        ("Amount promised in them", money(p.promised)),
        ("Amount paid against them", money(p.paid)),
        ("Agreements signed in the period", a.signed),
        ("Amount settled in them", money(a.settled)),
        # Each agreement signed in the period in one row, by its status now: they add up.
        ("Of these, running now (signed or active)", a.running),
        ("Of these, completed since (paid as agreed)", a.completed_since),
        ("Of these, breached since (an instalment missed or short)", a.breached_since),
        ("Of these, cancelled since (superseded ones included)", a.cancelled),
        ("Agreements completed in the period", a.completed),
        ("Agreements breached in the period", a.breached),
        (
            "Agreements kept rate: completed, of those completed or breached in the period",
            pct(a.kept_rate),
        ),
        ("Visits made in the period (completed or no-show)", v.made),
        ("Of these, no-shows", v.no_shows),
        ("Travel cost of these visits", money(v.cost)),
        ("Hours recorded on these visits", hours(v.minutes)),
        (
            "Paid on the visited loans from the first visit's day to the period's end",
            money(v.recovered),
        ),
        ("Visit cost per amount recovered", pct(v.cost_per_recovered)),
    ]
    return story + figures(rows, lang, width=170 * mm)


def _agents(r: PortfolioReport, lang: str) -> list[Flowable]:
    story = section("By agent", lang)
    if not r.agents:
        return [*story, note(tr("None in this period.", lang=lang))]
    header = [
        tr(h, lang=lang)
        for h in (
            "Agent",
            "Loans overdue at start",
            "Overdue at start",
            "Collected",
            "Recovery rate",
            "Promises due",
            "Kept",
            "Visits taken part in",
            "Visit cost",
        )
    ]
    rows = [
        [
            a.agent or tr("Unassigned", lang=lang),
            a.loans,
            money(a.overdue),
            money(a.collected),
            pct(a.rate),
            a.promises_due,
            a.promises_kept,
            a.visits,
            money(a.visit_cost),
        ]
        for a in r.agents
    ]
    widths = [w * unit(r.header.paper, wide=True) for w in (40, 27, 33, 30, 25, 25, 20, 20, 30)]
    right = [("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    story += text_chunks(header, rows, widths, extra_style=right)
    # Visits go in pairs: the column adds up to more than the visits made (no-shows included),
    # the cost to their cost.
    said = (
        tr(
            "Most collected first. A visit counts for each agent on it; its cost is shared "
            "between them.",
            lang=lang,
        ),
        tr("Visits include no-shows.", lang=lang),
        tr(
            "Promises due: those the agent took that fell due in the period; kept: paid in full.",
            lang=lang,
        ),
        tr(
            "A loan counts for the agent who held its case at the end of the period (a case "
            "closed in the period: the agent who held it when it closed), as the assignment "
            "history records it; reassigning cases later does not change these figures.",
            lang=lang,
        ),
    )
    add_note_under_table(story, sentences(said, lang))
    return story


def _products(r: PortfolioReport, lang: str) -> list[Flowable]:
    story = section("By product", lang)
    header = [
        tr(h, lang=lang)
        for h in (
            "Product",
            "Loans overdue on the as-of day",
            "Overdue on the as-of day",
            "Loans overdue at start",
            "Overdue at start",
            "Collected",
            "Recovery rate",
        )
    ]
    rows = [
        [
            p.product,
            p.loans_overdue,
            money(p.overdue),
            p.loans_at_start,
            money(p.overdue_at_start),
            money(p.collected),
            pct(p.rate),
        ]
        for p in r.products
    ]
    widths = [w * unit(r.header.paper, wide=True) for w in (55, 30, 38, 32, 38, 38, 30)]
    right = [("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    return story + text_chunks(header, rows, widths, extra_style=right)


@collector_paused
def render_portfolio(report: PortfolioReport, out: Path | IO[bytes], lang: str = "en") -> None:
    s = styles()
    title = tr("Portfolio and recovery report", lang=lang)
    period = tr(
        "Period {start} to {end}",
        lang=lang,
        start=f"{report.period.start:%Y-%m-%d}",
        end=f"{report.period.end:%Y-%m-%d}",
    )
    as_of = tr("As of {date}", lang=lang, date=f"{report.as_of:%Y-%m-%d}")
    versions = listed(report.header.ruleset_versions, lang) or "—"
    story: list[Flowable] = [
        Paragraph(title, s["title"]),
        Paragraph(f"{report.header.office_name} · {period} · {as_of}", s["body"]),
        Paragraph(amounts_in(report.header.currency, lang), s["body"]),
        gap(),
    ]
    if report.before_the_book:
        story += section("No data in this period", lang)
        story.append(note(_before_the_book(report, lang)))
    elif report.empty:
        story += section("No data in this period", lang)
        story.append(
            note(
                tr(
                    "No loan was overdue on {date} or at the start of the period, and no promise, "
                    "agreement or visit falls in {start} to {end}.",
                    lang=lang,
                    date=f"{report.as_of:%Y-%m-%d}",
                    start=f"{report.period.start:%Y-%m-%d}",
                    end=f"{report.period.end:%Y-%m-%d}",
                )
            )
        )
    else:
        story += _aging(report, lang)
        story += section("Roll rates between buckets, month end to month end", lang)
        story += roll_tables(report.rolls, lang, unit(report.header.paper, wide=True))
        story += _recovery(report, lang)
        story += _results(report, lang)
        story += _agents(report, lang)
        story += _products(report, lang)
    subtitle = f"{period} · {as_of}"
    info = PageInfo(
        title, report.header.office_name, subtitle, report.header.generated_at, lang, versions
    )
    build_pdf(out, story, info, wide=True, paper=report.header.paper)


def _before_the_book(report: PortfolioReport, lang: str) -> str:
    """An empty period before the office's first loan: not "no loan was overdue" (found by QA)."""
    day = f"{report.as_of:%Y-%m-%d}"
    if report.first_booked is None:
        return tr("No loan was on the book yet on {date}: none has been booked.", lang, date=day)
    return tr(
        "No loan was on the book yet on {date}: the office's first loan was booked on {first}.",
        lang,
        date=day,
        first=f"{report.first_booked:%Y-%m-%d}",
    )
