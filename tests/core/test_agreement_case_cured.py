"""A case closing as cured ends its agreements not yet signed (QA s47 #1): the payment that brings
the loan up to date closes the case and cancels each draft or approved agreement on it, audited
by whoever posted it ("Case closed as cured before signing."), and the output names them. A
signed agreement keeps its case open instead. Editing, approving or signing an agreement whose
case is closed is refused anyway, saying so (the Agreements page's buttons say why)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.agreements import agreement_detail, approve, draft_plan, edit_draft, sign
from app.agreements.cancelling import cancel_reason
from app.agreements.closing import cancelled_words
from app.agreements.editing import editable_draft
from app.cases.delinquency import loan_position
from app.cases.payments import find_loan, posting
from app.errors import ValidationError
from app.i18n import tr
from app.importer import import_file
from app.models import AgreementStatus, AuditEntry, Case, CaseStatus, CloseReason, LoanStatus
from tests.core import importer_files as f
from tests.core.test_agreements import _agreement, _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's

CURED = "Case closed as cured before signing."
CLOSED = "Case {case} is closed; agreement {number} can no longer be edited, approved or signed."


def _draft(s, loan_no: str, *, approved: bool = False) -> str:
    agent = _user(s, "agent01")
    start = _today() + dt.timedelta(days=10)
    number = draft_plan(s, agent, _case(s, loan_no).case_no, count=3, start=start).agreement_no
    if approved:
        approve(s, agent, number)
    return number


def _overdue(s, loan_no: str) -> int:
    """What the loan has overdue today: paid, it is current again (not paid off)."""
    p = loan_position(s, find_loan(s, loan_no).id, _today())
    overdue = p.overdue_principal + p.overdue_interest + p.overdue_fee
    assert 0 < overdue < p.outstanding
    return overdue


def _cancels(s, number: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(
        AuditEntry.entity_id == number, AuditEntry.action == "agreement.cancel"
    )
    return list(s.scalars(query))


@pytest.mark.parametrize("approved", [False, True])
def test_a_payment_that_cures_the_case_cancels_its_unsigned_agreement(office, approved) -> None:
    with office.session() as s:
        number = _draft(s, "L1", approved=approved)
        other = _draft(s, "L2")  # another loan's draft stays as it is
        agent = _user(s, "agent01")
        posted = posting(s, agent, "L1", _overdue(s, "L1"), _today())
        assert posted.cancelled == (number,) and posted.cured == (number,)
        assert find_loan(s, "L1").status is LoanStatus.ACTIVE  # still owed, current again
        case = _case(s, "L1")
        assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.CURED)
        assert _agreement(s, number).status is AgreementStatus.CANCELLED
        assert _agreement(s, other).status is AgreementStatus.DRAFT
        [entry] = _cancels(s, number)  # by whoever posted the payment that cured it
        assert entry.user_id == agent.id
        assert entry.changes == {
            "was": "approved" if approved else "draft",
            "case": case.case_no,
            "loan_closed": "cured",
        }
        assert cancel_reason(s, number) == CURED
        detail = agreement_detail(s, _user(s, "supervisor"), number)
        assert detail.row.status == "cancelled" and detail.cancel_reason == CURED
        sup = _user(s, "supervisor")
        with pytest.raises(ValidationError, match="only a draft can be approved"):
            approve(s, sup, number)
        with pytest.raises(ValidationError, match="only an approved agreement can be signed"):
            sign(s, sup, number, _today())
    assert tr(CURED, "zh_CN") == "签署前逾期已结清，案件已结案。"
    said = f"Agreements not yet signed cancelled as their case closed as cured: {number}."
    assert cancelled_words((number,), "en", (number,)) == said
    assert cancelled_words((number,), "zh_CN", (number,)) == (
        f"逾期已结清、案件结案，尚未签署的还款协议已一并取消：{number}。"
    )


def test_a_payments_import_that_cures_the_case_names_the_draft_apart(
    office, tmp_path: Path
) -> None:
    with office.session() as s:
        number = _draft(s, "L1")
        overdue = _overdue(s, "L1")
    rows = [["L1", _today().isoformat(), f"{overdue / 100:.2f}", "CURE-1", ""]]
    path = f.write_csv(tmp_path / "pay.csv", f.PAYMENT_ZH, rows)
    with office.session() as s:
        report = import_file(s, _user(s, "admin"), "payments", path, today=_today())
        assert report.ok, report.errors
    said = f"1 agreement not yet signed was cancelled as its case closed as cured: {number}."
    assert said in report.queue and "with its loan" not in report.queue
    with office.session() as s:
        assert _case(s, "L1").close_reason is CloseReason.CURED
        assert cancel_reason(s, number) == CURED
        assert _cancels(s, number)[0].user_id == _user(s, "admin").id  # the importer's


def test_the_words_name_those_cancelled_with_a_loan_and_with_a_cured_case_apart() -> None:
    told = cancelled_words(("AG-1", "AG-2"), "en", ("AG-2",))
    assert told == (
        "Agreements not yet signed cancelled with the loan: AG-1. "
        "Agreements not yet signed cancelled as their case closed as cured: AG-2."
    )
    assert cancelled_words((), "en") is None


def test_a_signed_agreement_keeps_its_case_open_when_the_loan_is_current_again(office) -> None:
    with office.session() as s:
        agent = _user(s, "agent01")
        number = _draft(s, "L1", approved=True)
        sign(s, agent, number, _today())
        posted = posting(s, agent, "L1", _overdue(s, "L1"), _today())
        assert posted.cancelled == ()
        case = _case(s, "L1")
        assert case.status is CaseStatus.AGREEMENT  # open, the agreement watched in its queue
        assert _agreement(s, number).status is AgreementStatus.ACTIVE
        assert _cancels(s, number) == []


def _close_behind_its_back(s, loan_no: str) -> str:
    """The case closed as cured without its agreements (a database from before the fix)."""
    case = _case(s, loan_no)
    s.execute(
        update(Case)
        .where(Case.id == case.id)
        .values(status=CaseStatus.CLOSED, close_reason=CloseReason.CURED, closed_on=_today())
    )
    s.expire_all()
    return case.case_no


def test_editing_approving_or_signing_on_a_closed_case_is_refused(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        draft = _draft(s, "L1")
        ready = _draft(s, "L2", approved=True)
        l1, l2 = _close_behind_its_back(s, "L1"), _close_behind_its_back(s, "L2")
        closed = CLOSED.format(case=l1, number=draft)
        for refused in (
            lambda: edit_draft(s, agent, draft, amount=1_100_000),
            lambda: editable_draft(s, agent, draft),
            lambda: approve(s, sup, draft),
        ):
            with pytest.raises(ValidationError) as told:
                refused()
            assert str(told.value.translated()).startswith(closed)
        with pytest.raises(ValidationError) as told:
            sign(s, agent, ready, _today())
        assert told.value.translated().startswith(CLOSED.format(case=l2, number=ready))
        assert _agreement(s, draft).status is AgreementStatus.DRAFT  # nothing written
        assert _agreement(s, ready).status is AgreementStatus.APPROVED
        # The Agreements page's Approve and Record signing say why they are off.
        assert agreement_detail(s, sup, draft).cannot_approve.startswith(closed)
        cannot = agreement_detail(s, agent, ready).cannot_sign
        assert cannot is not None and cannot.startswith(CLOSED.format(case=l2, number=ready))
        zh = tr(CLOSED + " Cancel it.", "zh_CN", case=l1, number=draft)
        assert zh == f"案件 {l1} 已结案，协议 {draft} 不能再修改、审批或签署，请将其取消。"
