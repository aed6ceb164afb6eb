"""`casedesk export compliance` gives an agent the part of the compliance log their page shows:
what they did, and what the supervisor overrode on their cases, never another agent's case's
flags (app/queries/compliance_log.py own_entry)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_KEY
from tests.core.visit_office import PASSWORD
from tests.core.visit_overrides import WHY_BOOK, WHY_MOVE, overridden_office


@pytest.fixture
def office(template_db: Path, tmp_path: Path) -> Iterator[tuple[Any, Path, list[str]]]:
    database, path, cases = overridden_office(template_db, tmp_path)
    database.close()
    yield database, path, cases


def test_the_cli_export_gives_an_agent_the_same_part_of_the_log(
    office, cli, monkeypatch, tmp_path: Path
) -> None:
    _database, path, cases = office
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    found = {}
    for who in ("agent01", "agent02"):
        monkeypatch.setenv("CASEDESK_USER", who)
        out = tmp_path / f"{who}.csv"
        code, _out, err = cli("--db", path, "export", "compliance", out)
        assert code == 0, err
        with open(out, encoding="utf-8-sig", newline="") as handle:
            found[who] = list(csv.reader(handle))[1:]
    assert sorted(row[1] for row in found["agent01"]) == [cases[0], cases[0]]
    assert {row[10] for row in found["agent01"]} == {WHY_BOOK, WHY_MOVE}
    assert [row[1] for row in found["agent02"]] == [cases[1]]
