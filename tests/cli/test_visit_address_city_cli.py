"""`casedesk visit show` and `casedesk borrower reveal … addresses` write the whole address:
line, city, state and ZIP code in a US office (QA15 saw "455 W Oak St Apt 3B, 60610")."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.models import Address, Borrower
from tests.conftest import TEST_KEY
from tests.core.visit_office import PASSWORD, visit_office_path

WHOLE = "455 W Oak St Apt 3B, Chicago, IL 60610"


@pytest.fixture
def env(monkeypatch, template_db, tmp_path):
    from db.store import open_database

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    path = visit_office_path(template_db, tmp_path)
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            borrower = s.scalar(select(Borrower).where(Borrower.borrower_no == "B00001"))
            home = s.scalar(select(Address).where(Address.borrower_id == borrower.id))
            home.line, home.city, home.province, home.postcode = (
                "455 W Oak St Apt 3B",
                "Chicago",
                "IL",
                "60610",
            )
    finally:
        database.close()
    return ["--db", str(path)]


def test_a_us_office_shows_and_reveals_the_city_and_state(cli, env, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    code, _out, err = cli("rules", "use", "us", *env)
    assert code == 0, err
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    code, out, err = cli("queue", "--json", *env)
    assert code == 0, err
    case_no = min((c["loan_no"], c["case_no"]) for c in json.loads(out)["cases"])[1]
    code, out, err = cli("visit", "request", case_no, *env)
    assert code == 0, err
    number = out.split()[1]
    code, out, err = cli("visit", "show", number, *env)
    assert code == 0, err
    assert f"Address: {WHOLE}\n" in out
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    code, out, err = cli(
        "borrower", "reveal", "B00001", "addresses", "--reason", "Planning the route", *env
    )
    assert code == 0, err
    assert out.strip() == WHOLE
