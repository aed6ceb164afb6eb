"""A small demo office shows what a supervisor trying the product looks for: a case in Agreement
breached (a signed plan that fell due unpaid, nothing done since), and its agents' contact work in
the audit trail as `log_contact` writes it."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.audit import verify_chain
from app.demo import build_demo
from app.demo.contact_trail import TRAIL_DAYS
from app.models import (
    Agreement,
    AgreementStatus,
    AuditEntry,
    Case,
    CaseStatus,
    Channel,
    ContactAttempt,
    User,
    VerdictKind,
)
from db.store import Database, open_database
from tests.conftest import TEST_KEY

AS_OF = dt.date(2026, 3, 15)


@pytest.fixture(scope="module", params=[(300, 7), (200, 3)], ids=["300-seed7", "200-seed3"])
def small_demo(
    request: pytest.FixtureRequest, template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    loans, seed = request.param
    path = tmp_path_factory.mktemp("every-state") / "demo.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, TEST_KEY)
    build_demo(database, loans=loans, seed=seed, as_of=AS_OF)
    yield database
    database.close()


def test_a_case_shows_its_breached_agreement(small_demo: Database) -> None:
    with small_demo.session() as s:
        rows = s.execute(
            select(Case.case_no, Agreement.agreement_no, Agreement.status)
            .join(Agreement, Agreement.case_id == Case.id)
            .where(Case.status == CaseStatus.AGREEMENT_BREACHED)
        ).all()
        assert rows and AgreementStatus.BREACHED in {status for *_, status in rows}
        numbers = {number for _, number, status in rows if status is AgreementStatus.BREACHED}
        made = {  # drafted, approved, signed and judged breached, each in the trail
            (e.action, e.entity_id)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "agreement"))
        }
        for number in numbers:
            for action in ("draft", "approve", "sign", "breached"):
                assert (f"agreement.{action}", number) in made


def test_the_contacts_are_in_the_audit_trail(small_demo: Database) -> None:
    """The trail's days' calls, SMS and letters and every flagged one, each by its agent."""
    since = dt.datetime.combine(AS_OF - dt.timedelta(days=TRAIL_DAYS - 2), dt.time(), dt.UTC)
    with small_demo.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "contact.log")).all()
        logged = {(e.entity_id, e.user_id, e.at) for e in entries}
        c = ContactAttempt
        wanted = s.execute(
            select(Case.case_no, c.agent_id, c.at, c.verdict)
            .join(Case, Case.id == c.case_id)
            .where(c.channel != Channel.VISIT)
            .where((c.at >= since) | (c.verdict != VerdictKind.ALLOWED))
        ).all()
        assert wanted and len(entries) >= len(wanted)
        assert all((case_no, agent, at) in logged for case_no, agent, at, _ in wanted)
        overridden = {e.changes["override_by"] for e in entries if e.changes}
        supervisors = set(s.scalars(select(User.username).where(User.role == "supervisor")))
        if any(v is VerdictKind.NEEDS_OVERRIDE for *_, v in wanted):
            assert overridden & supervisors
        assert verify_chain(s).intact
