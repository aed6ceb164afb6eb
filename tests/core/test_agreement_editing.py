"""What the window's edit dialog opens a saved draft with (app/agreements/editing.py): the terms
as drafted, the plan, the statement and the version; refused for what is not a draft or not the
user's case; a draft the loan's payments have overtaken says so and opens on today's debt."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.agreements import (
    PlanRow,
    approve,
    draft_plan,
    draft_settlement,
    edit_draft,
    editable_draft,
)
from app.cases.payments import record_payment
from app.concurrency import StaleEdit
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry
from tests.core.test_agreements import DEBT, _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's


def test_a_draft_opens_with_its_own_terms_plan_and_statement(office) -> None:
    day = _today() + dt.timedelta(days=5)
    rows = [PlanRow(day, 500_000), PlanRow(day + dt.timedelta(days=40), DEBT - 500_000)]
    with office.session() as s:
        agent = _user(s, "agent01")
        case_no = _case(s, "L1").case_no
        number = draft_plan(
            s, agent, case_no, rows=rows, stated_reason="失业", stated_capacity="每月五千"
        ).agreement_no
        draft = editable_draft(s, agent, number)
    assert draft.agreement_no == number
    assert (draft.terms.case_no, draft.terms.loan_no, draft.terms.debt) == (case_no, "L1", DEBT)
    assert (draft.settlement, draft.settled, draft.rows) == (False, DEBT, rows)
    assert (draft.stated_reason, draft.stated_capacity) == ("失业", "每月五千")
    assert draft.version >= 1 and draft.stale is None


def test_the_version_it_opened_at_refuses_a_change_made_meanwhile(office) -> None:
    with office.session() as s:
        agent = _user(s, "agent01")
        number = draft_settlement(s, agent, _case(s, "L1").case_no, DEBT).agreement_no
        opened = editable_draft(s, agent, number)
        assert opened.settlement and opened.rows[0].amount == DEBT
        edit_draft(s, agent, number, stated_reason="changed by a colleague")
        with pytest.raises(StaleEdit):
            edit_draft(s, agent, number, amount=DEBT - 100, expected_version=opened.version)


def test_only_a_draft_on_the_users_case_opens(office) -> None:
    with office.session() as s:
        sup, agent, other = _user(s, "supervisor"), _user(s, "agent01"), _user(s, "agent02")
        number = draft_settlement(s, agent, _case(s, "L1").case_no, DEBT).agreement_no
        with pytest.raises(PermissionDenied):
            editable_draft(s, other, number)
        approve(s, sup, number)
        with pytest.raises(ValidationError, match="only a draft can be changed"):
            editable_draft(s, agent, number)


def test_a_draft_overtaken_by_a_payment_says_so(office) -> None:
    with office.session() as s:
        agent = _user(s, "agent01")
        number = draft_settlement(s, agent, _case(s, "L1").case_no, DEBT).agreement_no
        record_payment(s, agent, "L1", 100_000, _today(), today=_today())
        draft = editable_draft(s, agent, number)
    # Today's debt, as the edit saves it, with the same waiver (none): the payment is no waiver.
    assert (draft.terms.debt, draft.settled) == (DEBT - 100_000, DEBT - 100_000)
    assert [r.amount for r in draft.rows] == [DEBT - 100_000]
    assert draft.stale is not None and draft.stale.startswith("Loan L1 now owes 11,000.00")
    assert draft.stale.endswith("saved, its terms settle 11,000.00.")


def test_editing_a_draft_after_a_payment_bases_it_on_todays_debt(office) -> None:
    """QA14 #3: draft, a payment of 1,000.00, then a new amount: the edit saved the drafted debt
    and took the payment for a 1,000.00 waiver, and its audit entry left the waiver out."""
    day = _today() + dt.timedelta(days=5)
    with office.session() as s:
        agent = _user(s, "agent01")
        number = draft_plan(s, agent, _case(s, "L1").case_no, count=2, start=day).agreement_no
        record_payment(s, agent, "L1", 100_000, _today(), today=_today())
        owed = DEBT - 100_000
        with pytest.raises(ValidationError, match="is more than the debt 11,000.00"):
            edit_draft(s, agent, number, amount=DEBT)
        edited = edit_draft(s, agent, number, amount=owed - 50_000)
        assert (edited.debt_amount, edited.settled_amount) == (owed, owed - 50_000)
        assert edited.waiver_amount == 50_000  # what was given away, not the payment too
        entry = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "agreement.edit", AuditEntry.entity_id == number)
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None
        assert entry.changes["debt"] == [DEBT, owed]
        assert entry.changes["settled"] == [DEBT, owed - 50_000]
        assert entry.changes["waiver"] == [0, 50_000]
        assert editable_draft(s, agent, number).stale is None  # its debt is the loan's again
        approve(s, agent, number)  # within the threshold: the drafter makes it ready


def test_a_reason_alone_on_a_stale_draft_rebases_it_as_the_dialog_does(office) -> None:
    """QA s44 #2: `agreement edit --reason` on a draft a payment had overtaken kept the drafted
    debt (more than the loan owed), so approval was refused; the dialog's save re-based it."""
    day = _today() + dt.timedelta(days=5)
    with office.session() as s:
        agent = _user(s, "agent01")
        number = draft_plan(s, agent, _case(s, "L1").case_no, count=2, start=day).agreement_no
        record_payment(s, agent, "L1", 100_000, _today(), today=_today())
        opened = editable_draft(s, agent, number)  # what the dialog would save
        edited = edit_draft(s, agent, number, stated_reason="lost a job")
        owed = DEBT - 100_000
        assert (edited.debt_amount, edited.settled_amount, edited.waiver_amount) == (owed, owed, 0)
        assert [(i.due_on, i.amount) for i in edited.instalments] == [
            (r.due_on, r.amount) for r in opened.rows
        ]
        assert editable_draft(s, agent, number).stale is None
        approve(s, agent, number)  # no longer refused as more than the loan owes
