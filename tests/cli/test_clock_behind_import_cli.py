"""`casedesk import payments` while this computer's clock is behind (QA s46 K-2): the payments
are imported, but the queue is not rebuilt as of an earlier day than it was built for; the
reason `queue --rebuild` gives is said on stderr, and the exit is 0 (the import stands, as a
rebuild that cannot run after `db upgrade` is said and the command goes on). English and
Chinese. The office's last work is put two days after this moment: no hour or day matters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.office import office_today
from db.store import open_database
from tests.cli.test_clock_behind_cli import REFUSAL
from tests.conftest import TEST_KEY
from tests.core.test_clock_behind import built_ahead
from tests.core.test_clock_behind_import import open_days, payments_file, rebuilds


@pytest.fixture
def env(monkeypatch, demo_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _behind(path: str, folder: Path):  # type: ignore[no-untyped-def]
    database = open_database(Path(path), TEST_KEY)
    try:
        built = built_ahead(database)
        with database.sessions() as s:
            today = office_today(s)
        return built, today, rebuilds(database), payments_file(database, folder)
    finally:
        database.close()


def _after(path: str) -> tuple[int, set]:
    database = open_database(Path(path), TEST_KEY)
    try:
        return rebuilds(database), open_days(database)
    finally:
        database.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_import_rebuild_waits_for_the_clock(env, cli, tmp_path, lang) -> None:  # type: ignore[no-untyped-def]
    built, today, before, pays = _behind(env[1], tmp_path)
    code, out, err = cli("--lang", lang, *env, "import", "payments", pays, "--rebuild")
    assert code == 0, err
    assert ("Imported 1 new payment" if lang == "en" else "1") in out
    said = REFUSAL[lang].format(date=today.isoformat(), built=built.isoformat())
    assert said in err and said not in out
    assert _after(env[1]) == (before, {built})  # nothing rebuilt, no case closed as of today


def test_the_json_says_the_queue_waits(env, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    built, today, before, pays = _behind(env[1], tmp_path)
    code, out, err = cli(*env, "import", "payments", pays, "--json")  # rebuilt by default
    assert code == 0, err
    report = json.loads(out)
    assert report["imported"] and report["queue_waits"]
    said = REFUSAL["en"].format(date=today.isoformat(), built=built.isoformat())
    assert report["queue"].startswith(said) and said in err
    assert _after(env[1]) == (before, {built})
