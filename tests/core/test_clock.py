"""This computer's clock beside the office's time zone (app/clock.py): agreeing, on another
zone, before an office exists; the offsets as people read them; `db status` says which."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.cli.main import main
from app.clock import clocks, utc_offset
from tests.conftest import TEST_KEY

WINTER = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
SUMMER = dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC)


def test_offsets_read_as_utc_plus_or_minus() -> None:
    assert utc_offset(dt.timedelta(hours=8)) == "UTC+08:00"
    assert utc_offset(dt.timedelta()) == "UTC+00:00"
    assert utc_offset(dt.timedelta(hours=-5)) == "UTC-05:00"
    assert utc_offset(dt.timedelta(hours=5, minutes=45)) == "UTC+05:45"
    assert utc_offset(dt.timedelta(hours=-3, minutes=-30)) == "UTC-03:30"


def test_a_computer_on_another_zone_is_told_what_to_do(demo_db, computer_zone) -> None:
    computer_zone("UTC")
    with demo_db.session() as s:
        found = clocks(s)
    assert found is not None and not found.agree
    assert found.short() == "This computer's clock is on UTC+00:00, the office's on UTC+08:00."
    assert found.short("zh_CN") == "本机时钟为 UTC+00:00，营业部时区为 UTC+08:00。"
    advice = found.advice()
    assert "Asia/Shanghai, is UTC+08:00" in advice and "differ from this computer's clock" in advice
    assert "Settings" in advice and "设置" in found.advice("zh_CN")


def test_a_computer_on_the_office_zone_agrees(demo_db, computer_zone) -> None:
    computer_zone("Asia/Shanghai")
    with demo_db.session() as s:
        found = clocks(s)
    assert found is not None and found.agree
    assert found.short() == "This computer keeps the office's time (Asia/Shanghai)."
    # Another zone with the same offset keeps the same dates.
    computer_zone("Asia/Singapore")
    with demo_db.session() as s:
        assert clocks(s).agree


def test_summer_time_is_compared_at_the_moment(db, computer_zone) -> None:
    """An office in London and a computer on Lisbon time agree all year; one on UTC only in
    winter."""
    from app.office import create_office

    with db.session() as s:
        create_office(
            s, name="London", admin_username="admin", admin_password="a-long-password",
            timezone="Europe/London",
        )  # fmt: skip
    computer_zone("Europe/Lisbon")
    with db.session() as s:
        assert clocks(s, WINTER).agree and clocks(s, SUMMER).agree
    computer_zone("UTC")
    with db.session() as s:
        assert clocks(s, WINTER).agree and not clocks(s, SUMMER).agree
        assert clocks(s, SUMMER).office == dt.timedelta(hours=1)


def test_no_office_no_clocks(db) -> None:
    with db.session() as s:
        assert clocks(s) is None


@pytest.fixture
def env(monkeypatch, demo_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    return ["--db", str(demo_path)]


def test_db_status_says_whether_the_clocks_agree(capsys, env, computer_zone) -> None:
    computer_zone("America/New_York")
    assert main(["db", "status", *env]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].split(None, 1) == [
        "Clock",
        "This computer's clock is on UTC-05:00, the office's on UTC+08:00.",
    ] or lines[-1].split(None, 1) == [
        "Clock",
        "This computer's clock is on UTC-04:00, the office's on UTC+08:00.",
    ]
    assert main(["db", "status", "--json", *env]) == 0
    clock = json.loads(capsys.readouterr().out)["clock"]
    assert clock["office"] == "UTC+08:00" and clock["office_zone"] == "Asia/Shanghai"
    assert clock["agree"] is False and clock["computer"] in ("UTC-05:00", "UTC-04:00")
    computer_zone("Asia/Shanghai")
    assert main(["db", "status", "--lang", "zh_CN", *env]) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .endswith("本机时钟与营业部时区一致（Asia/Shanghai）。")
    )
