"""`casedesk rules retention --erase CASE_NO …` on a copy of the demo office: without a terminal
and without --yes nothing is erased; a "no" at the prompt changes nothing; "y" erases the case's
borrower, says which cases and how long the backups still hold the data; a case whose borrower
is still owed is refused with its reason (the others go on); a supervisor is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from app.cli import common
from app.models import Borrower, BorrowerErasure, Case, Loan, LoanStatus
from tests.conftest import TEST_KEY


@pytest.fixture
def env(monkeypatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _erased(path: Path) -> list[str]:
    from db.store import open_database

    db = open_database(path, TEST_KEY)
    try:
        with db.session() as s:
            return list(
                s.scalars(
                    select(Borrower.borrower_no)
                    .join(BorrowerErasure, BorrowerErasure.borrower_id == Borrower.id)
                    .order_by(Borrower.borrower_no)
                )
            )
    finally:
        db.close()


def _borrowers(path: Path, cases: list[str]) -> tuple[list[str], list[str]]:
    """The listed cases' borrowers who may be erased, and those refused for a loan still active
    or in legal, read from the office itself: which the demo has depends on the day it was built
    (it keeps one to erase, app/demo/old_records.py; one collected again only on some days)."""
    from db.store import open_database

    theirs = aliased(Loan)
    owing = exists().where(
        theirs.borrower_id == Borrower.id,
        theirs.status.in_([LoanStatus.ACTIVE, LoanStatus.LEGAL]),
    )
    db = open_database(path, TEST_KEY)
    try:
        with db.session() as s:
            rows = s.execute(
                select(Borrower.borrower_no, owing)
                .join(Loan, Loan.borrower_id == Borrower.id)
                .join(Case, Case.loan_id == Loan.id)
                .where(Case.case_no.in_(cases))
                .distinct()
                .order_by(Borrower.borrower_no)
            ).all()
    finally:
        db.close()
    return [b for b, refused in rows if not refused], [b for b, refused in rows if refused]


def _listed(cli, env) -> list[str]:  # type: ignore[no-untyped-def]
    code, out, _err = cli("rules", "retention", "--json", *env)
    assert code == 0
    return [c["case_no"] for c in json.loads(out)["cases"]]


def test_the_admin_erases_after_saying_yes(cli, env, demo_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cases = _listed(cli, env)
    erasable, refused = _borrowers(demo_path, cases)
    assert erasable  # the demo keeps one
    code, out, err = cli("rules", "retention", "--erase", *cases, *env)
    assert code != 0 and "Not erasing without confirmation" in err and _erased(demo_path) == []
    monkeypatch.setattr(common, "interactive", lambda: True)  # a person at a terminal
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    code, out, err = cli("rules", "retention", "--erase", *cases, *env)
    assert code == 1 and "Cancelled; nothing was changed." in out and _erased(demo_path) == []
    prompts: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "y")
    code, out, err = cli("rules", "retention", "--erase", *cases, *env)
    borrowers = "1 borrower" if len(cases) == 1 else f"{len(cases)} borrowers"  # 1 on some days
    assert prompts[0].startswith(f"Erase the personal data of {borrowers} (B")
    assert prompts[0].endswith("This cannot be undone. [y/N] ")
    erased = _erased(demo_path)
    assert erased == erasable
    lines = out.splitlines()
    assert lines[0].startswith("Backups made before still hold these personal data")
    for number in erased:
        assert f"Personal data of borrower {number} erased (cases C" in out
    # A borrower whose loan is collected again: refused, said, and the exit code says so.
    for number in refused:
        assert f"Borrower {number} cannot be erased: loan LN" in out
    assert code == (1 if refused else 0)
    # The case records stay: the listing is the same.
    assert _listed(cli, env) == cases
    code, out, err = cli("rules", "retention", "--erase", cases[0], "--yes", *env)
    assert code in (0, 1) and _erased(demo_path) == erased


def test_a_supervisor_is_refused(cli, env, demo_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cases = _listed(cli, env)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    code, out, err = cli("rules", "retention", "--erase", *cases, "--yes", *env)
    assert code != 0 and out == ""
    assert "supervisor (Supervisor) may not erase a borrower's personal data; ask an admin." in err
    assert _erased(demo_path) == []


def test_in_chinese_with_yes(cli, env, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = _listed(cli, env)
    erasable, refused = _borrowers(demo_path, cases)
    code, out, _err = cli("rules", "retention", "--erase", *cases, "--yes", "--lang", "zh_CN", *env)
    erased = _erased(demo_path)
    assert erased == erasable and erased
    for number in erased:
        assert f"借款人 {number} 的个人信息已删除" in out
    assert "此前制作的备份在轮换删除之前仍保存着这些个人信息" in out
    assert code == (1 if refused else 0) and ("仍为" in out) == bool(refused)
