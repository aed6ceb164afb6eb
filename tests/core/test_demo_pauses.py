"""The demo office's contacts keep to its complaints' pauses, as the office's would (found by QA:
a 2,000-loan demo held about 22 calls, texts and letters saved as allowed while an open complaint
paused contact on their case, which the rule case_paused blocks). Read straight from the tables:
no contact is saved inside a pause; a try the pause refused is a blocked attempt with the rule's
words; the promises and last contacts left agree with the contacts left (a visit's line among
them, as the queue reads a case's last contact)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.demo import build_demo
from db.store import Database, open_database
from tests.conftest import TEST_KEY

AS_OF = dt.date(2026, 11, 20)
BUILT = dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.UTC)  # the next morning: the as-of day is past

# A complaint's pause on its case, as the office reads it (app/compliance/back_dated.py): from
# its recording until its pause is lifted, or for good while it is open and not lifted. A time
# given to the minute stands for its whole minute there, so the window is widened by a minute
# on the recording side: a saved contact must not fall in either reading.
IN_PAUSE = """
    k.case_id = {row}.case_id AND k.pauses_contact
    AND julianday(k.created_at) <= julianday({row}.at, '+1 minute')
    AND (
        (k.pause_lifted_at IS NOT NULL AND julianday(k.pause_lifted_at) > julianday({row}.at))
        OR (k.pause_lifted_at IS NULL AND k.status IN ('OPEN', 'INVESTIGATING'))
    )
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path: Path = tmp_path_factory.mktemp("pauses") / "demo.db"
    database = open_database(path, TEST_KEY, create=True)
    build_demo(database, loans=300, seed=7, as_of=AS_OF, now=BUILT)
    yield database
    database.close()


def test_no_contact_is_saved_while_a_complaint_pauses_its_case(demo: Database) -> None:
    with demo.sessions() as s:
        assert s.execute(text("SELECT count(*) FROM complaint")).scalar_one()
        inside = s.execute(
            text(
                "SELECT a.id, a.channel, a.verdict, a.at FROM contact_attempt a WHERE EXISTS "
                f"(SELECT 1 FROM complaint k WHERE {IN_PAUSE.format(row='a')})"
            )
        ).all()
        assert inside == []


def test_a_try_the_pause_refused_is_kept_as_the_rule_blocked_it(demo: Database) -> None:
    with demo.sessions() as s:
        blocked = s.execute(
            text(
                "SELECT b.id, b.channel, b.party, b.action, b.findings, b.ruleset_version_id, "
                f"EXISTS (SELECT 1 FROM complaint k WHERE {IN_PAUSE.format(row='b')}) "
                "FROM blocked_attempt b WHERE b.findings LIKE '%case_paused%'"
            )
        ).all()
        assert blocked  # the demo shows such a block (its compliance report lists them)
        version = s.execute(text("SELECT max(id) FROM ruleset_version")).scalar_one()
        for row_id, channel, party, action, findings, ruleset, inside in blocked:
            assert inside, row_id  # only where the pause held
            assert channel in ("CALL", "SMS", "LETTER") and party == "BORROWER", row_id
            assert action is None and ruleset == version, row_id
            assert '"rule": "case_paused"' in findings and '"severity": "blocked"' in findings
            assert "Contact on this case is paused while a complaint is open." in findings


def test_promises_and_last_contacts_follow_the_contacts_left(demo: Database) -> None:
    with demo.sessions() as s:
        orphans = s.execute(
            text(
                "SELECT p.id FROM promise p LEFT JOIN contact_attempt a "
                "ON a.id = p.contact_attempt_id "
                "WHERE p.contact_attempt_id IS NOT NULL AND a.id IS NULL"
            )
        ).all()
        assert orphans == []
        wrong = s.execute(
            text(
                'SELECT c.id, c.last_contact_at, m.last FROM "case" c LEFT JOIN '
                "(SELECT case_id, max(at) AS last FROM contact_attempt "
                "GROUP BY case_id) m ON m.case_id = c.id "
                "WHERE c.last_contact_at IS NOT m.last"
            )
        ).all()
        assert wrong == []
