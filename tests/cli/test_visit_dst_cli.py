"""`casedesk visit book` and `visit list` on an office whose clocks go back (tests/core/
dst_night.py): the booking repeats the start it saved on the office's clock, and the list shows
the second reading of the repeated hour with its zone, not as the first."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.models import Office
from tests.cli.test_visit_cli import CONSENT, _cases, _verified
from tests.conftest import TEST_KEY
from tests.core.dst_night import repeated_start
from tests.core.visit_office import PASSWORD, visit_office_path

FIRST = repeated_start()
SECOND = FIRST.replace(fold=1)  # an hour after the first reading
ZONE = str(FIRST.tzinfo)


@pytest.fixture
def env(monkeypatch, template_db, tmp_path):
    from db.store import open_database

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    path = visit_office_path(template_db, tmp_path)
    database = open_database(path, TEST_KEY)
    with database.session() as s:
        s.scalar(select(Office)).timezone = ZONE
    database.close()
    return ["--db", str(path)]


def test_book_repeats_the_start_and_list_names_the_second_reading(cli, env) -> None:
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    at = SECOND.astimezone(dt.timezone(SECOND.utcoffset() or dt.timedelta())).isoformat()
    quiet = ("--quiet-agreed-by", "张伟", "--quiet-agreed-how", "电话中本人同意")
    code, out, err = cli(
        "visit", "book", case_no, "--agents", "agent01,agent02", "--at", at, *CONSENT, *quiet, *env
    )
    assert code == 0, out + err
    first, second = f"{FIRST:%Z}", f"{SECOND:%Z}"  # EDT, EST (or AEDT, AEST)
    day, time = f"{FIRST:%Y-%m-%d}", f"{FIRST:%H:%M}"
    assert f"Visit {number} booked for {day} {time} {second} (office time, {ZONE})." in out
    code, out, _ = cli("visit", "list", *env)
    assert code == 0
    (line,) = [line for line in out.splitlines() if number in line]
    end = SECOND.astimezone(dt.UTC) + dt.timedelta(hours=1)
    assert f"{day} {time} {second} – {end.astimezone(FIRST.tzinfo):%H:%M}" in line
    assert first not in line
