"""`casedesk case note`: an agent writes a note on a case assigned to them and `case show` (text
and --json) tells it with its author and time; on another agent's case, or empty, it is refused
and nothing is saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Case, CaseNote, User
from db.store import open_database
from tests.conftest import TEST_KEY

NOTE = "Loan officer confirms the shop closed in October"


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _cases(path: Path) -> tuple[str, str, str]:
    """agent01's display name, a case of theirs and a case of another agent's."""
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            agent = s.scalar(select(User).where(User.username == "agent01"))
            mine = s.scalar(
                select(Case.case_no).where(Case.assigned_agent_id == agent.id).order_by(Case.id)
            )
            other = s.scalar(
                select(Case.case_no)
                .where(Case.assigned_agent_id.is_not(None), Case.assigned_agent_id != agent.id)
                .order_by(Case.id)
            )
            return agent.display_name, mine, other
    finally:
        database.close()


def _notes(path: Path) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return s.scalar(select(func.count(CaseNote.id)))
    finally:
        database.close()


def test_an_agent_notes_their_case_and_case_show_tells_it(office, cli) -> None:
    name, mine, other = _cases(office)
    before = _notes(office)  # the demo office's own
    acting = ["--db", office, "--user", "agent01"]
    code, _out, err = cli("case", "note", other, "--text", NOTE, *acting)
    assert code == 1 and "may open only the cases assigned to them" in err
    code, _out, err = cli("case", "note", mine, "--text", "   ", *acting)
    assert code == 1 and "cannot be empty" in err
    assert _notes(office) == before
    code, out, err = cli("case", "note", mine.lower(), "--text", NOTE, *acting, "--json")
    assert code == 0, err
    said = json.loads(out)
    assert said["case_no"] == mine
    assert (said["note"]["author"], said["note"]["text"]) == ("agent01", NOTE)
    code, out, err = cli("case", "note", mine, "--text", "Sister: back at New Year", *acting)
    assert code == 0 and out.startswith(f"Note added to case {mine} at "), err
    assert _notes(office) == before + 2
    code, out, err = cli("case", "show", mine, *acting)
    assert code == 0, err
    lines = out.splitlines()
    story = lines[lines.index("Timeline:") + 1 :]
    assert story[0].endswith(f"Note by {name}  Sister: back at New Year")
    assert story[1].endswith(f"Note by {name}  {NOTE}")
    code, out, err = cli("case", "show", mine, *acting, "--json")
    assert code == 0, err
    notes = [i for i in json.loads(out)["timeline"] if i["kind"] == "note"][:2]  # the newest
    assert [(n["title"], n["detail"]) for n in notes] == [
        (f"Note by {name}", "Sister: back at New Year"),
        (f"Note by {name}", NOTE),
    ]
    assert notes[1]["at"] == said["note"]["created_at"]
