"""The CLI on a computer whose clock was set back (QA s46 I-2): a command run as a user (each
records its login, so each writes) warns on stderr naming this computer's time and the office's
last work, and goes on; `queue --rebuild` refuses to rebuild as of an earlier day than the queue
was built for, with a non-zero exit. English and Chinese. The office's last work is put two days
after this moment (or the clock two days back, under faketime): no hour or day matters."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Case, CaseStatus
from db.store import open_database
from tests.cli.conftest import run_casedesk
from tests.conftest import TEST_KEY
from tests.core.test_clock_behind import built_ahead, work_recorded_at

WARNING = {
    "en": "Warning: This computer's clock says ",
    "zh_CN": "警告：本机时钟显示为 ",
}
REFUSAL = {
    "en": "Not rebuilding the queue as of {date}: it was already built as of {built}",
    "zh_CN": "未按 {date} 重建队列：队列已按 {built} 建好",
}

HELD_HEADING = {
    "en": "by this computer's clock, which is behind; days past due, buckets and amounts overdue "
    "as of {built}",
    "zh_CN": "（以本机时钟计，该时钟落后）；逾期天数、账龄段和逾期金额按 {built} 计",
}
HELD_QUEUE = {
    "en": "This computer's clock is behind: days past due, buckets and amounts overdue are as of "
    "{built}, the day the queue was last built for",
    "zh_CN": "本机时钟落后：逾期天数、账龄段和逾期金额仍按 {built}（队列最近一次重建所按的日期）计",
}


@pytest.fixture
def env(monkeypatch, demo_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _open_days(path: str) -> set[dt.date | None]:
    database = open_database(Path(path), TEST_KEY)
    try:
        with database.sessions() as s:
            return set(
                s.scalars(select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED))
            )
    finally:
        database.close()


def test_a_sound_clock_says_nothing(env, cli) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = cli(*env, "queue", "--limit", "1")
    assert code == 0 and "clock" not in err


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_command_warns_and_goes_on(env, cli, lang) -> None:  # type: ignore[no-untyped-def]
    database = open_database(Path(env[1]), TEST_KEY)
    try:
        work_recorded_at(database, dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    finally:
        database.close()
    code, out, err = cli("--lang", lang, *env, "queue", "--limit", "1")
    assert code == 0 and out  # not refused
    assert WARNING[lang] in err
    assert ("Set this computer's date and time right" if lang == "en" else "请先把本机") in err


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_queue_rebuild_does_not_go_back(env, cli, lang) -> None:  # type: ignore[no-untyped-def]
    database = open_database(Path(env[1]), TEST_KEY)
    try:
        built = built_ahead(database)
        with database.sessions() as s:
            from app.office import office_today

            today = office_today(s)
    finally:
        database.close()
    code, out, err = cli("--lang", lang, *env, "queue", "--rebuild")
    assert code != 0 and not out
    assert REFUSAL[lang].format(date=today.isoformat(), built=built.isoformat()) in err
    assert _open_days(env[1]) == {built}  # nothing rebuilt, no case closed
    # Listing it as of a day (no rebuild) still works.
    code, _out, _err = cli(*env, "queue", "--as-of", today.isoformat(), "--limit", "1")
    assert code == 0


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_dashboard_and_queue_show_the_figures_the_window_shows(env, cli, lang) -> None:  # type: ignore[no-untyped-def]
    """QA s46 J-2: while the clock is behind, the window keeps the stored figures (its start
    rebuild waits); `dashboard` and `queue` show the same, not figures recomputed for the
    computer's day, and say which day they count."""
    from app.models import User
    from app.queries.cases import queue_count
    from app.queries.dashboard import dashboard

    database = open_database(Path(env[1]), TEST_KEY)
    try:
        built = built_ahead(database)
        with database.sessions() as s:
            supervisor = s.scalar(select(User).where(User.username == "supervisor"))
            window = dashboard(s, supervisor)  # as the window's page reads it
            total = queue_count(s, supervisor)
            stored = dict(s.execute(select(Case.case_no, Case.dpd).where(Case.dpd > 0)).all())
    finally:
        database.close()
    code, out, err = cli(*env, "dashboard", "--json")
    assert code == 0, err
    board = json.loads(out)
    assert board["figures_held"] == built.isoformat()
    assert (board["overdue_count"], board["overdue_amount"]) == (
        window.overdue_count,
        window.overdue_amount,
    )
    assert "(not saved)" not in err  # nothing recomputed
    code, out, err = cli(*env, "queue", "--json", "--limit", "20")
    assert code == 0, err
    listed = json.loads(out)
    assert listed["total"] == total and listed["figures_held"] == built.isoformat()
    overdue = [c for c in listed["cases"] if c["dpd"] > 0]
    assert overdue and all(stored[c["case_no"]] == c["dpd"] for c in overdue)
    code, out, _err = cli("--lang", lang, *env, "dashboard")
    assert code == 0 and HELD_HEADING[lang].format(built=built.isoformat()) in out
    code, out, _err = cli("--lang", lang, *env, "queue", "--limit", "1")
    assert code == 0 and HELD_QUEUE[lang].format(built=built.isoformat()) in out


@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime is not installed")
def test_under_faketime_two_days_back(env, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The QA's own repro: the queue rebuilt today, then the computer's clock two days back."""
    assert cli(*env, "queue", "--rebuild", "--limit", "1")[0] == 0
    built = _open_days(env[1])
    assert len(built) == 1
    done = run_casedesk(
        "--lang", "en", *env, "queue", "--rebuild", FAKETIME="-2d", LD_PRELOAD=_libfaketime()
    )
    assert done.returncode != 0, done.stdout
    assert "Warning: This computer's clock says " in done.stderr
    assert "Not rebuilding the queue as of " in done.stderr
    assert _open_days(env[1]) == built


def _libfaketime() -> str:
    """The faketime command's library, preloaded directly (the command's wrapper would not keep
    the test's environment's order)."""
    for path in Path("/usr/lib").glob("*/faketime/libfaketime.so.1"):
        return str(path)
    pytest.skip("libfaketime not found")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_new_weight_is_saved_and_the_queue_waits(env, cli, lang) -> None:  # type: ignore[no-untyped-def]
    """`settings set priority.weight.…` rebuilds the queue at once, as the window does; while the
    clock is behind it saves the weight and says, as `queue --rebuild` does, why the queue is not
    rebuilt as of an earlier day (s46's note: it rebuilt without the check)."""
    from app import settings

    database = open_database(Path(env[1]), TEST_KEY)
    try:
        built = built_ahead(database)
        with database.sessions() as s:
            from app.office import office_today

            today = office_today(s)
    finally:
        database.close()
    code, out, err = cli("--lang", lang, *env, "settings", "set", "priority.weight.dpd=7")
    assert code == 0, err
    assert REFUSAL[lang].format(date=today.isoformat(), built=built.isoformat()) in err
    assert _open_days(env[1]) == {built}  # nothing rebuilt, no case closed
    database = open_database(Path(env[1]), TEST_KEY)
    try:
        with database.sessions() as s:
            assert settings.get(s, "priority.weight.dpd") in (7, "7")  # the weight is saved
    finally:
        database.close()
