"""`casedesk visit checkin` inside the borrower's quiet hours is refused (exit 1), naming the
earliest allowed time, in English and Chinese (QA15: 06:39 in Chicago was taken)."""

from __future__ import annotations

from pathlib import Path

from db.store import open_database
from tests.cli.test_visit_cli import env  # noqa: F401 (a fixture)
from tests.conftest import TEST_KEY
from tests.core.test_visit_check_in_quiet import at_night
from tests.core.visit_office import case_nos


def test_checkin_in_quiet_hours_is_refused(cli, env) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    database = open_database(Path(env[1]), TEST_KEY)
    try:
        number = at_night(database, case_nos(database)[0])
    finally:
        database.close()
    code, _, err = cli("visit", "checkin", number, *env)
    assert code == 1 and "is within quiet hours (22:00–08:00); check in no earlier than" in err
    code, _, err = cli("visit", "checkin", number, "--lang", "zh_CN", *env)
    assert code == 1 and "签到时间不早于" in err
