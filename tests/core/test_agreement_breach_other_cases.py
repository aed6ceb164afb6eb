"""Found by QA (s25): cancelling a running agreement on one case scored it "Repayment agreement
breached" although it never was. A case rebuilt alone (a payment on its loan, an agreement
signed, approved or cancelled) read the office's latest breached agreement as its own: the
few-cases query did not tie the breached agreement to the case."""

from __future__ import annotations

import pytest

from app.cases.facts import open_cases
from app.cases.payments import find_loan, record_payment
from app.cases.rebuild import rebuild_queue
from app.models import CaseStatus
from tests.core.test_agreement_breached_case import _breach
from tests.core.test_agreements import _case, _user, build_office
from tests.office_day import office_today


@pytest.fixture
def office(db):
    return build_office(db)


def test_a_case_rebuilt_alone_does_not_take_another_cases_breach(office) -> None:
    with office.session() as s:
        _breach(s)  # on L2
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED
        # Each case read alone reads what the whole office's read gives it.
        for loan_no in ("L1", "L2", "L3"):
            lid = find_loan(s, loan_no).id
            assert open_cases(s, [lid])[lid] == open_cases(s, None)[lid], loan_no
        # A payment on L1 rebuilds L1 alone: no breach of its own, none in its score.
        before = _case(s, "L1")
        assert "agreement_breached" not in before.score_breakdown
        record_payment(s, _user(s, "agent01"), "L1", 10_000, office_today(), today=office_today())
        after = _case(s, "L1")
        assert "agreement_breached" not in after.score_breakdown
        assert after.status is not CaseStatus.AGREEMENT_BREACHED
