"""Training roster PDF: per agent, each course's last attempt, score, expiry, status; totals."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from app.i18n import listed, tr
from app.labels import COURSE_REQUIRED_FOR
from app.training.roster import Roster
from app.training.status import CourseState, CourseStatus
from reports.base import FONT, PageInfo, Paint, build_pdf, styles, table_chunks, unit
from reports.cjk import Paragraph
from reports.kit import heading

STATUS_COLOURS = {
    CourseStatus.VALID: colors.HexColor("#d9f2dd"),
    CourseStatus.EXPIRING: colors.HexColor("#fff1c2"),
    CourseStatus.LAPSED: colors.HexColor("#f8d0d0"),
    CourseStatus.MISSING: colors.HexColor("#e6e6e6"),
}
STATUS_LABELS = {
    CourseStatus.VALID: "Valid",
    CourseStatus.EXPIRING: "Expiring",
    CourseStatus.LAPSED: "Lapsed",
    CourseStatus.MISSING: "Missing",
}


def _cell(state: CourseState, lang: str) -> str:
    lines = [f"<b>{tr(STATUS_LABELS[state.status], lang=lang)}</b>"]
    if state.last_taken_on:
        result = tr("pass", lang=lang) if state.last_passed else tr("fail", lang=lang)
        score = tr("{score} ({result})", lang=lang, score=state.last_score, result=result)
        lines.append(f"{state.last_taken_on:%Y-%m-%d} · {score}")
    if state.expires_on:
        lines.append(tr("valid to {date}", lang=lang, date=f"{state.expires_on:%Y-%m-%d}"))
    return "<br/>".join(lines)


CELL_PADDING = 12 + 1  # points: a table cell's left and right padding, and a point to spare


def course_widths(names: list[str], room: float) -> list[float]:
    """The course columns' widths in `room` points: each name on one line where the page has
    room for all of them, the rest shared evenly; else even widths, as many lines as it takes
    (QA: "法律合规（含民法典与个人信息保护）" left "护）" alone on a second line)."""
    natural = [stringWidth(name, FONT, 8) + CELL_PADDING for name in names]
    if not names or sum(natural) > room:
        return [room / max(len(names), 1)] * len(names)
    spare = (room - sum(natural)) / len(names)
    return [width + spare for width in natural]


def render_roster(roster: Roster, out: Path | IO[bytes], lang: str = "en") -> None:
    s, u = styles(), unit(roster.paper, wide=True)  # millimetres of A4, narrower on US Letter
    title = tr("Training roster", lang=lang)
    story: list[Flowable] = [
        Paragraph(title, s["title"]),
        Paragraph(tr("As of {date}", lang=lang, date=f"{roster.as_of:%Y-%m-%d}"), s["body"]),
        Spacer(1, 4 * mm),
    ]
    if not roster.agents:
        story.append(Paragraph(tr("No agents in this office yet.", lang=lang), s["body"]))
    else:
        overall = roster.overall
        story += heading(tr("Summary", lang=lang))
        summary_header = [tr("Course", lang=lang), tr("Required for", lang=lang)] + [
            tr(STATUS_LABELS[st], lang=lang) for st in CourseStatus
        ]
        summary_rows = [
            [c.name, tr(COURSE_REQUIRED_FOR[c.required_for], lang=lang)]
            + [roster.totals[c.code][st] for st in CourseStatus]
            for c in roster.courses
        ]
        summary_rows.append(
            [f"<b>{tr('Agents overall (worst required course)', lang=lang)}</b>", ""]
            + [overall[st] for st in CourseStatus]
        )
        story += table_chunks(
            summary_header, summary_rows, [80 * u, 45 * u] + [30 * u] * len(CourseStatus)
        )
        story += heading(tr("Agents", lang=lang))
        widths = course_widths([c.name for c in roster.courses], (267 - 45 - 22) * u)
        header = [tr("Agent", lang=lang), tr("Overall", lang=lang)] + [
            c.name for c in roster.courses
        ]
        rows = []
        paint: list[Paint] = []
        for r, agent in enumerate(roster.agents):
            rows.append(
                [
                    f"{agent.display_name}<br/>{agent.username}",
                    tr(STATUS_LABELS[agent.status], lang=lang),
                ]
                + [_cell(c, lang) for c in agent.courses]
            )
            for col, state in enumerate(agent.courses, start=2):
                paint.append((r, col, col, STATUS_COLOURS[state.status]))
        story += table_chunks(header, rows, [45 * u, 22 * u, *widths], paint=paint)
    info = PageInfo(
        title,
        roster.office_name,
        tr("As of {date}", lang=lang, date=f"{roster.as_of:%Y-%m-%d}"),
        roster.generated_at,
        lang,
        listed(roster.ruleset_versions, lang) or "—",
    )
    build_pdf(out, story, info, wide=True, paper=roster.paper)
