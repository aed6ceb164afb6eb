"""The Audit page's Export… keeps the seconds its When column shows (QA s47 N-8), real widgets on
a copy of the demo office: each row of the CSV and of the workbook reads the page's time."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.ui.test_audit_page import database, window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]


def _export(qtbot, button, path: Path) -> None:  # type: ignore[no-untyped-def]
    button.last_message = ""
    assert button.export(path) is not None
    qtbot.waitUntil(lambda: button.isEnabled() and bool(button.last_message), timeout=30000)


def test_the_audit_pages_export_reads_its_when_column(qtbot, database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, database, "admin")
    page = window.audit
    window.show_page(page)
    page.refresh()
    when = {
        page.model.index(n, 0).data(): page.model.index(n, 1).data()
        for n in range(min(page.model.rowCount(), 50))
    }
    assert when and all(len(t) == len("2026-03-05 06:50:39") for t in when.values())
    _export(qtbot, page.export_button, tmp_path / "audit.csv")
    rows = list(csv.reader((tmp_path / "audit.csv").read_text("utf-8-sig").splitlines()))
    shown = {r[0]: r[1] for r in rows[1:] if r[0] in when}
    assert shown and all(shown[n] == when[n] for n in shown), shown
    _export(qtbot, page.export_button, tmp_path / "audit.xlsx")
    sheet = load_workbook(tmp_path / "audit.xlsx").active
    read = {str(r[0].value): r[1] for r in sheet.iter_rows(min_row=2) if str(r[0].value) in when}
    assert read and all(c.number_format == "yyyy-mm-dd hh:mm:ss" for c in read.values())
    assert all(c.value.strftime("%Y-%m-%d %H:%M:%S") == when[n] for n, c in read.items())
