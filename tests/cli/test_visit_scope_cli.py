"""`casedesk visit list` as an agent: the visits on their own cases that other agents go on are
listed with those they are on the team of, and the JSON names each case's agent."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TEST_KEY
from tests.core.visit_office import (
    PASSWORD,
    book,
    case_nos,
    slot,
    verified_visit,
    visit_office_path,
)


@pytest.fixture
def env(monkeypatch, template_db, tmp_path):
    """agent01's case, visited by agent02 and agent03 only."""
    from db.store import open_database

    path = visit_office_path(template_db, tmp_path)
    database = open_database(path, TEST_KEY)
    try:
        number = verified_visit(database, case_nos(database)[0])
        assert book(database, number, agents=("agent02", "agent03"), start=slot(10)).saved
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    return ["--db", str(path)], number


def _listed(cli, monkeypatch, env, username: str, *more: str):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_USER", username)
    code, out, err = cli("visit", "list", *more, *env[0])
    assert code == 0, err
    return out


def test_the_case_agent_lists_a_visit_others_go_on(cli, monkeypatch, env):
    number = env[1]
    (row,) = json.loads(_listed(cli, monkeypatch, env, "agent01", "--json"))["visits"]
    assert row["visit_no"] == number and row["agents"] == ["agent02", "agent03"]
    assert row["case_agent"] == "agent01"
    text = _listed(cli, monkeypatch, env, "agent01", "--date", slot(10).date().isoformat())
    assert number in text and "李强, 赵敏" in text  # agent02 and agent03, by display name
    # Its team lists it too; an agent neither on the case nor on the team does not.
    (row,) = json.loads(_listed(cli, monkeypatch, env, "agent03", "--json"))["visits"]
    assert row["visit_no"] == number and row["case_agent"] == "agent01"
    assert json.loads(_listed(cli, monkeypatch, env, "agent04", "--json"))["visits"] == []
