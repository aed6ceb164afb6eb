"""`casedesk contact log|check` of a call or SMS to a borrower with no number on file: refused,
exit 1, saying to record one first (`borrower phone`), nothing recorded (QA16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import ContactAttempt
from db.store import open_database
from tests.cli.conftest import agents_office
from tests.conftest import TEST_KEY
from tests.core.sms_office import build_uk_case, yesterday


def _build(database) -> str:  # type: ignore[no-untyped-def]
    with database.session() as s:
        return build_uk_case(s, phones=False)


@pytest.fixture
def phoneless(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    return agents_office(template_db, tmp_path, monkeypatch, _build)


@pytest.mark.parametrize("command", ["log", "check"])
@pytest.mark.parametrize(("channel", "outcome"), [("sms", "delivered"), ("call", "connected")])
def test_a_contact_with_no_number_is_refused(cli, phoneless, command, channel, outcome) -> None:
    path, case_no = phoneless
    at = yesterday(11).isoformat()
    code, out, err = cli("contact", command, case_no, "--channel", channel, "--party", "borrower",
                         "--outcome", outcome, "--at", at, "--db", str(path))  # fmt: skip
    assert code == 1, out
    assert "The borrower has no phone number on file: record one first" in err
    assert "casedesk borrower phone" in err
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 0
    finally:
        database.close()
