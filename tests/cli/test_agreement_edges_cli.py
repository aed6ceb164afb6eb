"""QA s47's agreements at their edges, from the CLI: `payment post` of the amount overdue cures the
case and names the draft it cancels (`agreement show` says why, English and Chinese); after an
admin lowers the waiver threshold (`settings set`), an agent's agreement made ready above it is
a draft again, on `approvals`, and `agreement sign` is refused saying a supervisor must approve
it; `agreement print` dates the debt on the day an edit took it again; `agreement show` and
`audit list` say the waiver a settlement actually wrote off."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from app.agreements import approve, draft_plan, draft_settlement
from app.cases.delinquency import loan_position
from app.cases.payments import find_loan
from app.models import Agreement
from tests.cli.conftest import agents_office
from tests.core.test_agreements import DEBT, _case, _today, _user, build_office


def _built(db: Any) -> tuple[str, str, int]:
    """A draft plan on L1 drafted five days ago, an agreement on L2 made ready by agent01 with a
    700.00 waiver, and what L1 has overdue today."""
    build_office(db)
    with db.session() as s:
        agent = _user(s, "agent01")
        start = _today() + dt.timedelta(days=10)
        plan = draft_plan(s, agent, _case(s, "L1").case_no, count=3, start=start).agreement_no
        drafted = dt.datetime.combine(_today() - dt.timedelta(days=5), dt.time(4), dt.UTC)
        s.execute(
            update(Agreement).where(Agreement.agreement_no == plan).values(created_at=drafted)
        )
        ready = draft_settlement(s, agent, _case(s, "L2").case_no, DEBT - 70_000).agreement_no
        approve(s, agent, ready)
        p = loan_position(s, find_loan(s, "L1").id, _today())
        return plan, ready, p.overdue_principal + p.overdue_interest + p.overdue_fee


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    return agents_office(template_db, tmp_path, monkeypatch, _built)


def test_the_payment_that_cures_the_case_names_the_draft_it_cancels(office, cli) -> None:
    path, (plan, _ready, overdue) = office
    code, out, err = cli("--db", path, "payment", "post", "L1", f"{overdue / 100:.2f}",
                         "--date", _today().isoformat())  # fmt: skip
    assert code == 0, err
    told = f"Agreements not yet signed cancelled as their case closed as cured: {plan}."
    assert out.strip().splitlines()[-1] == told, out
    code, out, _ = cli("--db", path, "agreement", "show", plan)
    assert code == 0 and "Cancelled: Case closed as cured before signing." in out, out
    code, out, _ = cli("--db", path, "--lang", "zh_CN", "agreement", "show", plan)
    assert "已取消：签署前逾期已结清，案件已结案。" in out, out
    code, _, err = cli("--db", path, "agreement", "approve", plan)
    assert code != 0 and "only a draft can be approved" in err, err


def test_a_lowered_threshold_sends_the_ready_agreement_to_a_supervisor(
    office, cli, monkeypatch
) -> None:
    path, (_plan, ready, _overdue) = office
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")
    code, out, err = cli("--db", path, "settings", "set",
                         "agreement.waiver_approval_threshold=100.00")  # fmt: skip
    assert code == 0, err
    # Named to the admin who lowered it (QA s47 O #4: only "Changed: …" was said).
    assert out.strip().splitlines()[-1] == (
        f"Agreement {ready} is a draft again, waiting for a supervisor's approval: its waiver is "
        "above the new threshold."
    ), out
    code, out, _ = cli("--db", path, "approvals")
    assert code == 0 and ready in out, out
    code, out, _ = cli("--db", path, "audit", "list", "--action", "agreement.approval_lapsed")
    assert "Waiver: 700.00; Approval threshold: 100.00" in out, out
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-agent")
    code, out, _ = cli("--db", path, "agreement", "show", ready, "--json")
    shown = json.loads(out)
    assert (shown["status"], shown["needs_supervisor"], shown["approved_by"]) == (
        "draft",
        True,
        None,
    )
    assert shown["approval_lapsed"]["threshold"] == 10_000, shown
    code, out, _ = cli("--db", path, "agreement", "show", ready)
    said = "lowered the office's waiver threshold to 100.00, below its waiver of 700.00."
    assert "it went back to a draft on " in out and said in out, out
    code, out, _ = cli("--db", path, "--lang", "zh_CN", "agreement", "show", ready)
    assert "将本营业部的减免限额调低至 100.00，低于其减免金额 700.00，协议随之退回草稿。" in out, (
        out
    )
    code, _, err = cli("--db", path, "agreement", "sign", ready)
    assert code != 0 and "a supervisor must approve it" in err, err
    code, _, err = cli("--db", path, "--lang", "zh_CN", "agreement", "sign", ready)
    assert code != 0 and "主管" in err, err


def test_the_printed_debt_is_dated_on_the_day_an_edit_took_it(office, cli, tmp_path) -> None:
    path, (plan, _ready, _overdue) = office
    code, _, err = cli("--db", path, "payment", "post", "L1", "100.00",
                       "--date", _today().isoformat())  # fmt: skip
    assert code == 0, err
    code, _, err = cli("--db", path, "agreement", "edit", plan, "--amount", "11900.00")
    assert code == 0, err
    pdf = tmp_path / "plan.pdf"
    code, _, err = cli("--db", path, "agreement", "print", plan, "-o", pdf)
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert f"CNY 11,900.00 under loan contract L1 as of {_today().isoformat()}" in text, text
    drafted = (_today() - dt.timedelta(days=5)).isoformat()
    assert f"截至 {drafted}" not in text and f"as of {drafted}" not in text


def test_show_and_the_audit_say_what_the_settlement_actually_waived(office, cli) -> None:
    path, (_plan, ready, _overdue) = office
    code, _, err = cli("--db", path, "agreement", "sign", ready)
    assert code == 0, err
    paid = DEBT - 60_000  # 100.00 beyond the agreed 11,300.00: 600.00 is waived, not 700.00
    code, out, err = cli("--db", path, "payment", "post", "L2", f"{paid / 100:.2f}", "--yes",
                         "--date", _today().isoformat())  # fmt: skip
    assert code == 0, err
    assert "the rest of the debt, 600.00, is waived" in out, out
    code, out, _ = cli("--db", path, "agreement", "show", ready)
    assert "Debt 12,000.00, agreed 11,300.00, waived 600.00 at settlement (700.00 planned)." in out
    code, out, _ = cli("--db", path, "agreement", "show", ready, "--json")
    assert (json.loads(out)["waiver"], json.loads(out)["waived"]) == (70_000, 60_000)
    code, out, _ = cli("--db", path, "--lang", "zh_CN", "agreement", "show", ready)
    assert "结清时减免 600.00（原定减免 700.00）" in out, out
