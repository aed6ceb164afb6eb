"""`casedesk db backup|backups|restore` name what a backup holds in the reader's words (借款人
2、…, not "borrower 2, loan …") and give its time in the office's time zone, as `report recent`
and the PDFs do, whatever zone this computer is set to."""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD

TABLE_CODES = re.compile(r"\b(borrower|loan|case|payment|contact_attempt|user|audit_entry) \d")


@pytest.fixture
def admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computer_zone) -> Path:  # type: ignore[no-untyped-def]
    """An admin's session on a computer whose clock is on New York time; the office's is Beijing
    time (the office's zone, Asia/Shanghai, is the default an office is made with)."""
    computer_zone("America/New_York")
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return tmp_path / "home" / "backups"


def _made(cli, office: Path) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """A backup and its time as the office reads it ("2026-12-03 05:52:10")."""
    code, out, err = cli("db", "backup", "--db", office, "--json")
    assert code == 0, err
    made = json.loads(out)
    at = dt.datetime.fromisoformat(made["created_at"])
    office_time = at.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert office_time.utcoffset() != at.astimezone().utcoffset()  # the two clocks differ
    return Path(made["path"]), f"{office_time:%Y-%m-%d %H:%M:%S}"


def test_chinese_names_the_tables_and_the_office_time(cli, office: Path, admin: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("--lang", "zh_CN", "db", "backup", "--db", office)
    assert code == 0, err
    assert "借款人 0、贷款 0、案件 0、还款记录 0、联系记录 0、用户 2、审计记录 " in out
    assert not TABLE_CODES.search(out)
    backup, when = _made(cli, office)

    code, out, err = cli("--lang", "zh_CN", "db", "backups", "--db", office)
    assert code == 0, err
    assert "时间为营业部时区（Asia/Shanghai）；文件名中的时间为 UTC。" in out
    row = next(line for line in out.splitlines() if backup.name in line)
    assert row.startswith(when + "  ") and "用户 2" in row and not TABLE_CODES.search(out)

    code, out, err = cli("--lang", "zh_CN", "db", "restore", backup, "--db", office)
    assert code == 1 and "--yes" in err  # shown, not restored without a confirmation
    assert f"备份时间：{when}（Asia/Shanghai）" in out.splitlines()
    assert "内容：借款人 0、贷款 0、案件 0、还款记录 0、联系记录 0、用户 2、审计记录 " in out
    assert not TABLE_CODES.search(out)


def test_english_words_and_the_office_time(cli, office: Path, admin: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("db", "backup", "--db", office)
    assert code == 0, err
    assert "; Borrowers 0, Loans 0, Cases 0, Payments 0, Contact attempts 0, Users 2, " in out
    backup, when = _made(cli, office)
    code, out, _err = cli("db", "backups", "--db", office)
    assert "Times in the office's time zone, Asia/Shanghai; file names in UTC." in out
    assert any(line.startswith(when + "  " + backup.name) for line in out.splitlines())
    code, out, _err = cli("db", "restore", backup, "--db", office)
    assert f"Made: {when} (Asia/Shanghai)" in out.splitlines()
    assert not TABLE_CODES.search(out)


def test_the_office_zone_of_a_file(office: Path, tmp_path: Path) -> None:
    from app.backups import counts_words, office_time, stored_timezone
    from tests.conftest import TEST_KEY

    assert stored_timezone(office, TEST_KEY) == "Asia/Shanghai"
    assert stored_timezone(office, "00" * 32) is None  # the wrong key: not opened
    assert stored_timezone(tmp_path / "missing.db", TEST_KEY) is None
    noon = dt.datetime(2026, 12, 2, 21, 52, tzinfo=dt.UTC)
    assert office_time(noon, "Asia/Shanghai") == "2026-12-03 05:52:00"
    assert counts_words({"user": 1, "loan": 1234, "phone": 3}, "en") == "Loans 1,234, Users 1"
    assert counts_words({"user": 1, "loan": 1234}, "zh_CN") == "贷款 1,234、用户 1"
