"""`casedesk agreement draft` on the demo office: --json gives the dates moved off public holidays
that the text prints (holiday_moves); a settlement's default due date moves off a holiday as a
plan's dates do, and says so in the text, in Chinese too, and in --json. The holiday is the
first one 40 days or more after the office's today (test_agreement_holiday_cli), so the test
runs on any day."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from app import settings
from app.agreements.holiday_dates import next_open_day
from app.loans.schedule import add_months
from app.models import User
from app.reporting.period import office_today
from db.store import open_database
from tests.cli.test_agreement_cli import _free_cases, _number, office  # noqa: F401 (a fixture)
from tests.cli.test_agreement_holiday_cli import _holiday
from tests.conftest import TEST_KEY


def test_draft_json_gives_the_moves(office: Path, cli) -> None:  # noqa: F811
    case_no = _free_cases(office, "agent01", 1)[0]
    holiday, name = _holiday(office, "en_US")
    moved = next_open_day("CN", holiday)
    start = f"{add_months(holiday, -1):%Y-%m-%d}"
    code, out, err = cli("agreement", "draft", case_no, "--instalments", "3", "--start", start,
                         "--json", "--db", office, "--user", "agent01")  # fmt: skip
    assert code == 0, err
    drafted = json.loads(out)
    assert drafted["plan"][1]["due_on"] == f"{moved:%Y-%m-%d}"
    assert drafted["holiday_moves"] == [
        {
            "seq": 2,
            "due_on": f"{moved:%Y-%m-%d}",
            "moved_from": f"{holiday:%Y-%m-%d}",
            "country": "CN",
            "holiday": name,
            "note": f"moved from {holiday:%Y-%m-%d}: {name}",
        }
    ]
    # Typed dates are never moved: none to give.
    rows = [f"{holiday:%Y-%m-%d}=100"]
    other = _free_cases(office, "agent01", 1)[0]
    code, out, err = cli("agreement", "draft", other, "--row", rows[0], "--json",
                         "--db", office, "--user", "agent01")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["holiday_moves"] == []


def _settle_in(path: Path, days: int) -> None:
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            settings.put(s, admin, "agreement.settlement_due_days", days)
    finally:
        database.close()


def _today(path: Path):
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            return office_today(s)
    finally:
        database.close()


def test_a_settlements_default_date_is_moved_off_a_holiday(office: Path, cli) -> None:  # noqa: F811
    holiday, name = _holiday(office, "en_US")
    _, name_zh = _holiday(office, "zh_CN")
    moved = next_open_day("CN", holiday)
    _settle_in(office, (holiday - _today(office)).days)
    db = ["--db", office, "--user", "agent01"]
    first, second, third = _free_cases(office, "agent01", 3)
    code, out, err = cli("agreement", "draft", first, "--settle", "100", *db)
    assert code == 0, err
    lines = out.splitlines()
    assert f"The payment ({moved:%Y-%m-%d}): moved from {holiday:%Y-%m-%d}: {name}" in lines
    code, out, _ = cli("agreement", "show", _number(out), "--json", *db)
    assert json.loads(out)["plan"][0]["due_on"] == f"{moved:%Y-%m-%d}"

    code, out, err = cli("--lang", "zh_CN", "agreement", "draft", second, "--settle", "100", *db)
    assert code == 0, err
    assert f"还款（{moved:%Y-%m-%d}）：由 {holiday:%Y-%m-%d}（{name_zh}）顺延" in out.splitlines()

    code, out, err = cli("agreement", "draft", third, "--settle", "100", "--json", *db)
    assert code == 0, err
    (move,) = json.loads(out)["holiday_moves"]
    assert (move["seq"], move["moved_from"], move["due_on"]) == (
        1,
        f"{holiday:%Y-%m-%d}",
        f"{moved:%Y-%m-%d}",
    )
