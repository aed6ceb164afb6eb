"""`casedesk audit list --case/--borrower` on a copy of the demo office: the supervisor reads
one case's whole trail (its contacts and its complaint) as the Audit page lists it, newest
first, in the chosen language; an unknown number is an error in words (exit 1); a case with no
entries says so; an agent is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Borrower, Case, Complaint, Loan, User
from app.queries.audit_log import AuditFilter, audit_ids
from db.store import open_database
from tests.conftest import TEST_KEY


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _cases(path: Path) -> tuple[str, str, list[int], str]:
    """(a case with a complaint, its borrower, its entries' ids, a case with no entries)."""
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            boss = s.scalar(select(User).where(User.username == "supervisor"))
            case_no, borrower_no = s.execute(
                select(Case.case_no, Borrower.borrower_no)
                .join(Complaint, Complaint.case_id == Case.id)
                .join(Loan, Loan.id == Case.loan_id)
                .join(Borrower, Borrower.id == Loan.borrower_id)
                .order_by(Case.id)
            ).first()
            ids = audit_ids(s, boss, AuditFilter(case_no=case_no))
            quiet = next(
                c
                for c in s.scalars(select(Case.case_no).order_by(Case.id))
                if not audit_ids(s, boss, AuditFilter(case_no=c))
            )
    finally:
        database.close()
    return case_no, borrower_no, ids, quiet


def test_a_case_s_trail(cli, env, demo_path) -> None:
    case_no, borrower_no, ids, quiet = _cases(demo_path)
    code, out, err = cli("audit", "list", "--case", case_no.lower(), "--json", *env)
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ids and {"complaint", "case"} <= {r["entity"] for r in rows}
    code, out, _err = cli("audit", "list", "--case", case_no, "--lang", "zh_CN", *env)
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == [
        "编号",  # the number `audit verify` names an altered entry by
        "时间",
        "操作人",
        "操作",
        "相关记录",
        "变更内容",
    ]
    assert [line.split()[0] for line in lines[1 : 1 + len(ids)]] == [str(i) for i in ids]
    assert "登记投诉" in out and out.rstrip().endswith(f"共 {len(ids)} 条审计记录")
    code, out, _err = cli("audit", "list", "--borrower", borrower_no, "--json", *env)
    assert code == 0 and set(ids) <= {r["id"] for r in json.loads(out)}
    code, out, _err = cli("audit", "list", "--case", quiet, "--lang", "en", *env)
    assert (code, out.strip()) == (0, f"No audit entries for case {quiet}.")
    code, out, err = cli("audit", "list", "--case", "C2099-000001", "--lang", "zh_CN", *env)
    assert (code, out, err.strip()) == (1, "", "casedesk: 未知案件 C2099-000001。")


def test_an_agent_may_not_read_the_trail(cli, env, demo_path, monkeypatch) -> None:
    case_no, *_rest = _cases(demo_path)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    code, out, err = cli("audit", "list", "--case", case_no, "--lang", "en", *env)
    assert code != 0 and out == "" and "may not read the audit trail" in err
