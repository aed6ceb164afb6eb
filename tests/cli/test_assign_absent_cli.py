"""`casedesk assign --unassign CASE…` hands cases back to the queue and `assign --rule R --from
AGENT` moves an absent agent's open cases to the others (found by QA: by rule placed only
unassigned cases, and nothing handed a case back)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.models import Case, CaseStatus, User
from db.store import open_database
from tests.conftest import TEST_KEY


def _open_of(demo_path, username: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            query = select(Case.case_no).where(Case.status != CaseStatus.CLOSED)
            if username is None:
                query = query.where(Case.assigned_agent_id.is_(None))
            else:
                query = query.join(User, User.id == Case.assigned_agent_id).where(
                    User.username == username
                )
            return sorted(s.scalars(query))
    finally:
        database.close()


@pytest.fixture
def run(capsys, monkeypatch, demo_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")

    def go(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*args, "--db", str(demo_path)])
        got = capsys.readouterr()
        return code, got.out, got.err

    return go


def test_unassign_hands_cases_back(run, demo_path) -> None:  # type: ignore[no-untyped-def]
    theirs = _open_of(demo_path, "agent01")[:2]
    assert len(theirs) == 2
    unassigned = _open_of(demo_path, None)
    code, out, _err = run("assign", "--unassign", *theirs)
    assert code == 0
    assert out.startswith("Handed 2 cases back to the queue, unassigned.\nAssignment ")
    assert _open_of(demo_path, None) == sorted(unassigned + theirs)
    # --unassign with an agent, or with --rule, is refused with the reason, nothing changed
    code, _out, err = run("assign", "--unassign", "--agent", "agent02", theirs[0])
    assert code != 0 and "--unassign" in err
    code, _out, err = run("assign", "--unassign", "--rule", "capacity")
    assert code != 0 and "--rule" in err


def test_rule_from_an_agent_moves_their_open_cases(run, demo_path) -> None:  # type: ignore[no-untyped-def]
    theirs = _open_of(demo_path, "agent01")
    unassigned = _open_of(demo_path, None)
    code, out, _err = run("assign", "--rule", "round-robin", "--from", "agent01")
    assert code == 0
    left = _open_of(demo_path, "agent01")
    assert out.startswith(f"Assigned {len(theirs) - len(left)} case")
    assert len(theirs) - len(left) > 0
    assert _open_of(demo_path, None) == unassigned  # the unassigned stay for a plain rule run
    code, out, _err = run("assign", "--rule", "capacity", "--from", "agent01")
    assert code == 0
    said = "not assigned: " if left else "has no open case: nothing to move."
    assert said in out
    code, _out, err = run("assign", "--from", "agent01")
    assert code != 0 and "--from goes with --rule" in err
