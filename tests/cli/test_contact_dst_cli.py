"""`casedesk contact log|check --at` on a night the borrower's clocks change (New York; tests/
core/dst_night.py): a time written at one the clocks skip is refused in the words the contact
dialog shows, in English and Chinese, and nothing is saved; the second reading of the hour that
comes twice is saved as written (an hour after the first)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app.models import ContactAttempt
from app.wall_clock import skipped_time
from tests.conftest import TEST_KEY
from tests.core.dst_night import last_repeated, last_skipped
from tests.core.test_contact_dst import on_the_clock
from tests.core.visit_office import PASSWORD, case_nos, visit_office_path

NEW_YORK = "America/New_York"
ZONE = zoneinfo.ZoneInfo(NEW_YORK)


def _office(template_db, tmp_path, night: dt.date):  # type: ignore[no-untyped-def]
    from db.store import open_database

    path = visit_office_path(template_db, tmp_path)
    database = open_database(path, TEST_KEY)
    on_the_clock(database, NEW_YORK, night)
    case_no = case_nos(database)[0]
    database.close()
    return path, case_no


def _saved(path) -> list[dt.datetime]:  # type: ignore[no-untyped-def]
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return [at.replace(tzinfo=dt.UTC) for at in s.scalars(select(ContactAttempt.at))]
    finally:
        database.close()


@pytest.fixture
def env(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)


CALL = ("--channel", "call", "--party", "borrower", "--outcome", "no_answer")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("command", ["log", "check"])
def test_a_time_the_borrowers_clocks_skip_is_refused(
    cli, env, template_db, tmp_path, lang: str, command: str
) -> None:
    wall = last_skipped(NEW_YORK)  # 02:30 on the night the clocks went forward
    path, case_no = _office(template_db, tmp_path, wall.date())
    at = wall.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5))).isoformat()  # 02:30-05:00
    code, out, err = cli(
        "contact", command, case_no, *CALL, "--at", at, "--db", path, "--lang", lang
    )
    refusal = skipped_time(wall, ZONE, "borrower")
    assert refusal is not None
    assert code != 0 and code != 3  # bad input, not a verdict
    assert refusal.translated(lang) in " ".join((out + err).split())
    assert _saved(path) == []


def test_the_second_reading_of_the_repeated_hour_is_saved_as_written(
    cli, env, template_db, tmp_path
) -> None:
    first = last_repeated(NEW_YORK)  # 01:30 EDT
    second = first.replace(fold=1)  # 01:30 EST
    path, case_no = _office(template_db, tmp_path, first.date())
    for at in (first, second):
        code, out, err = cli("contact", "log", case_no, *CALL, "--at", at.isoformat(), "--db", path)
        assert code == 0, out + err
    assert _saved(path) == [first.astimezone(dt.UTC), second.astimezone(dt.UTC)]


def test_help_says_a_skipped_time_is_refused() -> None:
    from tests.cli.conftest import run_casedesk

    shown = run_casedesk("contact", "log", "--help", CASEDESK_LANG="en")
    assert shown.returncode == 0, shown.stderr
    assert "a time the borrower's clocks skip" in " ".join(shown.stdout.split())
