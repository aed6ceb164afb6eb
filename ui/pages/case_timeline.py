"""Pieces of the case page: the timeline table, the priority breakdown, related persons."""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping, Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView

from app.contacts_standing import Standing
from app.i18n import tr as _
from app.queries.case_page import Factor
from app.queries.case_people import CasePerson
from app.queries.case_story import TimelineItem
from ui import labels
from ui.elided_tips import ElidedTips
from ui.table_fill import FONT, TIP, set_cell
from ui.widgets import DetailTable, detail_table, fill_table

TIMELINE = ("When", "Type", "Event", "Detail")
EVENT, DETAIL = 2, 3
BREAKDOWN = ("Factor", "Points")
RELATED = ("Name", "Relation", "Phone", "May be contacted")
KIND = {
    "contact": "Contact",
    "promise": "Promise",
    "visit": "Visit",
    "agreement": "Agreement",
    "complaint": "Complaint",
    "payment": "Payment",
    "case": "Case",
    "note": "Note",
}


def timeline_table() -> DetailTable:
    """The events, newest first: the detail (who, notes, what came of it) takes the width the
    others leave and wraps; a long event wraps too rather than push the detail off the page."""
    table = detail_table(TIMELINE, wrap=DETAIL, bounded=(EVENT,))
    table.setSelectionMode(table.SelectionMode.NoSelection)
    return table


def fill_timeline(table: DetailTable, items: Sequence[TimelineItem], timezone: str) -> None:
    """One row per event, newest first, times in the office's time zone."""
    zone = zoneinfo.ZoneInfo(timezone)
    fill_table(
        table,
        [
            (
                i.when(zone),
                labels.label(KIND, i.kind),
                i.title,
                i.detail,
            )
            for i in items
        ],
    )


def breakdown_table() -> DetailTable:
    """Each factor and its points: the points column as wide as its numbers, always in view;
    the factor's name takes the width left, cut short with "…" in a narrow pane (whole in its
    tool tip), rather than push the points and the score past the pane's edge."""
    table = detail_table(BREAKDOWN, numeric=(1,), fit_rows=True)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setItemDelegate(ElidedTips(table))
    return table


def fill_breakdown(table: DetailTable, factors: Sequence[Factor], score: int) -> None:
    """Each factor's points and the total they add up to; a factor whose name does not say how
    it is reckoned says so in its tool tip."""
    rows = [(f.label, f"{f.points:+d}") for f in factors]
    rows.append((_("Score"), str(score)))
    fill_table(table, rows)
    for row, factor in enumerate(factors):
        if factor.note:
            for column in range(2):
                set_cell(table, row, column, {TIP: factor.note})
        else:  # shown only when the name is cut short (ElidedTips)
            set_cell(table, row, 0, {TIP: factor.label})
    font = QFont()  # the application's, bold: the cell has no font of its own
    font.setBold(True)
    for column in range(2):
        set_cell(table, len(rows) - 1, column, {FONT: font})


def related_table() -> DetailTable:
    return detail_table(RELATED, fit_rows=True)


def fill_related(
    table: DetailTable, people: Sequence[CasePerson], standing: Mapping[int, Standing]
) -> None:
    """One row per related person; "May be contacted" is what the rule set in force says of a
    contact with them (app.contacts_standing), its rule's own words in the tool tip."""
    answers = [standing.get(p.person_id) for p in people]
    fill_table(
        table,
        [
            (
                p.name or "—",  # an erased borrower's related persons are kept without either
                labels.label(labels.RELATION, p.relation),
                p.phone or "—",
                answer.answer() if answer is not None else "—",
            )
            for p, answer in zip(people, answers, strict=True)
        ],
    )
    for row, answer in enumerate(answers):
        if answer is not None and answer.finding is not None:
            tip = answer.answer() + "\n" + answer.detail()
            set_cell(table, row, len(RELATED) - 1, {TIP: tip})
