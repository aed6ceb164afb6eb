"""An office (tests/core/test_agreements.py) whose loan L1 (12,000.00 owed) has a signed
settlement agreement for 9,000.00, of which 5,000.00 is already paid: 4,000.00 more completes it,
settles the loan and waives the rest."""

from __future__ import annotations

from typing import Any

from app.agreements import approve, draft_settlement, sign
from app.cases.payments import record_payment
from tests.core.test_agreements import _case, _today, _user, build_office

AGREED, PAID = 900_000, 500_000


def settling_office(db: Any) -> str:
    """Fill an empty, migrated database; the agreement's number."""
    build_office(db)
    with db.session() as s:
        agent, boss = _user(s, "agent01"), _user(s, "supervisor")
        number = draft_settlement(s, agent, _case(s, "L1").case_no, AGREED).agreement_no
        approve(s, boss, number)
        sign(s, agent, number, _today())
        record_payment(s, agent, "L1", PAID, _today(), today=_today())
    return str(number)
