"""The demo's loans in legal carry their decision (QA s45 #4): a supervisor's "loan.legal" audit
entry on each, as `case legal` writes one — the reason (as the demo's other history, before
sealing), the case, what was still owed — dated after the case's last contact and before the
build; `case show` and `audit list --case` name it, in English and Chinese. Built on a fixed day
and moment."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.demo import build_demo
from app.demo.legal_trail import LEGAL_REASONS
from app.loans.closure_trail import decisions_of
from app.models import AuditEntry, Case, CaseStatus, ContactAttempt, User
from app.roles import Role
from db.store import open_database
from tests.conftest import DEMO_LOANS, DEMO_SEED, TEST_KEY

AS_OF = dt.date(2026, 12, 6)
NOON = dt.datetime(2026, 12, 6, 4, tzinfo=dt.UTC)  # 12:00 on 6 December in Shanghai


@pytest.fixture(scope="module")
def built(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("legal_demo") / "demo.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, TEST_KEY)
    try:
        build_demo(database, loans=DEMO_LOANS, seed=DEMO_SEED, as_of=AS_OF, now=NOON)
    finally:
        database.close()
    return path


def test_each_demo_loan_in_legal_has_its_decision(built: Path) -> None:
    database = open_database(built, TEST_KEY)
    try:
        with database.sessions() as s:
            cases = s.scalars(select(Case).where(Case.status == CaseStatus.LEGAL)).all()
            assert cases
            for case in cases:
                [(at, action, who, changes)] = decisions_of(s, case)
                assert action == "loan.legal" and changes["case"] == case.case_no
                assert changes["reason"] in LEGAL_REASONS and changes["outstanding"] > 0
                assert s.get_one(User, who).role is Role.SUPERVISOR
                last = s.scalar(
                    select(func.max(ContactAttempt.at)).where(ContactAttempt.case_id == case.id)
                )
                at = at.replace(tzinfo=at.tzinfo or dt.UTC)
                assert at <= NOON and (last is None or last.replace(tzinfo=dt.UTC) < at)
                stored = s.scalar(
                    select(AuditEntry.changes).where(
                        AuditEntry.action == "loan.legal", AuditEntry.entity_id == case.loan.loan_no
                    )
                )
                assert stored["reason"] == changes["reason"]  # as the demo's other history
                # kept on the loan, as `decide` keeps it: contacts are judged by it (QA s46)
                legal_at = case.loan.legal_at
                assert legal_at is not None and case.loan.legal_ended_at is None
                assert legal_at.replace(tzinfo=legal_at.tzinfo or dt.UTC) == at
    finally:
        database.close()


def test_case_show_and_the_audit_list_name_it(built: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    database = open_database(built, TEST_KEY)
    try:
        with database.sessions() as s:
            case_no = s.scalar(
                select(Case.case_no).where(Case.status == CaseStatus.LEGAL).order_by(Case.id)
            )
    finally:
        database.close()
    db = ["--db", str(built)]
    code, out, err = cli("case", "show", case_no, *db)
    assert code == 0, err
    assert "Loan sent to legal" in out and any(r in out for r in LEGAL_REASONS), out
    code, out, err = cli("--lang", "zh_CN", "case", "show", case_no, *db)
    assert code == 0 and "贷款转法务" in out, err
    code, out, err = cli("audit", "list", "--case", case_no, *db)
    assert code == 0 and ("loan.legal" in out or "Loan sent to legal" in out), out
