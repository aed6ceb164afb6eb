"""Rotation never takes a backup made today, nor a copy made before a restore or an upgrade while
it is younger than the monthly window; the daily/weekly/monthly count is of the regular ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from app.backups import back_up, backups
from app.models import User
from db.backup import Manifest, manifest_path
from db.backup_files import backup_name, list_backups, rotate, to_keep

NOW = dt.datetime(2026, 6, 10, 15, 0, tzinfo=dt.UTC)
DB = Path("office.db")


def _made(folder: Path, when: dt.datetime, kind: str = "scheduled", manifest: bool = True) -> Path:
    """A backup file as the folder would hold it, made at `when` (its name and manifest say so)."""
    path = folder / backup_name(DB, when, kind)
    path.write_bytes(b"x")
    if manifest:
        made = Manifest(
            created_at=when.isoformat(),
            revision="r",
            counts={},
            kind=kind,
            source=str(DB.absolute()),
        )
        manifest_path(path).write_text(made.to_json(), "utf-8")
    return path


def _days_ago(days: int, hour: int = 8) -> dt.datetime:
    return (NOW - dt.timedelta(days=days)).replace(hour=hour)


def test_every_backup_of_today_is_kept(tmp_path: Path) -> None:
    yesterday = _made(tmp_path, _days_ago(1))
    first = _made(tmp_path, NOW.replace(hour=9), "manual")
    second = _made(tmp_path, NOW.replace(hour=10), "manual")
    third = _made(tmp_path, NOW.replace(hour=11), "manual")
    removed = rotate(tmp_path, DB, daily=1, weekly=0, monthly=0, now=NOW)
    assert removed == [yesterday]  # one day kept: today's, all three of them
    assert first.exists() and second.exists() and third.exists()
    # the next day, today's rule no longer holds: the newest of that day stays
    removed = rotate(tmp_path, DB, daily=1, weekly=0, monthly=0, now=NOW + dt.timedelta(days=1))
    assert sorted(removed) == sorted([first, second]) and third.exists()


def test_copies_made_before_a_restore_or_an_upgrade_are_kept(tmp_path: Path) -> None:
    regular = [_made(tmp_path, _days_ago(d)) for d in range(1, 60)]
    # a restore three days ago: the day's scheduled backup and the copy made before the restore
    restored = _made(tmp_path, _days_ago(3, hour=9), "before-restore")
    upgraded = _made(tmp_path, _days_ago(40, hour=9), "before-upgrade")
    no_manifest = _made(tmp_path, _days_ago(50, hour=9), "before-upgrade", manifest=False)
    months_ago = _made(tmp_path, NOW.replace(year=2025, month=7, day=11), "before-restore")
    too_old = _made(tmp_path, NOW.replace(year=2025, month=6, day=9), "before-restore")
    today = _made(tmp_path, NOW.replace(hour=10), "before-restore")  # the newest of all

    removed = rotate(tmp_path, DB, daily=7, weekly=4, monthly=12, now=NOW)

    for copy in (restored, upgraded, no_manifest, months_ago, today):
        assert copy.exists(), copy.name
    assert too_old in removed  # more than 12 months old: the monthly window is past
    # the safety copies take no regular backup's place: the 7 newest days are all still there
    assert all(path.exists() for path in regular[:7])
    assert regular[2].exists()  # the scheduled backup of the day of the restore
    kinds = {b.path: b.kind for b in list_backups(tmp_path, DB)}
    assert kinds[no_manifest] == "before-upgrade"  # told by its name
    # the policy itself: the weekly and monthly rules still thin out the regular ones
    assert 0 < len([p for p in regular if p in removed]) < len(regular) - 7


def test_a_safety_copy_is_kept_at_least_a_month_without_monthly_backups(tmp_path: Path) -> None:
    recent = _made(tmp_path, _days_ago(20), "before-upgrade")
    old = _made(tmp_path, _days_ago(45), "before-upgrade")
    _made(tmp_path, NOW.replace(hour=9))
    kept = to_keep(list_backups(tmp_path, DB), 1, 0, 0, now=NOW)
    assert recent in kept and old not in kept


def test_the_office_day_decides_what_today_is(tmp_path: Path) -> None:
    """16:30 UTC on 9 June is already 10 June in Shanghai: both of that office day are kept."""
    import zoneinfo

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    late = _made(tmp_path, dt.datetime(2026, 6, 9, 16, 30, tzinfo=dt.UTC), "manual")
    early = _made(tmp_path, dt.datetime(2026, 6, 10, 1, 0, tzinfo=dt.UTC), "manual")
    assert rotate(tmp_path, DB, 1, 0, 0, shanghai, now=NOW) == []
    assert late.exists() and early.exists()


def test_two_backups_by_hand_the_same_day_are_both_listed(demo_db, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    with demo_db.sessions() as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
    first = back_up(demo_db, admin)
    second = back_up(demo_db, admin)
    assert second.removed == []
    assert [b.path for b in backups(demo_db, admin)] == [second.path, first.path]
