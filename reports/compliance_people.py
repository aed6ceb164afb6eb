"""The compliance report's sections about people and visits (visits with their staffing,
check-outs and incidents; agents' training; complaints), and the cell helpers its tables share."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

from reportlab.platypus import Flowable

from app.i18n import listed, tr
from app.labels import (
    COMPLAINT_CATEGORY,
    COMPLAINT_STATUS,
    INCIDENT_KIND,
    VISIT_STATUS,
    capital,
    duration,
    label,
)
from app.reporting.compliance import ComplianceReport
from app.reporting.compliance_more import VisitRow
from reports.base import Paint, unit
from reports.kit import WARN, intro, none_note, note, section, text_chunks

BY_VISIT_DATE = (
    "Counted by each visit's own date (its check-in, else its booked start), not by when it was "
    "booked or moved."
)
TRAINING_STATUS = {"lapsed": "Lapsed", "expiring": "Expiring", "missing": "Missing"}


class LabelCache(dict[str, str]):
    """Each value converted once (a long table repeats a handful of parties, channels, statuses
    and rule lists thousands of times)."""

    def __init__(self, convert: Callable[[str], str]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: str) -> str:
        found = self[value] = self.convert(value)
        return found


def cell_labels(table: dict[str, str], lang: str) -> LabelCache:
    """The translated labels of one label table, as a table cell starts them ("Relative")."""
    return LabelCache(lambda value: capital(label(table, value, lang)))


def office_time(at: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at
    return f"{at.astimezone(zone):%Y-%m-%d %H:%M}"


def _start(v: VisitRow, agreed: str) -> str:
    """A visit's start; one in quiet hours that the borrower agreed to says so beneath it."""
    start = f"{v.start:%Y-%m-%d %H:%M}" if v.start else ""
    return f"{start}\n({agreed})" if v.quiet_agreed else start


def visits_section(r: ComplianceReport, lang: str) -> list[Flowable]:
    story = section("Visits: staffing, check-outs and incidents", lang)
    story.append(intro(tr(BY_VISIT_DATE, lang=lang)))
    if not r.visits:
        return [*story, none_note(lang)]
    header = [
        tr(h, lang=lang)
        for h in (
            "Visit",
            "Case",
            "Start",
            "Status",
            "Agents",
            "Staffing",
            "Check-out",
            "Incidents",
        )
    ]
    statuses = cell_labels(VISIT_STATUS, lang)
    incidents = LabelCache(lambda value: label(INCIDENT_KIND, value, lang))  # listed, then capital
    no_checkout, on_time = capital(tr("no check-out", lang=lang)), capital(tr("on time", lang=lang))
    under_way = capital(tr("not checked out yet", lang=lang))
    fewer, ok = capital(tr("fewer than two", lang=lang)), tr("OK", lang=lang)
    agreed = tr("quiet hours, agreed by the borrower", lang=lang)
    rows: list[list[object]] = []
    paint: list[Paint] = []
    for index, v in enumerate(r.visits):
        if v.no_checkout:
            checkout = no_checkout
        elif v.minutes_late is not None:
            checkout = capital(tr("{late} late", lang=lang, late=duration(v.minutes_late, lang)))
        else:
            # Under way and before its end (+ grace): nobody has checked out yet (QA: "On time").
            checkout = {"completed": on_time, "in_progress": under_way}.get(v.status, "—")
        staffing = fewer if v.understaffed else ok
        rows.append(
            [
                v.visit_no,
                v.case_no,
                _start(v, agreed),
                statuses[v.status],
                listed(v.agents, lang),
                staffing,
                checkout,
                capital(listed([incidents[kind] for kind in v.incidents], lang)) or "—",
            ]
        )
        if v.understaffed or v.late or v.incidents:
            paint.append((index, 0, -1, WARN))
    widths = [w * unit(r.header.paper, wide=True) for w in (30, 30, 30, 25, 50, 27, 35, 40)]
    return story + text_chunks(header, rows, widths, paint=paint)


def training_section(r: ComplianceReport, lang: str) -> list[Flowable]:
    story = section("Agents with lapsed, missing or expiring training", lang)
    story.append(intro(tr("As of {date}.", lang=lang, date=f"{r.period.end:%Y-%m-%d}")))
    if not r.training and r.staff == 0:  # a period before the office had any agent
        return [*story, note(tr("No agent was on the staff by then.", lang=lang))]
    if not r.training:
        return [*story, note(tr("Every agent's required training is valid.", lang=lang))]
    header = [tr(h, lang=lang) for h in ("Agent", "Course", "Status", "Expires")]
    rows = [
        [
            t.agent,
            t.course,
            tr(TRAINING_STATUS[t.status], lang=lang),
            f"{t.expires_on:%Y-%m-%d}" if t.expires_on else "—",
        ]
        for t in r.training
    ]
    widths = [w * unit(r.header.paper, wide=True) for w in (60, 100, 50, 50)]
    return story + text_chunks(header, rows, widths)


def complaints_section(r: ComplianceReport, lang: str) -> list[Flowable]:
    story = section("Complaints: deadlines and outcomes", lang)
    if not r.complaints:
        return [*story, none_note(lang)]
    header = [
        tr(h, lang=lang)
        for h in (
            "Complaint",
            "Case",
            "Received",
            "Category",
            "Agent",
            "Deadline",
            "Status",
            "Closed",
            "Outcome",
        )
    ]
    categories, statuses = (
        cell_labels(COMPLAINT_CATEGORY, lang),
        cell_labels(COMPLAINT_STATUS, lang),
    )
    past = "\n" + tr("past the deadline", lang=lang)
    rows = []
    for c in r.complaints:
        deadline = f"{c.deadline_on:%Y-%m-%d}"
        if c.overdue:
            deadline += past
        rows.append(
            [
                c.complaint_no,
                c.case_no or "—",  # a complaint about an agent alone
                f"{c.received_on:%Y-%m-%d}",
                categories[c.category],
                c.agent or "—",
                deadline,
                statuses[c.status],
                f"{c.closed_on:%Y-%m-%d}" if c.closed_on else "—",
                c.outcome or "—",
            ]
        )
    widths = [30, 27, 22, 40, 22, 28, 24, 22, 52]
    return story + text_chunks(header, rows, [w * unit(r.header.paper, wide=True) for w in widths])
