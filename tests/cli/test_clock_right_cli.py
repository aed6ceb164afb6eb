"""`casedesk db confirm-clock --reason TEXT`: an admin confirms this computer's clock right while
the office's last work is dated ahead (app/clock_right.py). It says what was confirmed (this
computer's time, the last work's); then commands no longer warn and `queue --rebuild` rebuilds
the queue built for the future day as of today. A non-admin, a clock not behind and a short
reason are refused (exit 1). English and Chinese. The last work is put two days after this
moment: no hour or day matters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.office import office_today, office_zone
from db.store import open_database
from tests.cli.test_clock_behind_cli import REFUSAL, WARNING, _open_days
from tests.conftest import TEST_KEY
from tests.core.test_clock_behind import built_ahead, work_recorded_at

REASON = "The front desk PC's date was typed a month ahead; this clock checked by phone."
CONFIRMED = {
    "en": "Confirmed this computer's clock right ({now}): the office's last work, recorded at "
    "{last}, was dated by a computer whose clock was ahead.",
    "zh_CN": "已确认本机时钟无误（{now}）：营业部最近一次记录于 {last} 的工作",
}


@pytest.fixture
def env(monkeypatch, demo_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _built_ahead(path: str) -> tuple[dt.date, dt.date, str]:
    """The queue built two days ahead: (that day, today, the last work on the office's clock)."""
    database = open_database(Path(path), TEST_KEY)
    try:
        built = built_ahead(database)
        with database.sessions() as s:
            from app.clock_behind import latest_work

            last = latest_work(s)
            assert last is not None
            shown = last.astimezone(office_zone(s)).strftime("%Y-%m-%d %H:%M")
            return built, office_today(s), shown
    finally:
        database.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_admin_confirms_and_the_queue_is_rebuilt_as_of_today(env, cli, lang) -> None:  # type: ignore[no-untyped-def]
    built, today, last = _built_ahead(env[1])
    code, _out, err = cli("--lang", lang, *env, "queue", "--rebuild")
    assert code != 0 and REFUSAL[lang].format(date=today, built=built) in err
    code, out, err = cli(
        "--lang", lang, *env, "db", "confirm-clock", "--reason", REASON, "--user", "admin"
    )
    assert code == 0, err
    assert "clock" not in err.lower() and "时钟" not in err  # not warned: this answers it
    head, tail = CONFIRMED[lang].split("{now}")
    assert out.startswith(head) and tail.format(last=last) in out
    # Later commands are not warned, and the queue is rebuilt as of today.
    code, out, err = cli("--lang", lang, *env, "queue", "--rebuild", "--limit", "1")
    assert code == 0, err
    assert WARNING[lang] not in err
    assert _open_days(env[1]) == {today}


def test_json_names_both_times(env, cli) -> None:  # type: ignore[no-untyped-def]
    _built_ahead(env[1])
    args = ("db", "confirm-clock", "--reason", REASON, "--user", "admin", "--json")
    code, out, err = cli(*env, *args)
    assert code == 0, err
    done = json.loads(out)
    last = dt.datetime.fromisoformat(done["last_work"])
    computer = dt.datetime.fromisoformat(done["computer"])
    assert last - computer > dt.timedelta(days=1)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_supervisor_is_refused(env, cli, lang) -> None:  # type: ignore[no-untyped-def]
    built, _today, _last = _built_ahead(env[1])
    code, out, err = cli("--lang", lang, *env, "db", "confirm-clock", "--reason", REASON)
    assert code == 1 and not out
    said = {
        "en": "may not confirm this computer's clock is right; ask an admin",
        "zh_CN": "确认本机时钟无误",
    }
    assert said[lang] in err
    assert _open_days(env[1]) == {built}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_clock_not_behind_is_not_confirmed(env, cli, lang) -> None:  # type: ignore[no-untyped-def]
    args = ("db", "confirm-clock", "--reason", REASON, "--user", "admin")
    code, out, err = cli("--lang", lang, *env, *args)
    assert code == 1 and not out
    said = {
        "en": "This computer's clock is not earlier than the office's last recorded work: there "
        "is nothing to confirm.",
        "zh_CN": "本机时钟并不早于营业部最近一次记录工作的时间，无需确认。",
    }
    assert said[lang] in err


def test_a_short_reason_is_refused(env, cli) -> None:  # type: ignore[no-untyped-def]
    database = open_database(Path(env[1]), TEST_KEY)
    try:
        work_recorded_at(database, dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    finally:
        database.close()
    code, out, err = cli(*env, "db", "confirm-clock", "--reason", "ok", "--user", "admin")
    assert code == 1 and not out and "at least 10 characters" in err
    code, _out, err = cli(*env, "queue", "--limit", "1")
    assert WARNING["en"] in err  # still warned: nothing was confirmed
