"""The Rules page's versions and the Reports page's recently generated list read their times on
the office's clock already (app/queries/rules.py, app/reporting/generated.py); in the hour that
comes twice (New York, 2026-11-01) they carry the zone too: a version stored at 06:30 UTC reads
01:30 EST, not the same minute as one stored an hour before. Screenshots (en, zh_CN)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.compliance.ruleset import active_ruleset
from app.i18n import set_language
from app.models import Office, RuleSetVersion
from app.reporting.generated import ROSTER, GeneratedReport
from tests.conftest import TEST_KEY
from tests.ui.test_rules_page import grab, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui

NY = zoneinfo.ZoneInfo("America/New_York")
EST = dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)  # the second 01:30 in New York


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    with db.session(write_lock=True) as s:
        s.scalar(select(Office)).timezone = "America/New_York"
        version_id = active_ruleset(s)[1]
        s.get(RuleSetVersion, version_id).created_at = EST
    yield db
    db.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_rules_page_shows_the_versions_time_with_its_zone(
    qtbot, database, screenshot_dir, lang
) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        table = window.rules.versions
        stored = [cell_text(table, r, 2) for r in range(table.rowCount())]
        assert "2026-11-01 01:30 EST" in stored
        grab(window, screenshot_dir / f"qadst2-rules-dst-{lang}.png")
    finally:
        set_language("en")


def test_recent_reports_show_the_repeated_hour_with_its_zone() -> None:
    from ui.pages.reports_recent import report_cells

    first = GeneratedReport((EST - dt.timedelta(hours=1)).astimezone(NY), "陈静", ROSTER, "en")
    again = GeneratedReport(EST.astimezone(NY), "陈静", ROSTER, "en")
    assert report_cells(first)[0] == "2026-11-01 01:30 EDT"
    assert report_cells(again)[0] == "2026-11-01 01:30 EST"
