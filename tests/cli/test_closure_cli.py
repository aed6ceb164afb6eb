"""`casedesk case legal|recall|write-off|reinstate` on a copy of the demo office: the decisions,
the reinstated loan's new case back with its trained agent, the refusals (exit 1, nothing
changed), Chinese output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.agreements.common import IN_FORCE, IN_PROGRESS
from app.loans.closure import CANDIDATE_DPD
from app.models import Agreement, AuditEntry, Case, CaseStatus, Loan, LoanStatus, User, Visit
from app.reporting.period import office_today
from app.training import WorkKind, office_training
from app.visits.common import OPEN
from db.store import open_database
from tests.conftest import TEST_KEY


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _free_case(path: Path, *, candidate: bool = True) -> tuple[str, str, str]:
    """(case, loan, agent's display name) of an open case on an active loan with nothing open
    on it, held by an agent trained for phone and field work; a write-off candidate (181 days
    past due and more), or (not `candidate`) one fewer than 181 days past due."""
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            trained = [
                t.agent_id
                for t in office_training(s, office_today(s))
                if t.qualified(WorkKind.PHONE) and t.qualified(WorkKind.FIELD)
            ]
            busy = select(Agreement.case_id).where(Agreement.status.in_(IN_PROGRESS + IN_FORCE))
            visiting = select(Visit.case_id).where(Visit.status.in_(OPEN))
            case_no, loan_no, agent = s.execute(
                select(Case.case_no, Loan.loan_no, User.display_name)
                .join(Loan, Loan.id == Case.loan_id)
                .join(User, User.id == Case.assigned_agent_id)
                .where(
                    Case.status != CaseStatus.CLOSED,
                    Loan.status == LoanStatus.ACTIVE,
                    Case.assigned_agent_id.in_(trained),
                    Case.id.not_in(busy),
                    Case.id.not_in(visiting),
                    (Case.dpd >= CANDIDATE_DPD) if candidate else Case.dpd < CANDIDATE_DPD,
                )
                .order_by(Case.id)
                .limit(1)
            ).one()
            return case_no, loan_no, agent
    finally:
        database.close()


def _stored(path: Path, loan_no: str) -> tuple[LoanStatus, list[str]]:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            loan = s.scalar(select(Loan).where(Loan.loan_no == loan_no))
            actions = s.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity == "loan", AuditEntry.entity_id == loan_no)
                .order_by(AuditEntry.id)
            ).all()
            return loan.status, [a for a in actions if a != "loan.book"]
    finally:
        database.close()


def test_legal_recall_write_off_and_reinstate(office: Path, cli) -> None:
    case_no, loan_no, agent = _free_case(office)
    sup = ["--db", office, "--user", "supervisor"]
    code, out, err = cli("case", "legal", case_no, "--reason", "委托律师事务所起诉", *sup)
    assert code == 0, err
    assert out.startswith(f"Loan {loan_no} sent to legal (") and "stays open as legal" in out
    code, out, _ = cli("case", "show", case_no, "--json", *sup)
    assert json.loads(out)["status"] == "legal"
    code, out, err = cli(
        "--lang", "zh_CN", "case", "recall", case_no, "--reason", "撤诉，借款人主动协商", *sup
    )
    assert code == 0 and out.strip() == f"贷款 {loan_no} 已撤回法务；案件 {case_no} 恢复催收。"
    code, out, err = cli("case", "write-off", case_no, "--reason", "无可执行财产", "--json", *sup)
    assert code == 0, err
    written = json.loads(out)
    assert written["decision"] == "write_off" and written["case_no"] == case_no
    assert written["outstanding"] > 0
    code, out, err = cli(
        "case", "reinstate", case_no, "--reason", "核销有误，恢复催收", "--json", *sup
    )
    assert code == 0, err
    back = json.loads(out)
    # A new case for the loan, back with the agent who had it (trained, active).
    assert back["case_no"] != case_no and back["agent"] == agent
    assert _stored(office, loan_no) == (
        LoanStatus.ACTIVE,
        ["loan.legal", "loan.recall", "loan.write_off", "loan.reinstate"],
    )
    code, out, _ = cli("case", "show", back["case_no"], "--json", *sup)
    assert json.loads(out)["agent"] == agent


def test_refusals_exit_1_and_change_nothing(office: Path, cli) -> None:
    case_no, loan_no, _agent = _free_case(office)
    sup = ["--db", office, "--user", "supervisor"]
    code, _, err = cli(
        "case",
        "write-off",
        case_no,
        "--reason",
        "借款人失联，无可执行财产",
        "--user",
        "agent01",
        "--db",
        office,
    )
    assert code == 1 and "may not send loans to legal" in err
    code, _, err = cli("case", "legal", case_no, *sup)
    assert code == 2  # --reason is required
    code, _, err = cli(
        "case",
        "write-off",
        case_no,
        "--reason",
        "借款人失联，无可执行财产",
        "--on",
        "2099-01-01",
        *sup,
    )
    assert code == 1 and "in the future" in err
    code, _, err = cli("case", "reinstate", case_no, "--reason", "借款人失联，无可执行财产", *sup)
    assert code == 1 and '"Reinstate the written-off loan" is not open' in err
    code, _, err = cli(
        "--lang", "zh_CN", "case", "recall", case_no, "--reason", "借款人失联，无可执行财产", *sup
    )
    assert code == 1 and "不能“撤回法务”" in err
    assert _stored(office, loan_no) == (LoanStatus.ACTIVE, [])
    # A supervisor's decision says why as fully as an override does (app/reasons.py).
    code, _, err = cli("case", "write-off", case_no, "--reason", "lost", *sup)
    assert code == 1 and "Write a reason of at least 10 characters" in err
    code, out, _ = cli("case", "write-off", "--help")
    assert "at least 10 characters" in out
    assert _stored(office, loan_no) == (LoanStatus.ACTIVE, [])


def test_case_show_of_a_written_off_case_says_what_the_loan_still_owes(office: Path, cli) -> None:
    """Not "0 days past due (—), overdue 0.00" on a debt still owed: the case page's words."""
    case_no, _loan_no, _agent = _free_case(office)
    sup = ["--db", office, "--user", "supervisor"]
    code, out, err = cli("case", "write-off", case_no, "--reason", "无可执行财产", "--json", *sup)
    assert code == 0, err
    owed = json.loads(out)["outstanding"]
    code, out, err = cli("case", "show", case_no, *sup)
    assert code == 0, err
    first, _loan, figures = out.splitlines()[:3]
    assert first.startswith(f"{case_no}  Closed — Written off  ")
    assert figures == f"Written off; the loan still owes {owed // 100:,}.{owed % 100:02d}."
    code, out, err = cli("--lang", "zh_CN", "case", "show", case_no, *sup)
    assert out.splitlines()[2] == f"已核销；该贷款尚欠 {owed // 100:,}.{owed % 100:02d}。"


def test_an_early_write_off_needs_early(office: Path, cli) -> None:
    """A loan fewer than 181 days past due: refused without --early (exit 1, nothing written),
    written off with it."""
    case_no, loan_no, _agent = _free_case(office, candidate=False)
    sup = ["--db", office, "--user", "supervisor"]
    code, _, err = cli("case", "write-off", case_no, "--reason", "借款人身故", *sup)
    assert code == 1 and "To write it off earlier, add --early." in err  # not the window's words
    assert "confirm" not in err
    code, _, err = cli(
        "--lang",
        "zh_CN",
        "case",
        "write-off",
        case_no,
        "--reason",
        "借款人失联，无可执行财产",
        *sup,
    )
    assert code == 1 and "请加上 --early" in err
    assert _stored(office, loan_no) == (LoanStatus.ACTIVE, [])
    code, out, err = cli("case", "write-off", case_no, "--reason", "借款人身故", "--early", *sup)
    assert code == 0, err
    assert _stored(office, loan_no) == (LoanStatus.WRITTEN_OFF, ["loan.write_off"])
