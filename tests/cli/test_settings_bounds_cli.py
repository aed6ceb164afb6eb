"""`casedesk settings set` refuses what QA found it took: security.max_failed_logins=0 (every
account then locked at its first wrong password) and a queue date after today (DPD 1,458)."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD


@pytest.fixture
def admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)


def _settings(cli, office: Path) -> dict:  # type: ignore[no-untyped-def]
    code, out, err = cli("--db", office, "settings", "show", "--json")
    assert code == 0, err
    return json.loads(out)["settings"]


def test_no_lockout_after_zero_wrong_passwords(cli, office, admin) -> None:
    code, out, err = cli("--db", office, "settings", "set", "security.max_failed_logins=0")
    assert (code, out) == (1, "")
    assert err == (
        "casedesk: Wrong passwords before an account locks (security.max_failed_logins) must be "
        "at least 1.\n"
    )
    code, _out, err = cli(
        "--db", office, "--lang", "zh_CN", "settings", "set", "assign.capacity_per_agent=0"
    )
    assert code == 1 and "（assign.capacity_per_agent）不能小于 1。" in err
    assert _settings(cli, office)["security.max_failed_logins"] == 5
    code, _out, err = cli("--db", office, "settings", "set", "security.max_failed_logins=1")
    assert code == 0, err


def test_a_queue_date_after_today_is_refused(cli, office, admin) -> None:
    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()  # the office's zone
    code, out, err = cli("--db", office, "settings", "set", "queue.as_of=2030-01-01")
    assert (code, out) == (1, "")
    assert err == (
        f"casedesk: Queue date (queue.as_of) cannot be after today ({today.isoformat()}): "
        "2030-01-01.\n"
    )
    assert _settings(cli, office)["queue.as_of"] is None
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    code, _out, err = cli("--db", office, "settings", "set", f"queue.as_of={yesterday}")
    assert code == 0, err
    assert _settings(cli, office)["queue.as_of"] == yesterday


def test_at_least_one_backup_is_kept(cli, office, admin) -> None:
    none = ["backup.keep_daily=0", "backup.keep_weekly=0", "backup.keep_monthly=0"]
    code, out, err = cli("--db", office, "settings", "set", *none)
    assert (code, out) == (1, "")
    assert err == (
        "casedesk: Keep at least one backup: daily, weekly and monthly backups kept cannot all "
        "be 0.\n"
    )
    code, out, err = cli("--db", office, "settings", "set", *none[:2])
    assert code == 0, err
    code, _out, err = cli("--db", office, "--lang", "zh_CN", "settings", "set", none[2])
    assert code == 1 and "请至少保留一份备份" in err
    kept = _settings(cli, office)
    assert [kept[f"backup.keep_{k}"] for k in ("daily", "weekly", "monthly")] == [0, 0, 12]
