"""`casedesk report …` from a supervisor's month end on the demo office (QA, session 35)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.cli.main import main
from tests.conftest import TEST_KEY
from tests.office_day import office_today


@pytest.fixture
def env(monkeypatch, demo_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def test_a_roster_dated_after_today_is_refused(capsys, env, tmp_path) -> None:
    """QA: `report training --as-of` a day ahead printed a roster calling lapsed a course still
    valid today (the Reports page too); the portfolio's as-of date was already refused."""
    today = office_today()
    ahead = today + dt.timedelta(days=60)
    out = tmp_path / "roster.pdf"
    for lang, words in (
        ("en", f"The as-of date {ahead} is after today ({today})."),
        ("zh_CN", f"截至日期 {ahead} 晚于今天（{today}）。"),
    ):
        args = ["--lang", lang, "report", "training", "--as-of", ahead.isoformat()]
        assert main([*args, "-o", str(out), *env]) == 1
        assert capsys.readouterr().err.strip() == f"casedesk: {words}"
        assert not out.exists()
    assert main(["report", "training", "--as-of", today.isoformat(), "-o", str(out), *env]) == 0
    assert out.exists()
