"""`casedesk agreement draft --instalments N --start DATE` on the demo office: a generated date on
a public holiday is moved and the move printed, in English and Chinese; a date typed with --row
on a holiday is kept and said to be one. The holiday is the first one (from the holidays
library) 40 days or more after the office's today, so the test runs on any day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import holidays

from app.agreements.holiday_dates import next_open_day
from app.loans.schedule import add_months
from app.reporting.period import office_today
from db.store import open_database
from tests.cli.test_agreement_cli import _free_cases, _number, office  # noqa: F401 (a fixture)
from tests.conftest import TEST_KEY


def _holiday(path: Path, language: str) -> tuple[dt.date, str]:
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            today = office_today(s)
    finally:
        database.close()
    years = [today.year, today.year + 1]
    cn = dict(holidays.country_holidays("CN", years=years, language=language).items())
    day = min(d for d in cn if d >= today + dt.timedelta(days=40) and d.day <= 28)
    return day, cn[day]


def test_a_moved_date_is_printed(office: Path, cli) -> None:  # noqa: F811
    first, second = _free_cases(office, "agent01", 2)
    db = ["--db", office, "--user", "agent01"]
    holiday, name = _holiday(office, "en_US")
    moved = next_open_day("CN", holiday)
    start = f"{add_months(holiday, -1):%Y-%m-%d}"
    code, out, err = cli("agreement", "draft", first, "--instalments", "3", "--start", start, *db)
    assert code == 0, err
    note = f"moved from {holiday:%Y-%m-%d}: {name}"
    assert f"Instalment 2 ({moved:%Y-%m-%d}): {note}" in out.splitlines()
    code, out, _ = cli("agreement", "show", _number(out), "--json", *db)
    assert json.loads(out)["plan"][1]["due_on"] == f"{moved:%Y-%m-%d}"

    # Typed on the holiday: kept, and said to be one.
    rows = [f"{holiday:%Y-%m-%d}=100", f"{holiday + dt.timedelta(days=40):%Y-%m-%d}=100"]
    code, out, err = cli("agreement", "draft", second, "--row", rows[0], "--row", rows[1], *db)
    assert code == 0, err
    assert f"Instalment 1 ({holiday:%Y-%m-%d}): a public holiday: {name}" in out.splitlines()
    assert "moved from" not in out


def test_the_note_in_chinese(office: Path, cli) -> None:  # noqa: F811
    case_no = _free_cases(office, "agent01", 1)[0]
    holiday, name = _holiday(office, "zh_CN")
    moved = next_open_day("CN", holiday)
    start = f"{add_months(holiday, -1):%Y-%m-%d}"
    code, out, err = cli("--lang", "zh_CN", "agreement", "draft", case_no, "--instalments", "3",
                         "--start", start, "--db", office, "--user", "agent01")  # fmt: skip
    assert code == 0, err
    assert f"第 2 期（{moved:%Y-%m-%d}）：由 {holiday:%Y-%m-%d}（{name}）顺延" in out.splitlines()
