"""The Audit page names a setting by its label and an export by its list, with the filters in
words, in English and Chinese (found by QA: "设置 assign.capacity_per_agent", "导出 queue",
"筛选条件：bucket=M1"); screenshots of both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.auth import authenticate
from app.export import export_rows
from app.i18n import set_language
from app.models import User
from app.office_settings import SettingsChange, save_settings
from app.queries.cases import QueueFilter
from tests.conftest import TEST_KEY
from tests.ui.test_audit_page import grab, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _change_and_export(database, tmp_path: Path) -> None:
    admin = authenticate(database.sessions, "admin", "demo")
    with database.session() as s:
        save_settings(s, admin, SettingsChange(values={"assign.capacity_per_agent": 300}))
    with database.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        flt = QueueFilter(bucket="M1", unassigned=True)
        export_rows(s, supervisor, "queue", tmp_path / "queue.csv", filters=flt)


def _shown(page, action: str) -> tuple[str, str]:
    """(Affected record, Changes) of the newest entry of `action`, as the page shows them."""
    row = next(n for n, r in enumerate(page.rows()) if r.action == action)
    model = page.model
    return model.data(model.index(row, 4)), model.data(model.index(row, 5))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_settings_and_exports_read_as_words(qtbot, database, tmp_path, screenshot_dir, lang):
    _change_and_export(database, tmp_path)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.audit
        window.show_page(page)
        setting, changed = _shown(page, "setting.change")
        export, filters = _shown(page, "list.export")
        if lang == "en":
            assert setting == "Setting Open cases per agent (assigning by capacity)"
            assert changed == "Value: 400 → 300"
            assert export == "Export Work queue"
            assert filters.endswith("Filters: Bucket = M1, Unassigned = Yes")
        else:
            assert setting == "设置 每位催收员的未结案件上限（按容量分配）"
            assert changed == "数值：400 → 300"
            assert export == "导出 工作队列"
            assert filters.endswith("筛选条件：账龄段 = M1、未分配 = 是")
        # The code stays where people filter by it and in what was written.
        row = next(r for r in page.rows() if r.action == "setting.change")
        assert row.entity_id == "assign.capacity_per_agent"
        grab(window, screenshot_dir / f"audit_words_{lang}.png")
    finally:
        set_language("en")
