"""`casedesk export queue` keeps the Next action a real date and says right after it, under
"Waiting" / "等待中", which cases wait for a later day: "Yes" / "是", empty for the cases due now
and the held (paused, legal: their status says why), in CSV and XLSX (found by QA)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TEST_KEY


@pytest.fixture
def office(monkeypatch, demo_path: Path) -> tuple[list[str], dict[str, str]]:  # type: ignore[no-untyped-def]
    """(--db args, case number → what its Waiting cell should say: "yes", "" or "held")."""
    from app.cases.rebuild import rebuild_queue
    from app.models import Case, CaseStatus
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    with database.session() as s:
        rebuild_queue(s, None)
        expected = {}
        for case in s.scalars(select(Case).where(Case.status != CaseStatus.CLOSED)):
            held = case.status in (CaseStatus.PAUSED, CaseStatus.LEGAL)
            expected[case.case_no] = "held" if held else ("yes" if case.waiting else "")
    database.close()
    assert {"yes", ""} <= set(expected.values())
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)], expected


def check_waiting(rows: list[list], expected: dict[str, str], lang: str) -> None:  # type: ignore[type-arg]
    """The header and cells of an exported queue: Waiting right after Next action."""
    header, *body = rows
    next_action = "下次行动" if lang == "zh_CN" else "Next action"
    at = next(i for i, h in enumerate(header) if str(h).startswith(next_action))
    assert header[at + 1] == ("等待中" if lang == "zh_CN" else "Waiting")
    yes = "是" if lang == "zh_CN" else "Yes"
    assert body
    for row in body:
        want = expected[row[0]]
        assert (row[at + 1] or "") == (yes if want == "yes" else ""), row
        if row[at]:  # a real date, not "Waiting until …"
            day = row[at] if isinstance(row[at], str) else row[at].date().isoformat()
            dt.date.fromisoformat(day)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_csv_says_which_cases_wait(cli, office, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    env, expected = office
    path = tmp_path / "queue.csv"
    code, _out, err = cli("--lang", lang, "export", "queue", str(path), *env)
    assert code == 0, err
    rows = list(csv.reader(path.read_bytes().decode("utf-8-sig").splitlines()))
    check_waiting(rows, expected, lang)


def test_the_xlsx_says_which_cases_wait(cli, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    env, expected = office
    path = tmp_path / "queue.xlsx"
    code, _out, err = cli("--lang", "zh_CN", "export", "queue", str(path), *env)
    assert code == 0, err
    sheet = load_workbook(path, read_only=True).worksheets[-1]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    check_waiting(rows, expected, "zh_CN")
