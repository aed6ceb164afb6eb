"""An agreement not yet signed ends with its loan: paid off by a payment posted by hand or
imported, the case closes and each draft or approved agreement on it is cancelled in the same
transaction ("Loan paid off before signing.", one entry each), and approving, signing or a signed
copy is refused after; a write-off cancels them too ("Loan written off.", by the supervisor) but
still stands behind a signed one; a signed agreement whose loan is paid off ends completed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.agreements import agreement_detail, approve, draft_plan, sign
from app.agreements.cancelling import cancel_reason
from app.agreements.document import printable_document
from app.cases.payments import find_loan, posting, record_payment
from app.errors import ValidationError
from app.i18n import tr
from app.importer import import_file
from app.loans.closure import WRITE_OFF, closure_state, decide
from app.models import AgreementStatus, AuditEntry, CaseStatus, CloseReason, LoanStatus
from app.queries.case_page import case_detail
from tests.core import importer_files as f
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's

PAID_OFF = "Loan paid off before signing."


def _cancels(s, number: str) -> list[AuditEntry]:
    return list(
        s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_id == number, AuditEntry.action == "agreement.cancel"
            )
        )
    )


def _draft(s, loan_no: str, *, approved: bool = False) -> str:
    agent = _user(s, "agent01")
    start = _today() + dt.timedelta(days=10)
    number = draft_plan(s, agent, _case(s, loan_no).case_no, count=3, start=start).agreement_no
    if approved:
        approve(s, agent, number)
    return number


def _refused_after(s, number: str) -> None:
    """Approving, signing and a signed copy are refused, saying it is cancelled."""
    sup = _user(s, "supervisor")
    with pytest.raises(ValidationError, match="only a draft can be approved"):
        approve(s, sup, number)
    with pytest.raises(ValidationError, match="only an approved agreement can be signed"):
        sign(s, sup, number, _today())
    with pytest.raises(ValidationError, match="only a signed agreement prints as signed"):
        printable_document(s, sup, number, as_signed=True)


@pytest.mark.parametrize("approved", [False, True])
def test_paying_off_by_hand_cancels_the_unsigned_agreement(office, approved) -> None:
    with office.session() as s:
        number = _draft(s, "L1", approved=approved)
        other = _draft(s, "L2")  # another loan's draft stays as it is
        posted = posting(s, _user(s, "supervisor"), "L1", DEBT, _today())
        assert posted.cancelled == (number,)  # named by `payment post` and the case page
        case = _case(s, "L1")
        assert find_loan(s, "L1").status is LoanStatus.PAID
        assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.PAID)
        assert _agreement(s, number).status is AgreementStatus.CANCELLED
        assert _agreement(s, other).status is AgreementStatus.DRAFT
        [entry] = _cancels(s, number)  # one entry, by whoever posted the payoff (QA16)
        assert entry.user_id == _user(s, "supervisor").id
        assert entry.changes == {
            "was": "approved" if approved else "draft",
            "case": case.case_no,
            "loan_closed": "paid",
        }
        assert cancel_reason(s, number) == PAID_OFF
        detail = agreement_detail(s, _user(s, "supervisor"), number)
        assert detail.row.status == "cancelled" and detail.cancel_reason == PAID_OFF
        assert tr(PAID_OFF, "zh_CN") == "签署前贷款已还清。"
        story = [i.detail for i in case_detail(s, _user(s, "supervisor"), case.case_no).timeline]
        assert any(f"Cancelled on {_today().isoformat()}: {PAID_OFF}" in x for x in story)
        said = [
            i.detail for i in case_detail(s, _user(s, "supervisor"), case.case_no, "zh_CN").timeline
        ]
        assert any("签署前贷款已还清。" in x for x in said)
        _refused_after(s, number)


def test_paying_off_by_import_cancels_the_unsigned_agreement(office, tmp_path: Path) -> None:
    with office.session() as s:
        number = _draft(s, "L1")
    rows = [["L1", _today().isoformat(), f"{DEBT / 100:.2f}", "PAYOFF-1", ""]]
    path = f.write_csv(tmp_path / "pay.csv", f.PAYMENT_ZH, rows)
    with office.session() as s:
        report = import_file(s, _user(s, "admin"), "payments", path, today=_today())
        assert report.ok, report.errors
    assert f"1 agreement not yet signed was cancelled with its loan: {number}." in report.queue
    with office.session() as s:
        assert _case(s, "L1").close_reason is CloseReason.PAID
        assert _agreement(s, number).status is AgreementStatus.CANCELLED
        assert cancel_reason(s, number) == PAID_OFF and len(_cancels(s, number)) == 1
        assert _cancels(s, number)[0].user_id == _user(s, "admin").id  # the importer's


def test_a_signed_agreement_whose_loan_is_paid_off_ends_completed(office) -> None:
    with office.session() as s:
        agent = _user(s, "agent01")
        number = _draft(s, "L1", approved=True)
        sign(s, agent, number, _today())
        record_payment(s, _user(s, "supervisor"), "L1", DEBT, _today())
        assert _agreement(s, number).status is AgreementStatus.COMPLETED
        assert _case(s, "L1").status is CaseStatus.CLOSED
        assert _cancels(s, number) == []


def test_a_write_off_cancels_unsigned_agreements_but_not_signed_ones(office) -> None:
    with office.session() as s:
        sup = _user(s, "supervisor")
        ready = _draft(s, "L1", approved=True)
        case_no = _case(s, "L1").case_no
        state = closure_state(s, sup, case_no)
        assert state.unsigned == (ready,) and state.blocking(WRITE_OFF) == ()
        assert state.blocking("legal") == (ready,)  # legal still waits for it
        with pytest.raises(ValidationError, match="must be cancelled or finished first"):
            decide(s, sup, case_no, "legal", "委托律师起诉追讨欠款")
        done = decide(s, sup, case_no, WRITE_OFF, "借款人无力偿还全部欠款", early=True)
        assert done.cancelled == (ready,) and done.as_json()["cancelled"] == [ready]
        told = f"Agreements not yet signed cancelled with the loan: {ready}."
        assert done.message("en").endswith("\n" + told)
        assert done.message("zh_CN").endswith(f"尚未签署的还款协议已随贷款一并取消：{ready}。")
        assert _case(s, "L1").close_reason is CloseReason.WRITTEN_OFF
        assert _agreement(s, ready).status is AgreementStatus.CANCELLED
        [entry] = _cancels(s, ready)  # by the supervisor who wrote the loan off
        assert entry.user_id == sup.id and entry.changes["loan_closed"] == "written_off"
        assert cancel_reason(s, ready) == "Loan written off."
        _refused_after(s, ready)
        # A signed agreement still stands in the way: the borrower signed its terms.
        signed = _draft(s, "L2", approved=True)
        sign(s, _user(s, "agent01"), signed, _today())
        l2 = _case(s, "L2").case_no
        assert closure_state(s, sup, l2).blocking(WRITE_OFF) == (signed,)
        with pytest.raises(ValidationError, match="must be cancelled or finished first"):
            decide(s, sup, l2, WRITE_OFF, "借款人无力偿还全部欠款", early=True)
        assert _agreement(s, signed).status is AgreementStatus.ACTIVE
