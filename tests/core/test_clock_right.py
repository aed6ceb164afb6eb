"""An admin confirms this computer's clock right (app/clock_right.py) while the office's last work
is dated ahead, by a computer whose clock was: audited with both times and the reason, and from
then on the clock is judged by the work recorded since, so the warning stops, the daily backup
runs and the queue built for the future day is rebuilt as of today; a clock set back after the
confirmation is still caught. The last work is put two days after this moment: no hour or day of
the run matters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit_words import Reader
from app.backups import backup_if_due
from app.cases.daily import rebuild_if_due
from app.clock_behind import CONFIRMED, DRIFT, clock_behind, rebuild_goes_back
from app.clock_right import NOT_BEHIND, confirm_clock
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, Case, CaseStatus, Setting, User
from app.office import office_today, office_zone
from tests.core.test_clock_behind import AHEAD, built_ahead, work_recorded_at

REASON = "The front desk PC had its date typed a month ahead; checked this clock by phone."


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == name))


def confirm(database, name: str = "admin", reason: str = REASON):  # type: ignore[no-untyped-def]
    with database.session(write_lock=True) as s:
        return confirm_clock(s, _user(s, name), reason)


def _confirmations(database) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        found = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "clock.confirm")))
        s.expunge_all()
        return found


def test_an_admin_confirms_and_the_warning_stops(demo_db) -> None:
    ahead = dt.datetime.now(dt.UTC).replace(microsecond=0) + AHEAD
    work_recorded_at(demo_db, ahead)
    with demo_db.sessions() as s:
        assert clock_behind(s) is not None
        zone = office_zone(s)
    done = confirm(demo_db)
    assert done.last_work == ahead and abs(done.computer - dt.datetime.now(dt.UTC)) < DRIFT
    with demo_db.sessions() as s:
        assert clock_behind(s) is None
        admin_id = _user(s, "admin").id
        kept = s.get(Setting, CONFIRMED)
    [entry] = _confirmations(demo_db)
    assert entry.user_id == admin_id and entry.entity == "database"
    assert entry.changes == {
        "last_work": ahead.isoformat(),
        "computer": done.computer.isoformat(),
        "reason": REASON,
    }
    assert kept is not None and kept.value == {"entry": entry.id, "ahead_until": ahead.isoformat()}
    last = ahead.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    assert f"the office's last work, recorded at {last}, was dated" in done.message("en")
    assert f"营业部最近一次记录于 {last} 的工作" in done.message("zh_CN")
    # The trail reads it in words, both times on the office's clock.
    now = done.computer.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    assert Reader("en", zone, {}).describe("clock.confirm", entry.changes) == (
        f"Office's last recorded work: {last}; This computer's time: {now}; Reason: {REASON}"
    )
    assert (
        Reader("zh_CN", zone, {})
        .describe("clock.confirm", entry.changes)
        .startswith(f"营业部最近一次记录工作的时间：{last}；本机时间：{now}；")
    )


@pytest.mark.parametrize("name", ["supervisor", "agent01"])
def test_only_an_admin_confirms(demo_db, name: str) -> None:
    work_recorded_at(demo_db, dt.datetime.now(dt.UTC) + AHEAD)
    with pytest.raises(PermissionDenied) as refused:
        confirm(demo_db, name)
    assert "may not confirm this computer's clock is right; ask an admin" in str(refused.value)
    assert _confirmations(demo_db) == []
    with demo_db.sessions() as s:
        assert clock_behind(s) is not None and s.get(Setting, CONFIRMED) is None


def test_a_clock_not_behind_is_not_confirmed(demo_db) -> None:
    with pytest.raises(ValidationError) as refused:
        confirm(demo_db)
    assert refused.value.msgid == NOT_BEHIND
    assert (
        refused.value.translated("zh_CN")
        == "本机时钟并不早于营业部最近一次记录工作的时间，无需确认。"
    )
    assert _confirmations(demo_db) == []


def test_the_reason_says_as_much_as_an_override(demo_db) -> None:
    work_recorded_at(demo_db, dt.datetime.now(dt.UTC) + AHEAD)
    with pytest.raises(ValidationError) as refused:
        confirm(demo_db, reason="ok")
    assert "at least 10 characters" in str(refused.value)
    assert _confirmations(demo_db) == []
    confirm(demo_db, reason="时钟已核对无误")  # 7 Chinese characters count as 14


def test_a_clock_set_back_after_the_confirmation_is_still_caught(demo_db) -> None:
    now = dt.datetime.now(dt.UTC)
    work_recorded_at(demo_db, now + AHEAD)
    confirm(demo_db)
    with demo_db.sessions() as s:
        assert clock_behind(s) is None
        # Set back two days: earlier than the confirmation itself, dated by the right clock.
        found = clock_behind(s, now - AHEAD)
        assert found is not None and abs(found.last_work - now) < DRIFT
    later = now + dt.timedelta(hours=3)
    work_recorded_at(demo_db, later)  # work since, on the confirmed clock
    with demo_db.sessions() as s:
        assert clock_behind(s, later + dt.timedelta(minutes=1)) is None
        found = clock_behind(s, now + dt.timedelta(hours=1))
        assert found is not None and found.last_work == later


def test_work_dated_later_than_confirmed_is_judged_as_before(demo_db) -> None:
    """A computer still ahead (or further ahead) dates work past what was confirmed: warned."""
    now = dt.datetime.now(dt.UTC)
    work_recorded_at(demo_db, now + AHEAD)
    confirm(demo_db)
    further = now + 3 * AHEAD
    work_recorded_at(demo_db, further)
    with demo_db.sessions() as s:
        found = clock_behind(s)
        assert found is not None and found.last_work == further
        # Once real time passes it, the ordinary rule holds (nothing is behind).
        assert clock_behind(s, further + dt.timedelta(hours=1)) is None


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "backups"


@pytest.mark.sqlite_only  # a server database is backed up on the server, never here
def test_after_confirming_the_daily_backup_runs(demo_db, folder: Path) -> None:
    work_recorded_at(demo_db, dt.datetime.now(dt.UTC) + AHEAD)
    assert backup_if_due(demo_db) is None
    confirm(demo_db)
    made = backup_if_due(demo_db)
    assert made is not None and made.path.parent == folder


def test_after_confirming_the_queue_is_rebuilt_as_of_today(demo_db) -> None:
    built = built_ahead(demo_db)
    assert rebuild_if_due(demo_db) is None  # waits while the clock is behind
    confirm(demo_db)
    with demo_db.sessions() as s:
        today = office_today(s)
        assert rebuild_goes_back(s) is None
    done = rebuild_if_due(demo_db)
    assert done is not None and done.as_of == today != built
    with demo_db.sessions() as s:
        days = set(s.scalars(select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED)))
        assert days == {today}
        rebuilds = select(func.count()).where(AuditEntry.action == "queue.rebuild")
        assert s.scalar(rebuilds) >= 2
