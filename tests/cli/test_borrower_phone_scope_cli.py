"""`casedesk borrower phone` kept to whoever works the borrower's case, and a number on file for
someone else (QA finding): an agent refused on another agent's borrower and on another
borrower's number (not told whose), a supervisor told whose and how to record it, then recording
it with --shared-reason; nothing written by a refusal. English and Chinese, on the demo office."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Borrower, Case, Loan, Phone, User
from db.store import open_database
from tests.conftest import TEST_KEY

WHY = "借款人说明这是与配偶共用的家庭号码"


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _borrowers(path: Path) -> tuple[str, str, str, str]:
    """A borrower of agent01's, one none of whose cases is agent01's (whose primary number is
    the other's), and that number."""
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            agent = s.scalar(select(User.id).where(User.username == "agent01"))
            mine = select(Loan.borrower_id).join(Case).where(Case.assigned_agent_id == agent)
            held = s.scalar(select(Borrower.borrower_no).where(Borrower.id.in_(mine)).limit(1))
            other_id, other = s.execute(
                select(Borrower.id, Borrower.borrower_no)
                .join(Loan)
                .join(Case)
                .where(Borrower.id.not_in(mine), Case.assigned_agent_id.is_not(None))
                .limit(1)
            ).one()
            number = s.scalar(
                select(Phone.number).where(Phone.borrower_id == other_id, Phone.is_primary)
            )
            return held, other, number, f"+86 {number[3:6]}****{number[-4:]}"
    finally:
        database.close()


def _added(path: Path) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return len(s.scalars(select(AuditEntry).where(AuditEntry.action == "phone.add")).all())
    finally:
        database.close()


def test_an_agent_records_numbers_only_on_their_own_borrowers(office: Path, cli) -> None:  # type: ignore[no-untyped-def]
    held, other, _number, _masked = _borrowers(office)
    agent = ["--db", office, "--user", "agent01"]
    code, out, err = cli("borrower", "phone", other, "139 0000 1234", "--primary", *agent)
    assert code == 1 and out == ""
    assert err.strip() == (
        f"casedesk: agent01 may record numbers only for the borrowers of the cases assigned to "
        f"them; {other} is not one. Ask the agent working the case, or a supervisor."
    )
    code, _, err = cli("--lang", "zh_CN", "borrower", "phone", other, "13900001234", *agent)
    assert code == 1 and "只能为分配给自己的案件的借款人登记号码" in err
    assert _added(office) == 0
    code, out, err = cli("borrower", "phone", held, "139 0000 1234", *agent)
    assert code == 0, err
    assert "+86 139****1234" in out and _added(office) == 1


def test_another_borrowers_number_is_refused_and_a_supervisor_records_it(office: Path, cli) -> None:  # type: ignore[no-untyped-def]
    held, other, number, masked = _borrowers(office)
    agent = ["--db", office, "--user", "agent01"]
    code, out, err = cli("borrower", "phone", held, number, "--primary", *agent)
    assert code == 1 and out == ""
    assert "This number is on file for another borrower or a person related to one" in err
    assert other not in err and number[-4:] not in err  # not whose, nor the number again
    code, _, err = cli("--lang", "zh_CN", "borrower", "phone", held, number, *agent)
    assert code == 1 and "该号码已登记为另一借款人或其关联人的号码" in err and other not in err
    code, _, err = cli("borrower", "phone", held, number, "--shared-reason", WHY, *agent)
    assert code == 1 and "a supervisor can record it" in err  # an agent's reason is not enough
    assert _added(office) == 0
    sup = ["--db", office, "--user", "supervisor"]
    code, _, err = cli("borrower", "phone", held, number, "--primary", *sup)
    assert code == 1
    assert err.strip() == (
        f"casedesk: {masked} is on file for borrower {other}; check it with the borrower. If the "
        f"borrower shares it, add it again with --shared-reason saying why."
    )
    code, _, err = cli("--lang", "zh_CN", "borrower", "phone", held, number, *sup)
    assert code == 1 and err.strip() == (
        f"casedesk: {masked} 已登记为借款人 {other} 的号码；请与借款人核实。"
        "如借款人确与他人共用此号码，请加 --shared-reason 写明原因后重新登记。"
    )
    assert _added(office) == 0
    code, out, err = cli(
        "borrower", "phone", held, number, "--kind", "home", "--shared-reason", WHY, *sup
    )
    assert code == 0, err
    assert f"{masked}  Home" in out and _added(office) == 1
