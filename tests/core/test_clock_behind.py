"""A computer clock set back (QA s46 I-2): noticed when it is earlier than the office's latest
recorded work (the newest audit entry, a few minutes' drift allowed); then the daily backup and
the day's queue rebuild to an earlier day do not run. The office's latest work is put two days
after this moment, so no hour or day of the run matters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import audit, settings
from app.backups import backup_if_due
from app.cases.daily import rebuild_if_due
from app.cases.rebuild import rebuild_queue
from app.clock_behind import DRIFT, clock_behind, queue_built_for, rebuild_goes_back
from app.models import AuditEntry, Case, CaseStatus, User
from app.office import office_today

AHEAD = dt.timedelta(days=2)


def work_recorded_at(database, at: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    """An audit entry stamped `at`, as a computer whose clock read `at` would have written it."""
    with database.session() as s:
        audit.record(s, None, "setting.change", "setting", "clock.check", {"at": "x"}, at=at)


def built_ahead(database) -> dt.date:  # type: ignore[no-untyped-def]
    """The queue built as of two days from the office's today (by a computer then), its date."""
    with database.session() as s:
        day = office_today(s) + AHEAD
        rebuild_queue(s, None, day)
    work_recorded_at(database, dt.datetime.now(dt.UTC) + AHEAD)
    return day


def test_a_sound_clock_is_not_behind(demo_db) -> None:
    with demo_db.sessions() as s:
        assert clock_behind(s) is None


def test_a_clock_earlier_than_the_last_work_is_behind(demo_db) -> None:
    last = dt.datetime(2031, 5, 6, 1, 30, tzinfo=dt.UTC)  # 09:30 in the demo's Shanghai
    work_recorded_at(demo_db, last)
    now = dt.datetime(2031, 5, 4, 2, 0, tzinfo=dt.UTC)
    with demo_db.sessions() as s:
        found = clock_behind(s, now)
    assert found is not None and found.last_work == last and found.computer == now
    assert found.short("en") == (
        "This computer's clock is earlier than the office's last recorded work (2031-05-06 09:30)."
    )
    assert found.short("zh_CN") == "本机时钟早于营业部最近一次记录工作的时间（2031-05-06 09:30）。"
    assert "This computer's clock says 2031-05-04 10:00, but" in found.advice("en")
    assert "本机时钟显示为 2031-05-04 10:00，但" in found.advice("zh_CN")
    assert "Set this computer's date and time right" in found.advice("en")
    assert "请先把本机的日期和时间改正" in found.advice("zh_CN")


def test_drift_of_a_few_minutes_is_allowed(demo_db) -> None:
    last = dt.datetime(2031, 5, 6, 1, 30, tzinfo=dt.UTC)
    work_recorded_at(demo_db, last)
    with demo_db.sessions() as s:
        assert clock_behind(s, last - DRIFT + dt.timedelta(seconds=1)) is None
        assert clock_behind(s, last - DRIFT - dt.timedelta(seconds=1)) is not None
        assert clock_behind(s, last + dt.timedelta(hours=1)) is None


def test_work_recorded_while_behind_does_not_hide_it(demo_db) -> None:
    """The login and work done meanwhile are stamped by the slow clock: the latest time counts,
    not the latest entry."""
    work_recorded_at(demo_db, dt.datetime.now(dt.UTC) + AHEAD)
    work_recorded_at(demo_db, dt.datetime.now(dt.UTC))
    with demo_db.sessions() as s:
        assert clock_behind(s) is not None


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "backups"


@pytest.mark.sqlite_only  # a server database is backed up on the server, never here
def test_no_daily_backup_while_the_clock_is_behind(demo_db, folder: Path) -> None:
    work_recorded_at(demo_db, dt.datetime.now(dt.UTC) + AHEAD)
    assert backup_if_due(demo_db) is None
    assert not folder.exists() or not any(folder.iterdir())
    # The same office on a clock past its last work makes the day's backup.
    made = backup_if_due(demo_db, now=dt.datetime.now(dt.UTC) + AHEAD + dt.timedelta(hours=1))
    assert made is not None and made.path.parent == folder


def _rebuilds(database) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "queue.rebuild")
        )


def test_the_days_rebuild_does_not_go_back_to_an_earlier_day(demo_db) -> None:
    day = built_ahead(demo_db)
    before = _rebuilds(demo_db)
    with demo_db.sessions() as s:
        assert queue_built_for(s) == day
        assert rebuild_goes_back(s) == day
    assert rebuild_if_due(demo_db) is None
    assert _rebuilds(demo_db) == before
    with demo_db.sessions() as s:
        open_days = set(
            s.scalars(select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED))
        )
        assert open_days == {day}
        # On a clock past the last work the same queue would be rebuilt for the office's day.
        assert rebuild_goes_back(s, dt.datetime.now(dt.UTC) + AHEAD + dt.timedelta(hours=1)) is None


def test_a_queue_date_set_on_purpose_is_rebuilt(demo_db) -> None:
    built_ahead(demo_db)
    with demo_db.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        settings.put(s, supervisor, "queue.as_of", office_today(s).isoformat())
    with demo_db.sessions() as s:
        assert rebuild_goes_back(s) is None
    assert rebuild_if_due(demo_db) is not None


def test_the_refusal_names_the_setting_with_a_chinese_placeholder() -> None:
    """QA s46 J-8: Chinese commands write their placeholders in Chinese (原因, 上门编号)."""
    from app.clock_behind import going_back

    refusal = going_back(dt.date(2031, 5, 4), dt.date(2031, 5, 6))
    assert refusal.translated("en").endswith("(casedesk settings set queue.as_of=DATE).")
    zh = refusal.translated("zh_CN")
    assert zh.endswith("（casedesk settings set queue.as_of=日期）。") and "DATE" not in zh


def test_while_behind_the_stored_figures_are_kept_and_their_day_said(demo_db) -> None:
    """QA s46 J-2: the window shows the stored figures while its start rebuild waits; the
    dashboard and the queue say which day those count (`casedesk` shows the same)."""
    from app.clock_behind import figures_held
    from app.queries.dashboard import dashboard
    from app.queries.queue_day import queue_day

    day = built_ahead(demo_db)
    with demo_db.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        today = office_today(s)
        assert figures_held(s) == day
        board = dashboard(s, supervisor)
        assert board.figures_held == day and board.as_of == today
        assert board.days_said("en") == (
            f"Today, {today}, by this computer's clock, which is behind; days past due, buckets "
            f"and amounts overdue as of {day}"
        )
        assert board.days_said("zh_CN") == (
            f"今天，{today}（以本机时钟计，该时钟落后）；逾期天数、账龄段和逾期金额按 {day} 计"
        )
        queue = queue_day(s, supervisor)
        assert queue.held == day
        assert queue.said("en") == (
            f"This computer's clock is behind: days past due, buckets and amounts overdue are as "
            f"of {day}, the day the queue was last built for; they are brought up to date once "
            "the clock is right."
        )
        assert f"本机时钟落后：逾期天数、账龄段和逾期金额仍按 {day}" in (queue.said("zh_CN") or "")
        # A day asked for is that day's (nothing held); a sound clock holds nothing.
        assert dashboard(s, supervisor, as_of=today).figures_held is None
        assert figures_held(s, dt.datetime.now(dt.UTC) + AHEAD + dt.timedelta(hours=1)) is None
