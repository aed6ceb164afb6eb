"""The work queue's Export… writes the Next action as a date and, right after it, a "Waiting" /
"等待中" column saying "Yes" / "是" on the cases waiting for a later day, as the CLI's export
does (found by QA). Real widgets on a copy of the demo office, its queue rebuilt."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from app.i18n import set_language
from tests.cli.test_export_queue_waiting_cli import check_waiting
from tests.ui.test_export_personal_ui import _save_as, _wait, database  # noqa: F401
from tests.ui.test_queue import window_for

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_pages_export_says_which_cases_wait(
    qtbot,
    database,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    lang: str,
) -> None:
    from app.cases.rebuild import rebuild_queue
    from app.models import Case, CaseStatus

    with database.session() as s:
        rebuild_queue(s, None)
        expected = {}
        for case in s.scalars(select(Case).where(Case.status != CaseStatus.CLOSED)):
            held = case.status in (CaseStatus.PAUSED, CaseStatus.LEGAL)
            expected[case.case_no] = "held" if held else ("yes" if case.waiting else "")
    set_language(lang)
    try:
        window = window_for(qtbot, database, "supervisor")
        path = tmp_path / "queue.csv"
        _save_as(monkeypatch, path)
        button = window.queue.export_button
        button.last_message = ""
        button.export()
        _wait(qtbot, button)
        rows = list(csv.reader(path.read_bytes().decode("utf-8-sig").splitlines()))
        assert len(rows) > 1
        check_waiting(rows, expected, lang)
    finally:
        set_language("en")
