"""The Audit page of a New York office shows the hour that comes twice when the clocks go back
(2026-11-01, 01:00–02:00) with its zone: an entry at 05:30 UTC reads 01:30 EDT, one an hour
later 01:30 EST, not the same minute twice. Screenshots (en, zh_CN)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import audit
from app.i18n import set_language
from app.models import Office
from tests.conftest import TEST_KEY
from tests.ui.test_audit_page import grab, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    with db.session(write_lock=True) as s:
        s.scalar(select(Office)).timezone = "America/New_York"
        for hour in (4, 5, 6, 7):
            at = dt.datetime(2026, 11, 1, hour, 30, tzinfo=dt.UTC)
            audit.record(s, None, "setting.change", "setting", "dst.check", {"h": hour}, at=at)
    yield db
    db.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_repeated_hour_shows_its_zone(qtbot, database, screenshot_dir, lang) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.audit
        window.show_page(page)
        page.set_filter(entity="setting", entity_id="dst.check")
        shown = [page.model.data(page.model.index(n, 1)) for n in range(page.model.rowCount())]
        assert shown == [  # newest first
            "2026-11-01 02:30:00",
            "2026-11-01 01:30:00 EST",
            "2026-11-01 01:30:00 EDT",
            "2026-11-01 00:30:00",
        ]
        grab(window, screenshot_dir / f"qadst-audit-dst-{lang}.png")
    finally:
        set_language("en")
