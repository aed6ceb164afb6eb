"""The lists show an instant in the hour that comes twice with its zone (New York, 2026-11-01:
05:30 UTC is 01:30 EDT, 06:30 UTC 01:30 EST): the work queue's last contact, the dashboard's
visit and approval lists, the Visits page's list, calendar and late alerts. Formatting only: no
database, no clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from app.models import VisitStatus
from app.queries.approvals import VISIT, Waiting
from app.queries.dashboard_lists import VisitRow as DashboardVisit
from app.queries.visits import VisitRow
from ui.table_fill import cell_text, cell_value

NY = zoneinfo.ZoneInfo("America/New_York")
EDT = dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)  # 01:30 EDT
EST = EDT + dt.timedelta(hours=1)  # 01:30 EST
LATER = EST + dt.timedelta(hours=1)  # 02:30 EST: comes once


def test_the_queue_shows_the_last_contact_with_its_zone() -> None:
    from ui import queue_columns

    kept = queue_columns.OFFICE_ZONE[0]
    queue_columns.OFFICE_ZONE[0] = NY
    try:
        assert queue_columns.when(EDT) == "2026-11-01 01:30 EDT"
        assert queue_columns.when(EST) == "2026-11-01 01:30 EST"
        assert queue_columns.when(LATER) == "2026-11-01 02:30"
        assert queue_columns.when(None) == ""
    finally:
        queue_columns.OFFICE_ZONE[0] = kept


def test_the_dashboard_lists_show_the_repeated_hour_with_its_zone() -> None:
    from ui.dialogs.dashboard_list import approval_texts, visit_texts

    rows = [
        DashboardVisit("V1", "C1", "张伟", EDT, EST, "booked", "王芳, 李强"),
        DashboardVisit("V2", "C2", "李明", EST, LATER, "booked", "王芳, 李强"),
    ]
    first, second = visit_texts(rows, NY.key)
    assert first[3:5] == ["2026-11-01 01:30 EDT", "2026-11-01 01:30 EST"]
    assert second[3:5] == ["2026-11-01 01:30 EST", "2026-11-01 02:30"]
    waiting = Waiting(VISIT, 1, "V2", "C2", "李明", "王芳", EDT, start=EST, end=LATER)
    (row,) = approval_texts([waiting], NY.key)
    assert row[5] == "2026-11-01 01:30 EDT"  # booked at
    assert row[6] == "2026-11-01 01:30 EST – 02:30"  # to approve: the visit's time


def _visit(start: dt.datetime, end: dt.datetime) -> VisitRow:
    """Under way (checked in): whatever the day of the run, not a booked visit whose time has
    passed with no check-in, which its cell would flag on a line of its own."""
    return VisitRow(
        "V1", "C1", "张伟", VisitStatus.IN_PROGRESS, start, end, ("agent01",), "北京", False
    )


@pytest.mark.gui
def test_the_visits_page_shows_the_repeated_hour_with_its_zone(qapp) -> None:
    from PySide6.QtWidgets import QTableWidget

    from ui.pages.visits_view import calendar_cell, fill_list, local

    assert local(EST, NY, "%Y-%m-%d %H:%M") == "2026-11-01 01:30 EST"
    assert local(EST, NY, "%Y-%m-%d") == "2026-11-01"
    cell = calendar_cell([_visit(EDT, EST), _visit(EST, LATER)], NY)
    assert cell.text().splitlines() == [
        "01:30 EDT – 01:30 EST",  # the time on a line of its own, its zone with it
        "张伟",
        "01:30 EST – 02:30",
        "张伟",
    ]
    assert cell.toolTip().splitlines()[0].startswith("01:30 EDT – 01:30 EST 张伟 · V1 · case C1")
    table = QTableWidget(0, 9)
    fill_list(table, [_visit(EST, LATER)], NY)
    shown = [
        cell_text(table, 0, c)
        for c in range(table.columnCount())
        if cell_value(table, 0, c) is not None
    ]
    assert "2026-11-01 01:30 EST" in shown
