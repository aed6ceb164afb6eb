"""`casedesk audit list --agent NAME --action ACTION`, as the Audit page's Who and Action: the
supervisor lists the entries of the agent a complaint names on the borrower's cases, or one
action; the same entries as the core's filter, newest first; an unknown name is an error in
words; the help names both, in English and Chinese. QA: the CLI could narrow by case, borrower
and dates only."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from app.cli.main import main
from app.models import Borrower, Case, Complaint, Loan, User
from app.queries.audit_log import AuditFilter, audit_ids
from db.store import open_database
from tests.cli.test_audit_list_cli import env
from tests.conftest import TEST_KEY

__all__ = ["env"]


def _listed(capsys, env, *options: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    capsys.readouterr()
    code = main([*env, "audit", "list", *options, "--json"])
    said = capsys.readouterr()
    assert code == 0, said.err
    return list(json.loads(said.out))


def test_the_agents_entries_and_one_action(env, capsys, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            borrower_no, agent, agent_id = s.execute(
                select(Borrower.borrower_no, User.username, User.id)
                .join(Loan, Loan.borrower_id == Borrower.id)
                .join(Case, Case.loan_id == Loan.id)
                .join(Complaint, Complaint.case_id == Case.id)
                .join(User, User.id == Complaint.agent_id)
                .order_by(Complaint.id)
            ).first()
            boss = s.scalar(select(User).where(User.username == "supervisor"))
            theirs = audit_ids(s, boss, AuditFilter(borrower_no=borrower_no, user_id=agent_id))
            contacts = audit_ids(s, boss, AuditFilter(action="contact.log", user_id=agent_id))
    finally:
        database.close()
    rows = _listed(capsys, env, "--borrower", borrower_no, "--agent", agent)
    assert [r["id"] for r in rows] == theirs and theirs
    rows = _listed(capsys, env, "--agent", agent, "--action", "contact.log")
    assert [r["id"] for r in rows] == contacts and contacts
    assert {r["action"] for r in rows} == {"contact.log"}

    capsys.readouterr()
    assert main([*env, "audit", "list", "--agent", "nobody"]) == 1
    assert "No user nobody." in capsys.readouterr().err
    for lang, words in (("en", "agreement.ready: agreements made ready for signing"),
                        ("zh_CN", "仅此用户名的记录")):  # fmt: skip
        assert main(["--lang", lang, "audit", "list", "--help"]) == 0
        assert "".join(words.split()) in "".join(capsys.readouterr().out.split())


def test_an_unknown_action_is_refused(env, capsys) -> None:  # type: ignore[no-untyped-def]
    """QA s44 finding 11: "No audit entries match" and exit 0 for an action that does not exist;
    refused with the choices, as `queue --status nope` is, in English and Chinese."""
    for lang, said in (
        ("en", "casedesk: Unknown action nope; choose one of: agreement, audit, borrower,"),
        ("zh_CN", "casedesk: 未知操作 nope；可选：agreement、audit、borrower、"),
    ):
        capsys.readouterr()
        assert main(["--lang", lang, *env, "audit", "list", "--action", "nope"]) == 1
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.startswith(said), captured.err
        assert captured.err.count("\n") == 1
