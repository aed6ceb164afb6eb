"""`casedesk export borrowers --search ID` then `audit list --action list.export` (QA s47 N-1), on a
copy of the demo office: the entry reads the ID number and a searched phone masked, never in full;
after `rules retention --erase` they read "(erased)" (（已删除）), and the chain verifies."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.masking import mask_id
from app.models import Case, Loan, Phone
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_erasure import _erasable


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _borrower(path: Path) -> tuple[str, str, str]:
    """(an erasable borrower's ID number, their phone as typed, one of their cases)."""
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            borrower = _erasable(s)
            phone = s.scalar(select(Phone.number).where(Phone.borrower_id == borrower.id))
            case_no = s.scalar(
                select(Case.case_no).join(Loan).where(Loan.borrower_id == borrower.id).limit(1)
            )
            return borrower.national_id, phone[3:], case_no
    finally:
        database.close()


def test_searched_id_and_phone_are_audited_masked_then_erased(
    cli, env, demo_path: Path, tmp_path: Path
) -> None:
    national, phone, case_no = _borrower(demo_path)
    for i, search in enumerate((national, phone)):
        code, _out, err = cli(
            "export", "borrowers", tmp_path / f"{i}.csv", "--search", search, *env
        )
        assert code == 0, err
    code, out, err = cli("audit", "list", "--action", "list.export", *env)
    assert code == 0, err
    assert national not in out and phone not in out
    assert f"Search = {mask_id(national)}" in out and f"Search = {phone[:3]}****{phone[-4:]}" in out
    code, out, err = cli("--lang", "zh_CN", "audit", "list", "--action", "list.export", *env)
    assert code == 0 and f"搜索 = {mask_id(national)}" in out, err

    code, _out, err = cli(
        "rules", "retention", "--erase", case_no, "--yes", *env, "--user", "admin"
    )
    assert code == 0, err
    code, out, err = cli("audit", "list", "--action", "list.export", *env)
    assert code == 0, err
    assert out.count("Search = (erased)") == 2 and mask_id(national) not in out, out
    code, out, err = cli("--lang", "zh_CN", "audit", "list", "--action", "list.export", *env)
    assert code == 0 and out.count("搜索 = （已删除）") == 2, out
    code, out, err = cli("audit", "verify", *env)
    assert code == 0 and out.startswith("Audit trail intact"), err
