"""`casedesk borrower person add|edit|remove` (QA15 finding 2: an office could not record a
related person at all): an agent adds a guarantor to a borrower of theirs, changes them, removes
them; `borrower show` lists them meanwhile; a refusal exits 1 and writes nothing; Chinese output.
On the demo office."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Case, Loan, RelatedPerson, User
from db.store import open_database
from tests.conftest import TEST_KEY


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _held(path: Path) -> str:
    """A borrower one of whose cases is agent01's."""
    from app.models import Borrower

    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            agent = s.scalar(select(User.id).where(User.username == "agent01"))
            mine = select(Loan.borrower_id).join(Case).where(Case.assigned_agent_id == agent)
            return s.scalar(
                select(Borrower.borrower_no)
                .where(Borrower.id.in_(mine))
                .order_by(Borrower.id)
                .limit(1)
            )
    finally:
        database.close()


def _stored(path: Path, person_id: int) -> tuple[str, str, bool, bool] | None:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            p = s.get(RelatedPerson, person_id)
            return None if p is None else (p.name, p.phone, p.do_not_contact, p.active)
    finally:
        database.close()


def _actions(path: Path) -> list[str]:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            query = select(AuditEntry.action).where(AuditEntry.action.like("borrower.person%"))
            return list(s.scalars(query.order_by(AuditEntry.id)))
    finally:
        database.close()


def test_an_agent_adds_changes_and_removes_a_guarantor(office: Path, cli) -> None:  # type: ignore[no-untyped-def]
    number = _held(office)
    agent = ["--db", office, "--user", "agent01"]
    code, out, err = cli(
        "borrower", "person", "add", number, "--name", "Wang Bao", "--relation", "guarantor",
        "--phone", "199 0000 4321", "--note", "from the borrower", *agent, "--json",
    )  # fmt: skip
    assert code == 0, err
    added = [p for p in json.loads(out)["related"] if p["name"] == "Wang Bao"]
    assert [(p["relation"], p["phone"]) for p in added] == [("guarantor", "+86 199****4321")]
    pid = added[0]["id"]
    assert _stored(office, pid) == ("Wang Bao", "+8619900004321", False, True)
    code, out, err = cli("borrower", "person", "edit", number, str(pid), "--do-not-contact", *agent)
    assert code == 0, err
    assert f"{pid}  Wang Bao  Guarantor  +86 199****4321  Do not contact" in out
    assert _stored(office, pid) == ("Wang Bao", "+8619900004321", True, True)
    code, out, err = cli(
        "--lang", "zh_CN", "borrower", "person", "remove", number, str(pid), *agent
    )
    assert code == 0, err
    # Kept, inactive (never deleted), so the refusal still follows the number.
    assert f"关联人 {pid} 已移除：已停用" in out and "Wang Bao" not in out.split("\n", 1)[1]
    assert _stored(office, pid) == ("Wang Bao", "+8619900004321", True, False)
    assert _actions(office) == [
        "borrower.person_add", "borrower.person_edit", "borrower.person_remove"
    ]  # fmt: skip


def test_a_refusal_exits_1_and_writes_nothing(office: Path, cli) -> None:  # type: ignore[no-untyped-def]
    number = _held(office)
    agent = ["--db", office, "--user", "agent01"]
    code, out, err = cli(
        "borrower", "person", "add", number, "--name", "Li", "--relation", "friend",
        "--phone", "12345", *agent,
    )  # fmt: skip
    assert code == 1 and out == "" and "Not a phone number" in err
    code, out, err = cli(
        "borrower", "person", "add", number, "--name", "Li", "--relation", "friend",
        "--consent", *agent,
    )  # fmt: skip
    assert code == 1 and "Only a supervisor" in err
    code, _out, err = cli("borrower", "person", "add", number, "--name", "Li", *agent)
    assert code == 2 and "--relation" in err
    assert _actions(office) == []


def test_a_removed_persons_id_is_never_given_to_the_next(office: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """QA16: a person with no contacts, removed, is kept inactive; the next person added gets a
    new id, and a script still using the old one is told it is no longer active (exit 1)."""
    number = _held(office)
    agent = ["--db", office, "--user", "agent01"]

    def added(name: str) -> int:
        code, out, err = cli("borrower", "person", "add", number, "--name", name,
                             "--relation", "friend", *agent, "--json")  # fmt: skip
        assert code == 0, err
        return next(p["id"] for p in json.loads(out)["related"] if p["name"] == name)

    first = added("Li Si")
    code, out, err = cli("borrower", "person", "remove", number, str(first), *agent)
    assert code == 0, err
    assert f"Related person {first} removed: kept inactive" in out
    assert added("Zhao Liu") > first
    code, out, err = cli("borrower", "person", "edit", number, str(first), "--name", "X", *agent)
    assert code == 1
    assert f"Related person {first} of borrower {number} is no longer active" in err
