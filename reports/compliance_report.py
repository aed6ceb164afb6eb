"""The compliance report PDF: one table per section, a contacts-by-hour chart, the rule-set
version(s) in force in every footer, and a clear page when nothing happened in the period."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from app.collector import collector_paused
from app.i18n import listed, plural, tr
from app.labels import (
    ACTION,
    CHANNEL,
    OUTCOME,
    PARTY,
    VERDICT,
    label,
    rule_names,
)
from app.reporting.compliance import CapRow, ComplianceReport
from reports.base import PageInfo, build_pdf, styles, unit
from reports.cjk import Paragraph
from reports.compliance_flags import BY_RECORDED, flags_sections
from reports.compliance_people import (
    cell_labels,
    complaints_section,
    training_section,
    visits_section,
)
from reports.kit import (
    add_note_under_table,
    bar_chart,
    figures,
    gap,
    heading,
    intro,
    none_note,
    note,
    section,
    text_chunks,
)

WIDTH = 267  # mm: A4 landscape less the margins (narrower on US Letter: reports.base.unit)
EARLIER_BLOCKED = "…and blocked attempts recorded in this period for an earlier day"
EARLIER_OVERRIDES = "…and overrides recorded in this period for an earlier day"
CAP_RULES = {
    "daily_conversation_cap": "Conversations with a borrower per day",
    "daily_attempt_cap": "Unanswered attempts per number per day",
}


def _summary(r: ComplianceReport, lang: str) -> list[Flowable]:
    conversations = sum(c.connected for c in r.by_channel if c.channel in ("call", "visit"))
    late = sum(1 for v in r.visits if v.late)
    overdue = sum(1 for c in r.complaints if c.overdue)
    # The contacts recorded in the period for an earlier day: a figure of their own, not in the
    # period's count (each is counted in the period of its own time).
    blocked: list[tuple[str, object]] = [("Blocked attempts", len(r.blocked))]
    if r.blocked_earlier:
        blocked.append((EARLIER_BLOCKED, len(r.blocked_earlier)))
    overrides: list[tuple[str, object]] = [("Overrides", len(r.overrides))]
    if r.overrides_earlier:
        overrides.append((EARLIER_OVERRIDES, len(r.overrides_earlier)))
    rows = [
        ("Contact attempts", r.contacts),
        ("Conversations (connected calls and visits)", conversations),
        *blocked,
        ("Warnings", len(r.warnings)),
        *overrides,
        ("Third-party contacts", len(r.third_party)),
        ("Visits", len(r.visits)),
        ("Visits with fewer than two agents", sum(1 for v in r.visits if v.understaffed)),
        ("Late or missing check-outs", late),
        (
            "Visits in quiet hours the borrower agreed to",
            sum(1 for v in r.visits if v.quiet_agreed),
        ),
        ("Complaints", len(r.complaints)),
        ("Complaints past their deadline", overdue),
        ("Agents with lapsed, missing or expiring training", len({t.agent for t in r.training})),
    ]
    return figures(rows, lang)


def _contacts(r: ComplianceReport, lang: str) -> list[Flowable]:
    story, u = section("Contacts by channel", lang), unit(r.header.paper, wide=True)
    if not r.by_channel:
        return [*story, none_note(lang)]
    header = [tr(h, lang=lang) for h in ("Channel", "Attempts", "Connected", "Third parties")]
    rows = [
        [label(CHANNEL, c.channel, lang), c.attempts, c.connected, c.third_party]
        for c in r.by_channel
    ]
    connected = sum(c.connected for c in r.by_channel)
    third = sum(c.third_party for c in r.by_channel)
    rows.append([tr("Total", lang=lang), r.contacts, connected, third])
    story += text_chunks(header, rows, [80 * u, 40 * u, 40 * u, 40 * u])
    # The heading, the chart and its two tables start on one page.
    story.append(CondPageBreak(85 * mm))
    story += section("Contacts by hour of day (office time)", lang)
    hours = [f"{h:02d}" for h in range(24)]
    story.append(
        bar_chart(r.by_hour, hours, tr("Contact attempts per hour", lang=lang), width=WIDTH * u)
    )
    story += text_chunks(hours[:12], [r.by_hour[:12]], [WIDTH * u / 12] * 12)
    story += text_chunks(hours[12:], [r.by_hour[12:]], [WIDTH * u / 12] * 12)
    return story


def _days(unit: str, n: int, lang: str) -> str:
    """A count of the cap's days in words: "1 borrower-day", "3,505 borrower-days" (借款人日)."""
    if unit == "borrower-day":
        return plural(n, "{count} borrower-day", "{count} borrower-days", lang)
    return plural(n, "{count} number-day", "{count} number-days", lang)


def _day(day: dt.date, r: ComplianceReport) -> str:
    """A day of the period, its month and day alone within one year ("12-07")."""
    same_year = r.period.start.year == r.period.end.year
    return f"{day:%m-%d}" if same_year else day.isoformat()


def cap_limit(cap: CapRow, r: ComplianceReport, lang: str) -> str:
    """The limit a row counts against, with its days when it changed within the period: "3 (to
    12-06)", "2 (from 12-07)" (found by QA: one limit, the last day's, judged every day)."""
    limit = tr("not in the rule set", lang=lang) if cap.limit is None else str(cap.limit)
    if cap.first is None or cap.last is None:
        return limit
    first, last = _day(cap.first, r), _day(cap.last, r)
    if cap.first == cap.last:
        return tr("{limit} ({day})", lang, limit=limit, day=first)
    if cap.first == r.period.start:
        return tr("{limit} (to {day})", lang, limit=limit, day=last)
    if cap.last == r.period.end:
        return tr("{limit} (from {day})", lang, limit=limit, day=first)
    return tr("{limit} ({first} – {last})", lang, limit=limit, first=first, last=last)


def _caps(r: ComplianceReport, lang: str) -> list[Flowable]:
    story = section("Daily caps", lang)
    header = [
        tr(h, lang=lang)
        for h in ("Cap", "Limit", "Days with activity", "Days at the cap", "Most in one day")
    ]
    rows = []
    for n, cap in enumerate(r.caps):
        again = n and r.caps[n - 1].rule == cap.rule  # the same cap, under another limit
        rows.append(
            [
                "" if again else f"{tr(CAP_RULES[cap.rule], lang=lang)}\n({cap.rule})",
                cap_limit(cap, r, lang),
                _days(cap.unit, cap.days_with_activity, lang),
                _days(cap.unit, cap.days_at_cap, lang),
                cap.highest,
            ]
        )
    # Every figure right-aligned, the days in words too ("3,505 borrower-days").
    right = [("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    widths = [w * unit(r.header.paper, wide=True) for w in (90, 40, 50, 50, 37)]
    story += text_chunks(header, rows, widths, extra_style=right)
    if any(cap.first is not None for cap in r.caps):
        add_note_under_table(
            story,
            tr(
                "A limit changed within the period: each row counts the contacts made while its "
                "limit was in force (the day of a change can be in two rows).",
                lang=lang,
            ),
        )
    return story


def _by_rule(r: ComplianceReport, lang: str) -> list[Flowable]:
    story = section("Flags by rule", lang)
    story.append(intro(tr(BY_RECORDED, lang=lang)))
    if not r.by_rule:
        return [*story, none_note(lang)]
    header = [
        tr(h, lang=lang)
        for h in ("Rule", "What it says", "Blocked attempts", "Warnings", "Overrides")
    ]
    rows = [
        [
            f"{rule_names(x.rule, lang)}\n({x.rule})",
            f"{x.versions}:\n{x.text}" if x.versions else x.text,
            x.blocked,
            x.warnings,
            x.overrides,
        ]
        for x in r.by_rule
    ]
    widths = [w * unit(r.header.paper, wide=True) for w in (45, 132, 30, 30, 30)]
    counted = tr("An attempt flagged by several rules counts under each of them.", lang=lang)
    story += text_chunks(header, rows, widths)
    add_note_under_table(story, counted)
    return [*story, *_by_action(r, lang)]


def _by_action(r: ComplianceReport, lang: str) -> list[Flowable]:
    """The flags counted by what was judged: calls, SMS, visit bookings, visits' moves …"""
    story = section("Flags by action", lang)
    if not r.by_action:
        return [*story, none_note(lang)]
    header = [tr(h, lang=lang) for h in ("Action", "Blocked attempts", "Warnings", "Overrides")]
    actions = cell_labels(ACTION, lang)
    rows: list[list[object]] = [
        [actions[x.action], x.blocked, x.warnings, x.overrides] for x in r.by_action
    ]
    rows.append(
        [
            tr("Total", lang=lang),
            len(r.blocked),
            len(r.warnings),
            len(r.overrides),
        ]
    )
    widths = [w * unit(r.header.paper, wide=True) for w in (80, 40, 40, 40)]
    return story + text_chunks(header, rows, widths)


def _third_party(r: ComplianceReport, lang: str) -> list[Flowable]:
    story = section("Third-party contacts", lang)
    story.append(
        intro(tr("Relatives, employers and others; a guarantor is a party to the debt.", lang=lang))
    )
    if not r.third_party:
        return [*story, none_note(lang)]
    header = [
        tr(h, lang=lang)
        for h in ("When", "Case", "Agent", "Party", "Channel", "Outcome", "Verdict")
    ]
    parties, channels = cell_labels(PARTY, lang), cell_labels(CHANNEL, lang)
    outcomes, verdicts = cell_labels(OUTCOME, lang), cell_labels(VERDICT, lang)
    rows = [
        [
            f"{t.when:%Y-%m-%d %H:%M}",
            t.case_no,
            t.agent,
            parties[t.party],
            channels[t.channel],
            outcomes[t.outcome],
            verdicts[t.verdict],
        ]
        for t in r.third_party
    ]
    widths = [w * unit(r.header.paper, wide=True) for w in (35, 35, 35, 35, 42, 42, 42)]
    return story + text_chunks(header, rows, widths)


def _versions(report: ComplianceReport, lang: str, none: str) -> list[Flowable]:
    """The versions in force, in order, each with the days it was in force in the period."""
    days = report.header.ruleset_days
    if not days:
        return text_chunks(
            [tr("Version", lang=lang)],
            [[v] for v in report.header.ruleset_versions] or [[none]],
            [80 * mm],
        )
    rows = [
        [v.label, f"{v.first:%Y-%m-%d}", f"{v.last:%Y-%m-%d}"]
        if v.first and v.last
        else [v.label, "—", "—"]
        for v in days
    ]
    story = text_chunks(
        [tr("Version", lang=lang), tr("In force from", lang=lang), tr("In force until", lang=lang)],
        rows,
        [50 * mm, 35 * mm, 35 * mm],
    )
    if any(v.first is None for v in days):
        add_note_under_table(
            story,
            tr(
                "A version without days was not in force in the period: it judged attempts of "
                "the period recorded afterwards.",
                lang=lang,
            ),
        )
    return story


@collector_paused
def render_compliance_report(
    report: ComplianceReport, out: Path | IO[bytes], lang: str = "en"
) -> None:
    s = styles()
    zone = zoneinfo.ZoneInfo(report.period.zone)
    title = tr("Compliance report", lang=lang)
    period = tr(
        "Period {start} to {end}",
        lang=lang,
        start=f"{report.period.start:%Y-%m-%d}",
        end=f"{report.period.end:%Y-%m-%d}",
    )
    versions = listed(report.header.ruleset_versions, lang) or "—"
    in_force = listed(report.header.ruleset_versions, lang) or tr(
        "none (no rule set had been stored by the period's end)", lang=lang
    )
    # One version, or none: "version" (Chinese has no plural).
    several = max(len(report.header.ruleset_versions), 1)
    story: list[Flowable] = [
        Paragraph(title, s["title"]),
        Paragraph(
            tr(
                "{office} · {period} ({zone})",
                lang=lang,
                office=report.header.office_name,
                period=period,
                zone=report.period.zone,
            ),
            s["body"],
        ),
        Paragraph(
            plural(
                several,
                "Rule-set version in force: {versions}",
                "Rule-set versions in force: {versions}",
                lang,
                versions=in_force,
            ),
            s["body"],
        ),
        gap(),
    ]
    if report.empty:
        story += section("No data in this period", lang)
        story.append(
            note(
                tr(
                    "No contact attempts, blocked attempts, visits or complaints were recorded "
                    "between {start} and {end}.",
                    lang=lang,
                    start=f"{report.period.start:%Y-%m-%d}",
                    end=f"{report.period.end:%Y-%m-%d}",
                )
            )
        )
    else:
        story += section("Summary", lang)
        story += _summary(report, lang)
        story += _contacts(report, lang)
        story += _caps(report, lang)
        story += _by_rule(report, lang)
        story += flags_sections(report, lang, zone)
        story += _third_party(report, lang)
        story += visits_section(report, lang)
        story += complaints_section(report, lang)
    story += training_section(report, lang)
    story += heading(
        plural(several, "Rule-set version in force", "Rule-set versions in force", lang)
    )
    story += _versions(report, lang, in_force)
    info = PageInfo(
        title, report.header.office_name, period, report.header.generated_at, lang, versions
    )
    build_pdf(out, story, info, wide=True, paper=report.header.paper)
