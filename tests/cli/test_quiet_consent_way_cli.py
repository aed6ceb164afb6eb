"""`casedesk contact check|log` refused for quiet hours: the finding names the borrower's stop
flags, and the command line adds its own command to record the consent (the window does not)."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest

from app.cli.main import main
from tests.conftest import TEST_KEY

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def env(monkeypatch, demo_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _yesterday(hour: int, minute: int = 0) -> str:
    """Yesterday on the office's clock (Shanghai), whatever the computer's hour."""
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI).isoformat()


def _open_case(capsys, env) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["queue", "--json", "--limit", "100", *env]) == 0
    cases = json.loads(capsys.readouterr().out)["cases"]
    case_no = next(c["case_no"] for c in cases if c["status"] not in ("paused", "legal"))
    assert main(["case", "show", case_no, "--json", *env]) == 0
    shown = json.loads(capsys.readouterr().out)
    return case_no, shown["borrower"]["borrower_no"]


@pytest.mark.parametrize(("lang", "flags"), [("en", "stop flags"), ("zh_CN", "停止联系标记")])
@pytest.mark.parametrize("command", ["check", "log"])
def test_a_quiet_hours_refusal_gives_the_command_that_records_consent(
    capsys, env, lang, flags, command
) -> None:
    case_no, borrower_no = _open_case(capsys, env)
    args = ["--lang", lang, "contact", command, case_no, "--channel", "sms", "--party"]
    args += ["borrower", "--outcome", "delivered", "--at", _yesterday(22, 30), *env]
    assert main(args) == 3
    out = capsys.readouterr().out
    assert flags in out
    assert f"casedesk borrower flags {borrower_no} --set quiet_hours_consent" in out
