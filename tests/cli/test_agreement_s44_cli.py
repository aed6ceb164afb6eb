"""QA s44's smaller agreement findings through `casedesk` on a copy of the demo office: a visit's
team agent whose case it is not is told who drafts it (#4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.models import (
    Agreement,
    Case,
    CaseStatus,
    Loan,
    LoanStatus,
    User,
    Visit,
    VisitAgent,
    VisitStatus,
)
from db.store import open_database
from tests.cli.test_agreement_cli import BUSY, _today, checked_out_days_ago
from tests.cli.test_agreement_cli import office as office  # the demo copy, its key and password
from tests.conftest import TEST_KEY


def _team_visit(path: Path) -> tuple[str, str, str, str]:
    """(visit no, case no, team agent, the case's agent's name) of a completed visit on an open
    case with no agreement in progress, one of whose team is not the case's agent."""
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            busy = select(Agreement.case_id).where(Agreement.status.in_(BUSY))
            holder = aliased(User)
            row = s.execute(
                select(Visit.visit_no, Case.case_no, User.username, holder.display_name)
                .join(Case, Case.id == Visit.case_id)
                .join(holder, holder.id == Case.assigned_agent_id)
                .join(Loan, Loan.id == Case.loan_id)
                .join(VisitAgent, VisitAgent.visit_id == Visit.id)
                .join(User, User.id == VisitAgent.agent_id)
                .where(
                    Visit.status == VisitStatus.COMPLETED,
                    Case.status != CaseStatus.CLOSED,
                    Loan.status == LoanStatus.ACTIVE,
                    Case.id.not_in(busy),
                    Case.assigned_agent_id.is_not(None),
                    VisitAgent.agent_id != Case.assigned_agent_id,
                    User.role == "agent",
                )
                .order_by(Visit.id)
                .limit(1)
            ).one()
            return row[0], row[1], row[2], row[3]
    finally:
        database.close()


def test_a_team_agent_drafting_from_a_visit_is_told_who_drafts_it(office: Path, cli) -> None:
    visit_no, case_no, agent, holder = _team_visit(office)
    checked_out_days_ago(office, visit_no, 1)
    start = (_today() + dt.timedelta(days=10)).isoformat()
    args = ("agreement", "draft", case_no, "--instalments", "3", "--start", start,
            "--visit", visit_no, "--db", office, "--user", agent)  # fmt: skip
    code, _, err = cli(*args)
    assert code == 1
    assert f"Case {case_no} is {holder}'s: {holder} drafts the agreement" in err, err
    assert "may open only" not in err
    code, _, err = cli("--lang", "zh_CN", *args)
    assert code == 1 and f"案件 {case_no} 由 {holder} 负责：请 {holder} 在案件页" in err, err
    assert "只能打开" not in err
