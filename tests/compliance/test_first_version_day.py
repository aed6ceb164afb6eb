"""The first rule-set version an office stores (`casedesk init`, the first-run wizard, the demo:
app.office.create_office) is in force from the office's today, as every later version is (QA s47
M #7: it said the shipped file's date, the day before the office's at 06:49 in Shanghai).

Two offices, at UTC+14 and UTC−11: their days always differ, so a date not taken from each
office's own clock is wrong for at least one of them, at whatever hour the tests run."""

from __future__ import annotations

import datetime as dt
import shutil
import zoneinfo
from pathlib import Path

from sqlalchemy import select

from app.models import RuleSetVersion
from tests.conftest import TEST_KEY

ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")


def _days(zone: str) -> set[dt.date]:
    """The office's today now (asked before and after: a run may cross its midnight)."""
    return {dt.datetime.now(zoneinfo.ZoneInfo(zone)).date()}


def test_a_new_offices_first_version_is_in_force_from_its_today(template_db, tmp_path) -> None:
    from app.compliance import active_ruleset
    from app.office import create_office
    from db.store import open_database

    for zone in ZONES:
        path = Path(shutil.copyfile(template_db, tmp_path / f"{zone.split('/')[1]}.db"))
        database = open_database(path, TEST_KEY)
        try:
            days = _days(zone)
            with database.session() as s:
                create_office(
                    s, name="Office", admin_username="admin", admin_password="pw-admin",
                    timezone=zone,
                )  # fmt: skip
            days |= _days(zone)
            with database.sessions() as s:
                row = s.scalar(select(RuleSetVersion))
                assert row is not None and row.effective_on in days, zone
                assert active_ruleset(s)[0].effective_on == row.effective_on  # its text says so
        finally:
            database.close()
