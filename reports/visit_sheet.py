"""Daily visit sheet PDF for one agent: who, where, when, with whom, the safety contact, and a box
per visit for notes written at the door."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import IO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from app.i18n import listed, plural, tr
from app.labels import VISIT_STATUS, label
from app.money import fmt
from app.phone_text import phone_text
from app.queries.visits import SheetVisit, VisitSheet
from app.visits.detail import pause_text
from app.wall_clock import end_clock, office_clock, span, wall_time
from reports.base import FONT, PAGE_SUBTITLE, PageInfo, build_pdf, fitted, styles
from reports.cjk import Paragraph
from reports.kit import heading
from reports.page_sections import NewSection

WIDTH = 180 * mm  # A4 portrait between the margins (US Letter upright: 186 mm)
SUBTITLE_ROOM = 80 * mm  # the running header's agent and day: a long name is cut with "…"
LABEL_WIDTH = 32 * mm
NOTES_HEIGHT = 28 * mm
GRID = colors.HexColor("#9aa5b1")
HEAD = colors.HexColor("#dfe6ee")
SAFETY = colors.HexColor("#fff1c2")
PAUSED = colors.HexColor("#fdecea")  # as the Visits page's alerts
PAUSED_TEXT = "#b71c1c"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _visit_block(n: int, visit: SheetVisit, lang: str) -> Flowable:
    """One visit: a heading row, a warning row when a complaint pauses contact on its case and
    one when the visit still waits for approval, the facts as label/value rows, then an empty
    notes box."""
    s = styles()
    cell, small = s["cell"], s["small"]

    def p(text: str, style=cell) -> Paragraph:
        return Paragraph(text, style)

    # As the Visits page: with the zone's abbreviation in the hour that comes twice, "01:30 EST
    # – 02:30", so a visit at the second 01:30 does not read as one at the first.
    end = end_clock(visit.start, visit.end, visit.start.tzinfo or dt.UTC, lang=lang)
    when = span(office_clock(visit.start, "%H:%M"), end)
    borrower = visit.borrower
    if visit.erased_on is not None:  # no name any more: say why
        erased = visit.erased_on.isoformat()
        borrower = tr("Personal data erased on {date}", lang=lang, date=erased)
    heading = (
        f"<b>{n}. {when}</b> · {_escape(borrower)} · {visit.visit_no} · "
        f"{tr('case {case}', lang=lang, case=visit.case_no)} · "
        f"{label(VISIT_STATUS, visit.status, lang)}"
    )
    if visit.at_workplace:  # not home: the rules at the door differ
        place = tr("At the borrower's workplace", lang=lang)
        heading += f" · <b>{place}</b>"

    partners = listed(visit.partners, lang)
    who = " · ".join(part for part in (_escape(borrower), visit.masked_id) if part)
    rows = [
        [p(heading), ""],
        [p(tr("Borrower", lang=lang)), p(who)],
        [p(tr("Address", lang=lang)), p(_escape(visit.address))],
        [p(tr("Phone", lang=lang)), p(_phone(visit, lang))],
        [p(tr("Amount overdue", lang=lang)), p(_overdue(visit, lang))],
        [p(tr("Partner agent", lang=lang)), p(_escape(partners) or "—")],
        [
            p(tr("Consent to enter", lang=lang)),
            p(_consent(visit, lang)),
        ],
        [p(tr("Notes", lang=lang), small), ""],
    ]
    agreed = visit.quiet_agreed
    if agreed is not None:  # before Notes: the time was asked for, by whom, when and how
        when = wall_time(agreed.at, visit.start.tzinfo or dt.UTC)
        said = tr("{who}, {when}: {how}", lang=lang, who=agreed.who, when=when, how=agreed.how)
        rows.insert(-1, [p(tr("Early or late time agreed", lang=lang)), p(_escape(said))])
    warnings = []  # first, under the heading: what stops the visit at the door
    if visit.paused_by:  # the team must not go
        warnings.append(pause_text(visit.paused_by, lang))
    if visit.team_refusal is not None:  # a member gone or untrained since the booking
        warnings.append(visit.team_refusal.translated(lang))
    if visit.awaiting_approval:
        warnings.append(
            tr(
                "Not approved yet: check-in is refused until a supervisor approves visit {number}.",
                lang=lang,
                number=visit.visit_no,
            )
        )
    for k, warning in enumerate(warnings, start=1):
        rows.insert(k, [p(f'<font color="{PAUSED_TEXT}"><b>{_escape(warning)}</b></font>'), ""])
    table = Table(
        rows,
        colWidths=[LABEL_WIDTH, WIDTH - LABEL_WIDTH],
        rowHeights=[None] * (len(rows) - 1) + [NOTES_HEIGHT],
    )
    table.hAlign = "LEFT"  # at the left margin, as the headings are, on US Letter too (wider)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("SPAN", (0, 0), (-1, 0)),
                ("SPAN", (0, -1), (-1, -1)),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -2), "MIDDLE"),
                ("VALIGN", (0, -1), (-1, -1), "TOP"),
                ("TEXTCOLOR", (0, 1), (0, -2), colors.HexColor("#444444")),
            ]
            + [
                style
                for k in range(1, len(warnings) + 1)
                for style in (("SPAN", (0, k), (-1, k)), ("BACKGROUND", (0, k), (-1, k), PAUSED))
            ]
        )
    )
    return KeepTogether([table, Spacer(1, 5 * mm)])


def _consent(visit: SheetVisit, lang: str) -> str:
    """Whether the team may go in, naming the workplace when the visit is at it."""
    if visit.at_workplace:
        if visit.consent_to_enter:
            return tr("yes — to enter the borrower's workplace", lang=lang)
        return tr("no — talk at the door of the workplace", lang=lang)
    return (
        tr("yes", lang=lang) if visit.consent_to_enter else tr("no — talk at the door", lang=lang)
    )


def _phone(visit: SheetVisit, lang: str) -> str:
    """The number to call ahead on; without one, whether numbers were found wrong (not shown,
    even masked: the team has no use for them) or none is on file."""
    if visit.phone:
        return phone_text(visit.phone)
    if visit.phones_not_valid:
        return tr(
            "No valid number ({count} found wrong or not in service)",
            lang=lang,
            count=visit.phones_not_valid,
        )
    return tr("No number on file", lang=lang)


def _overdue(visit: SheetVisit, lang: str) -> str:
    """ "12,345.67 · 45 days past due (M2)": what the team says at the door; the amount alone
    when nothing is overdue."""
    amount = fmt(visit.amount_overdue)
    if visit.dpd <= 0:
        return amount
    late = plural(
        visit.dpd,
        "{count} day past due ({bucket})",
        "{count} days past due ({bucket})",
        lang,
        bucket=visit.bucket,
    )
    return f"{amount} · {late}"


class _Whose(Flowable):
    """Takes no room: from the page it lands on (a sheet's first), the running header names the
    sheet's agent, on the pages its visits carry on to as well."""

    def __init__(self, subtitle: str) -> None:
        super().__init__()
        self.subtitle = subtitle

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        setattr(self.canv, PAGE_SUBTITLE, self.subtitle)  # the page's state keeps it (base.py)


def _subtitle(sheet: VisitSheet, lang: str) -> str:
    """The running header's agent and day: "王芳 (agent01) · 2026-12-07" (in Chinese
    "王芳（agent01）"), a long name cut, not the user name; "Every agent · 2026-12-07" on a day
    without visits printed for everyone."""
    day = f"{sheet.day:%Y-%m-%d}"
    if not sheet.agent_username:
        return f"{tr('Every agent', lang=lang)} · {day}"
    # As the sheet's own line under its title words it ("王芳（agent01）" in Chinese).
    user = tr("{name} ({username})", lang, name="", username=sheet.agent_username)
    return fitted(sheet.agent_name, f"{user} · {day}", SUBTITLE_ROOM)


def _who(sheet: VisitSheet, lang: str) -> str:
    """The agent as the sheet names them, "王芳 (agent01)"; "Every agent" on a day without
    visits printed for everyone."""
    if not sheet.agent_username:
        return tr("Every agent", lang=lang)
    return tr("{name} ({username})", lang, name=sheet.agent_name, username=sheet.agent_username)


def render_visit_sheet(sheet: VisitSheet, out: Path | IO[bytes], lang: str = "en") -> None:
    """Lay the sheet out on its paper (A4, US Letter) with the shared header and the 'page X of
    Y' footer."""
    render_visit_sheets([sheet], out, lang)


def render_visit_sheets(sheets: list[VisitSheet], out: Path | IO[bytes], lang: str = "en") -> None:
    """Several agents' sheets for one day in one PDF, each from a new page (every agent's, as a
    supervisor prints them in the morning), each page's header naming the agent whose sheet it
    is (found by QA: a sheet's second page said "Every agent", and whose it was got lost) and
    its pages numbered as the agent's ("Page 1 of 2", not "Page 27 of 27" of the whole print)."""
    story: list[Flowable] = []
    for n, sheet in enumerate(sheets):
        if n:
            story.append(PageBreak())
        pages = _sheet_story(sheet, lang)  # first: its styles register the fonts `fitted` needs
        # Its own "page X of Y" too: the sheets are torn apart and handed out, one to each agent.
        story += [NewSection(), _Whose(_subtitle(sheet, lang)), *pages]
    first = sheets[0]
    title = tr("Daily visit sheet", lang=lang)
    subtitle = _subtitle(first if len(sheets) == 1 else replace(first, agent_username=""), lang)
    # The versions in force on the day, the same for every agent's sheet of it.
    versions = listed(first.ruleset_versions, lang) or "—"
    info = PageInfo(title, first.office_name, subtitle, first.generated_at, lang, versions)
    build_pdf(out, story, info, paper=first.paper)


def _figures_note(sheet: VisitSheet, lang: str) -> str:
    """Which day the figures are of when a reader could take them for another: a day to come's
    are today's; a past day's reprint has that day's, but the phone (a number found wrong since
    is not printed again), the visits' statuses and the warnings stand as today."""
    if sheet.figures_as_of is not None:
        return tr(
            "Days past due, buckets and amounts overdue are as of {date}.",
            lang=lang,
            date=sheet.figures_as_of.isoformat(),
        )
    printed = sheet.generated_at.date()
    if sheet.day >= printed:
        return ""
    return tr(
        "Printed on {today} for a past day: amounts overdue, days past due and buckets are as "
        "of {date}; phone numbers, statuses and warnings are as they stand on {today}.",
        lang=lang,
        today=printed.isoformat(),
        date=sheet.day.isoformat(),
    )


def _safety_rules(sheet: VisitSheet, lang: str) -> str:
    """The safety box's rules: "Always two agents" only where the rule set in force needs two
    (CN's visit_staffing); where one agent may go (US, UK), what a lone agent does instead."""
    if sheet.agents_needed >= 2:
        return tr(
            "Check in on arrival and check out when you leave; a visit not checked out after its "
            "end alerts the supervisor. Always two agents; leave if you feel unsafe.",
            lang=lang,
        )
    return tr(
        "Check in on arrival and check out when you leave; a visit not checked out after its end "
        "alerts the supervisor. If you go alone, tell the safety contact when you arrive and when "
        "you leave; leave if you feel unsafe.",
        lang=lang,
    )


def _sheet_story(sheet: VisitSheet, lang: str) -> list[Flowable]:
    """One agent's sheet: title, agent and day, the safety box, then each visit."""
    s = styles()
    title = tr("Daily visit sheet", lang=lang)
    day = f"{sheet.day:%Y-%m-%d}"
    agent = _who(sheet, lang)
    story: list[Flowable] = [
        Paragraph(title, s["title"]),
        Paragraph(
            tr(
                "{agent} · {date} · times in {zone}",
                lang=lang,
                agent=_escape(agent),
                date=day,
                zone=sheet.timezone,
            ),
            s["body"],
        ),
    ]
    said = _figures_note(sheet, lang)
    if said:
        story.append(Paragraph(said, s["body"]))
    story.append(Spacer(1, 3 * mm))
    safety = Table(
        [
            [
                Paragraph(
                    tr(
                        "{name}: {value}",  # a full-width colon in Chinese
                        lang=lang,
                        name="<b>" + tr("Safety contact", lang=lang) + "</b>",
                        value=_escape(
                            sheet.safety_contact
                            or tr("none on file — ask your supervisor", lang=lang)
                        ),
                    )
                    + "<br/>"
                    + _safety_rules(sheet, lang),
                    s["body"],
                )
            ]
        ],
        colWidths=[WIDTH],
    )
    safety.hAlign = "LEFT"
    safety.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, -1), SAFETY),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#c9a227")),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story += [safety, Spacer(1, 5 * mm)]
    if not sheet.visits:
        story.append(Paragraph(tr("No visits booked for this day.", lang=lang), s["body"]))
    else:
        count = plural(len(sheet.visits), "{count} visit", "{count} visits", lang)
        story += heading(count)  # kept with the first visit
        story += [_visit_block(n, v, lang) for n, v in enumerate(sheet.visits, start=1)]
    return story
