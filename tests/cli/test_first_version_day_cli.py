"""`casedesk init` then `rules show`: the first rule-set version is in force from the office's
today, not the shipped file's date (QA s47 M #7; the core's test is
tests/compliance/test_first_version_day.py, whose two offices' days always differ)."""

from __future__ import annotations

import datetime as dt
import json

from tests.compliance.test_first_version_day import ZONES, _days
from tests.conftest import TEST_KEY


def test_init_then_rules_show_says_the_offices_day(  # type: ignore[no-untyped-def]
    cli, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "Kestrel-42")
    for zone in ZONES:
        path = tmp_path / f"{zone.split('/')[1]}.db"
        days = _days(zone)
        code, _out, err = cli("init", "--db", path, "--admin", "boss", "--timezone", zone)
        assert code == 0, err
        code, out, err = cli("rules", "show", "--json", "--user", "boss", "--db", path)
        assert code == 0, err
        days |= _days(zone)
        assert dt.date.fromisoformat(json.loads(out)["effective_on"]) in days, zone
        code, out, err = cli("--lang", "zh_CN", "rules", "show", "--user", "boss", "--db", path)
        said = out.splitlines()[0]
        assert any(f"自 {day.isoformat()} 起生效" in said for day in days), said
