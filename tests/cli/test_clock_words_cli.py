"""The CLI on a clock set back, after `db confirm-clock` (QA s47): which day the queue was built
for, and whose words say how to confirm the clock.

O-1: an admin confirms on a clock two days back and the queue is rebuilt as of that day; the
cases closed earlier keep the later day they were built for. A clock set back a day further then
names the rebuilt day in `queue`, `dashboard` and `queue --rebuild`'s refusal, not the closed
cases' later one (the QA's own repro, under faketime; the days are read from the output, so no
hour or day matters).

O-7: the warning says how to confirm the clock as the acting user may: an admin by the command
(or the window's button), anyone else by asking an admin. English and Chinese. The last work is
put two days after this moment."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Case, CaseStatus
from db.store import open_database
from tests.cli.conftest import run_casedesk
from tests.cli.test_clock_behind_cli import HELD_HEADING, HELD_QUEUE, REFUSAL, _libfaketime
from tests.conftest import TEST_KEY
from tests.core.test_clock_behind import work_recorded_at

REASON = "Checked this clock against Beijing time by phone."
ADMIN = {
    "en": "confirm it with casedesk db confirm-clock --reason TEXT (or This clock is right… in "
    "the window's warning); the backup and the rebuild then go on.",
    "zh_CN": "请运行 casedesk db confirm-clock --reason 原因 加以确认（或在窗口的警告中点"
    "“本机时钟无误…”），之后备份和重建照常进行。",
}
OTHERS = {
    "en": "ask an admin to confirm this computer's clock is right; the backup and the rebuild "
    "then go on.",
    "zh_CN": "请管理员确认本机时钟无误，之后备份和重建照常进行。",
}


@pytest.fixture
def env(monkeypatch, demo_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("name", ["admin", "supervisor", "agent01"])
def test_the_warning_says_how_to_confirm_as_the_user_may(env, cli, lang, name) -> None:  # type: ignore[no-untyped-def]
    database = open_database(Path(env[1]), TEST_KEY)
    try:
        work_recorded_at(database, dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    finally:
        database.close()
    code, out, err = cli("--lang", lang, *env, "queue", "--limit", "1", "--user", name)
    assert code == 0 and out, err
    said, not_said = (ADMIN, OTHERS) if name == "admin" else (OTHERS, ADMIN)
    assert said[lang] in err and not_said[lang] not in err
    if name != "admin":  # no button a terminal (or their window) lacks
        assert "This clock is right…" not in err and "本机时钟无误…" not in err


def _closed_latest(path: str) -> dt.date:
    database = open_database(Path(path), TEST_KEY)
    try:
        with database.sessions() as s:
            query = select(func.max(Case.computed_as_of)).where(Case.status == CaseStatus.CLOSED)
            return s.scalar(query)
    finally:
        database.close()


@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime is not installed")
def test_a_clock_set_back_after_confirming_names_the_rebuilt_day(env, cli) -> None:  # type: ignore[no-untyped-def]
    """The QA's clock_repro.sh: confirm and rebuild two days back, then three days back."""
    assert cli(*env, "queue", "--rebuild", "--limit", "1")[0] == 0  # today's work, by this clock
    two_back = {"FAKETIME": "-2d", "LD_PRELOAD": _libfaketime()}
    three_back = {"FAKETIME": "-3d", "LD_PRELOAD": _libfaketime()}
    done = run_casedesk(
        *env, "db", "confirm-clock", "--reason", REASON, "--user", "admin", **two_back
    )
    assert done.returncode == 0, done.stderr
    done = run_casedesk(*env, "queue", "--rebuild", "--limit", "1", **two_back)
    assert done.returncode == 0, done.stderr
    found = re.search(r"Queue rebuilt as of (\d{4}-\d{2}-\d{2})", done.stdout + done.stderr)
    assert found is not None, done.stdout
    rebuilt = found.group(1)
    assert _closed_latest(env[1]) > dt.date.fromisoformat(rebuilt)  # the QA's database
    done = run_casedesk(*env, "queue", "--limit", "1", **three_back)
    assert done.returncode == 0, done.stderr
    assert HELD_QUEUE["en"].format(built=rebuilt) in done.stdout
    done = run_casedesk(*env, "dashboard", **three_back)
    assert done.returncode == 0, done.stderr
    assert HELD_HEADING["en"].format(built=rebuilt) in done.stdout
    done = run_casedesk("--lang", "zh_CN", *env, "queue", "--rebuild", **three_back)
    assert done.returncode != 0
    refusal = REFUSAL["zh_CN"].split("{date}")[1].format(built=rebuilt)
    assert refusal in done.stderr
