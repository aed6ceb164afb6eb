"""`casedesk user deactivate` of an agent with open cases (found by QA): the cases stayed with
the inactive account, stranded. Now they go back to the queue unassigned, each audited, and the
command says how many and how many visits not yet over the account is on."""

from __future__ import annotations

from sqlalchemy import func, select

from app.account_handover import booked_to_come
from app.cli.main import main
from app.models import AuditEntry, Case, CaseStatus, User, Visit, VisitAgent
from db.store import open_database
from tests.conftest import TEST_KEY


def _held(demo_path, username: str) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """The agent's open case numbers and how many booked visits to come they are on."""
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            agent = s.scalar(select(User).where(User.username == username))
            assert agent is not None
            cases = list(
                s.scalars(
                    select(Case.case_no)
                    .where(Case.assigned_agent_id == agent.id, Case.status != CaseStatus.CLOSED)
                    .order_by(Case.case_no)
                )
            )
            visits = s.scalar(
                select(func.count(func.distinct(Visit.id)))
                .join(VisitAgent, VisitAgent.visit_id == Visit.id)
                .where(VisitAgent.agent_id == agent.id, *booked_to_come())
            )
    finally:
        database.close()
    return cases, int(visits or 0)


def test_deactivating_an_agent_hands_their_open_cases_back(capsys, monkeypatch, demo_path) -> None:  # type: ignore[no-untyped-def]
    cases, visits = _held(demo_path, "agent01")
    assert cases  # the demo's agent01 works cases
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    db = ["--db", str(demo_path)]
    capsys.readouterr()
    assert main(["user", "deactivate", "agent01", *db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Deactivated agent01; the account can no longer log in.\n")
    assert f"{len(cases)} open cases went back to the work queue unassigned" in out
    if visits:
        assert f"It is still on {visits} visit" in out
    assert _held(demo_path, "agent01") == ([], visits)  # visits are left for a supervisor
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            back = s.scalars(
                select(Case.case_no).where(
                    Case.case_no.in_(cases), Case.assigned_agent_id.is_(None)
                )
            ).all()
            assert sorted(back) == cases
            audited = s.execute(
                select(AuditEntry.entity_id, AuditEntry.changes).where(
                    AuditEntry.action == "case.assign", AuditEntry.entity_id.in_(cases)
                )
            ).all()
            assert sorted(e for e, c in audited if c.get("why") == "deactivated") == cases
    finally:
        database.close()
    # A supervisor places them by rule, among the agents still active.
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    assert main(["assign", "--rule", "round-robin", *db]) == 0
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            agents = s.execute(
                select(Case.case_no, User.username, User.active)
                .join(User, User.id == Case.assigned_agent_id)
                .where(Case.case_no.in_(cases))
            ).all()
    finally:
        database.close()
    assert sorted(c for c, _, _ in agents) == cases
    assert all(active and name != "agent01" for _, name, active in agents)
