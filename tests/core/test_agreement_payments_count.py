"""Which payments count toward an agreement (found by QA): those recorded since it was drafted,
whatever day they are dated. One posted before the drafting is already off the debt, even when
dated the signing day; one posted after the signing but dated before it is money paid since.
And an agreement paid on a loan in legal settles the loan as on any other."""

from __future__ import annotations

import datetime as dt

import pytest

from app.agreements import (
    approve,
    draft_plan,
    draft_settlement,
    edit_draft,
    evaluate_agreements,
    sign,
)
from app.cases.payments import find_loan, record_payment
from app.errors import PermissionDenied, ValidationError
from app.loans.closure import decide
from app.models import AgreementStatus, CaseStatus, LoanStatus
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user, build_office


@pytest.fixture
def office(db):
    return build_office(db)


def _signed_plan(s, loan_no: str, amount: int, start: dt.date) -> str:
    agent, sup = _user(s, "agent01"), _user(s, "supervisor")
    number = draft_plan(
        s, agent, _case(s, loan_no).case_no, count=2, start=start, amount=amount
    ).agreement_no
    approve(s, sup, number)
    sign(s, agent, number, _today())
    return number


def test_a_payment_posted_before_the_drafting_is_not_paid_again_under_it(office) -> None:
    """QA: 4,000.00 posted in the morning, the plan for the 8,000.00 left drafted and signed the
    same day: the morning's payment counted toward the plan, which completed after 4,000.00 more
    and settled the loan with 4,000.00 silently waived."""
    with office.session() as s:
        agent = _user(s, "agent01")
        record_payment(s, agent, "L1", 400_000, _today(), today=_today())
        number = _signed_plan(s, "L1", DEBT - 400_000, _today() + dt.timedelta(days=20))
        a = _agreement(s, number)
        assert a.status is AgreementStatus.ACTIVE
        assert [i.paid_amount for i in a.instalments] == [0, 0]
        record_payment(s, agent, "L1", 400_000, _today(), today=_today())
        a = _agreement(s, number)
        assert a.status is AgreementStatus.ACTIVE  # 4,000.00 of the 8,000.00 agreed
        assert [(i.status, i.paid_amount) for i in a.instalments] == [
            ("pending", 400_000),
            ("pending", 0),
        ]
        loan = find_loan(s, "L1")
        s.refresh(loan)
        assert loan.status is LoanStatus.ACTIVE
        record_payment(s, agent, "L1", 400_000, _today(), today=_today())
        assert _agreement(s, number).status is AgreementStatus.COMPLETED
        s.refresh(loan)
        assert loan.status is LoanStatus.PAID  # all of it paid: nothing was waived


def test_a_payment_dated_before_the_signing_but_posted_after_it_counts(office) -> None:
    """QA: the first instalment paid in full by a payment the bank dated the day before the
    signing and the office posted after it: the agreement was breached for it."""
    with office.session() as s:
        agent = _user(s, "agent01")
        number = _signed_plan(s, "L2", DEBT, _today() + dt.timedelta(days=10))
        first = _agreement(s, number).instalments[0]
        yesterday = _today() - dt.timedelta(days=1)
        record_payment(s, agent, "L2", first.amount, yesterday, today=_today())
        after_due = first.due_on + dt.timedelta(days=1)
        summary = evaluate_agreements(s, after_due, [find_loan(s, "L2").id])
        assert summary.breached == 0
        a = _agreement(s, number)
        assert a.status is AgreementStatus.ACTIVE
        assert [(i.status, i.paid_amount) for i in a.instalments] == [
            ("kept", first.amount),
            ("pending", 0),
        ]


def test_a_settlement_paid_on_a_loan_in_legal_settles_it_and_closes_the_case(office) -> None:
    """QA: the agreement read completed and its terms said the loan is then settled, but the
    loan stayed in legal and its case open with the waived rest overdue."""
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        case_no = _case(s, "L3").case_no
        decide(s, sup, case_no, "legal", "委托律师起诉", today=_today())
        number = draft_settlement(s, agent, case_no, 900_000).agreement_no
        approve(s, sup, number)
        sign(s, agent, number, _today())
        record_payment(s, agent, "L3", 900_000, _today(), today=_today())
        assert _agreement(s, number).status is AgreementStatus.COMPLETED
        loan = find_loan(s, "L3")
        s.refresh(loan)
        assert loan.status is LoanStatus.SETTLED and loan.closed_on == _today()
        assert _case(s, "L3").status is CaseStatus.CLOSED
        # Nothing can supersede it now (the loan is closed): the refusal does not say to try.
        with pytest.raises(ValidationError) as refused:
            edit_draft(s, agent, number, amount=800_000)
        assert str(refused.value) == (
            f"Agreement {number} is completed; only a draft can be changed."
        )


def test_a_loan_made_current_under_an_agreement_keeps_its_case_open(office) -> None:
    """QA: paying the arrears under a signed plan closed the case as cured while the plan ran;
    the case stays with its agreement until the plan is completed or breached."""
    from app.cases.facts import open_cases_query

    assert open_cases_query().selected_columns[21].name == "next_agreement_due"  # rebuild's _AGREED
    with office.session() as s:
        agent = _user(s, "agent01")
        number = _signed_plan(s, "L1", DEBT, _today() + dt.timedelta(days=10))
        overdue = _case(s, "L1").amount_overdue
        record_payment(s, agent, "L1", overdue, _today(), today=_today())
        case = _case(s, "L1")
        assert case.dpd == 0 and case.status is CaseStatus.AGREEMENT
        assert _agreement(s, number).status is AgreementStatus.ACTIVE
        record_payment(s, agent, "L1", DEBT - overdue, _today(), today=_today())
        assert _agreement(s, number).status is AgreementStatus.COMPLETED
        assert _case(s, "L1").status is CaseStatus.CLOSED


def test_who_raised_the_waiver_may_not_approve_it_alone(office) -> None:
    """QA: an agent drafted a settlement of the whole debt; a supervisor cut the amount to 1.00
    (a waiver far above the threshold) and approved it alone."""
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        number = draft_settlement(s, agent, _case(s, "L1").case_no, DEBT).agreement_no
        edit_draft(s, sup, number, amount=100)
        with pytest.raises(PermissionDenied, match="needs another supervisor's approval"):
            approve(s, sup, number)
        assert _agreement(s, number).status is AgreementStatus.DRAFT
        approve(s, _user(s, "admin"), number)  # another may
        assert _agreement(s, number).status is AgreementStatus.APPROVED
