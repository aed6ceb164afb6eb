"""The CLI's days default to the office's today, as the window's do: `dashboard`, `queue --as-of`
(whether a day is past) and `report training` (its As of). The office keeps Kiritimati's time
(UTC+14), the computer Pago Pago's (UTC-11): the office is a day ahead at every hour."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from sqlalchemy import select

from app.cases.rebuild import rebuild_queue
from app.cli.main import main
from app.models import Office
from db.store import open_database
from tests.conftest import TEST_KEY

OFFICE, COMPUTER = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def office_today() -> dt.date:
    return dt.datetime.now(zoneinfo.ZoneInfo(OFFICE)).date()


@pytest.fixture
def db(demo_path, computer_zone, monkeypatch) -> list[str]:
    """The demo office on Kiritimati's time, rebuilt as of its day; this process on Pago Pago's."""
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            s.scalar(select(Office)).timezone = OFFICE
        with database.session() as s:
            rebuild_queue(s, None, office_today())
    finally:
        database.close()
    computer_zone(COMPUTER)
    assert dt.date.today() < office_today()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def test_the_dashboard_is_as_of_the_offices_today(capsys, db) -> None:
    capsys.readouterr()
    assert main(["dashboard", "--json", *db]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["as_of"] == office_today().isoformat()
    assert captured.err == ""  # the figures stored are of that day: nothing recomputed


def test_the_computers_today_is_a_past_day_for_the_queue(capsys, db) -> None:
    computer = dt.date.today().isoformat()
    capsys.readouterr()
    assert main(["queue", "--as-of", computer, "--limit", "1", *db]) == 0
    assert capsys.readouterr().err.startswith(f"Today's open cases overdue on {computer}")


def test_the_training_roster_is_as_of_the_offices_today(capsys, db, tmp_path) -> None:
    assert main(["report", "training", "-o", str(tmp_path / "roster.pdf"), *db]) == 0
    capsys.readouterr()
    assert main(["report", "recent", "--json", *db]) == 0
    (roster,) = json.loads(capsys.readouterr().out)
    assert roster["report"] == "training"
    assert roster["as_of"] == office_today().isoformat()
