"""The Audit page's Changes column takes the width the other columns leave and the hash, last,
only what its hash needs, whichever rows are listed: the supervisor reading one case's trail, or
one agent's weeks of contacts, at 1366 px in English and Chinese. QA: filtered to a complaint's
case, the complaint's details were cut short at 620 px beside a hash column 220 px wide; filtered
to an agent, the changes were as wide as the first rows' and later, longer ones were cut."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.models import Case, Complaint
from tests.ui.test_audit_filter_bar import database
from tests.ui.test_audit_page import grab, window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]
SLACK = 4  # pixels: a column's edge, rounding


def _widths(page) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(Changes' width, the width the others leave it, the hash column's beyond its need)."""
    from ui.pages.audit import CHANGES_COLUMN, HASH_COLUMN

    table, header = page.table, page.table.horizontalHeader()
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != CHANGES_COLUMN)
    need = max(table.sizeHintForColumn(HASH_COLUMN), header.sectionSizeHint(HASH_COLUMN))
    spare = header.sectionSize(HASH_COLUMN) - need
    left = table.viewport().width() - others + spare  # the hash's spare is the changes' room
    return header.sectionSize(CHANGES_COLUMN), left, spare


def test_the_changes_take_the_room_the_hash_does_not_need(  # type: ignore[no-untyped-def]
    qtbot, database, lang, screenshot_dir
) -> None:
    with database.sessions() as s:
        case_no, agent_id = s.execute(
            select(Case.case_no, Complaint.agent_id)
            .join(Complaint, Complaint.case_id == Case.id)
            .where(Complaint.agent_id.is_not(None))
            .order_by(Complaint.id)
        ).first()
    window = window_for(qtbot, database)
    page = window.audit
    window.show_page(page)
    since = dt.date(2026, 1, 1)  # the demo's recent weeks: its contacts
    for name, narrowed in (
        ("case", {"case_no": case_no}),
        ("agent", {"user_id": agent_id, "date_from": since}),
        ("all", {}),
    ):
        page.set_filter(**narrowed)
        qtbot.wait(1)
        assert page.rows(), name
        changes, left, spare = _widths(page)
        assert spare <= SLACK, (name, spare)
        assert abs(changes - left) <= SLACK, (name, changes, left)
        grab(window, screenshot_dir / f"auditwalk-changes-width-{name}-{lang}.png")
