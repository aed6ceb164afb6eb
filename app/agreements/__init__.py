"""Repayment agreements (还款协议): drafting, approval, signing, watching, the printable document.

The names below load on first use: the queue rebuild imports `app.agreements.watch`, and the
use cases in turn refresh cases through the rebuild.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "PlanRow": "plan",
    "generate_plan": "plan",
    "check_plan": "plan",
    "HolidayMove": "holiday_dates",
    "holiday_note": "holiday_dates",
    "date_notes": "holiday_dates",
    "plan_dates": "holiday_dates",
    "plan_moves": "drafting",
    "settlement_move": "drafting",
    "check_settled": "drafting",
    "draft_settlement": "drafting",
    "draft_plan": "drafting",
    "edit_draft": "draft_changes",
    "approve": "lifecycle",
    "sign": "lifecycle",
    "check_signing": "lifecycle",
    "cancel": "cancelling",
    "cancel_refusal": "cancelling",
    "find_agreement": "common",
    "draft_terms": "drafting",
    "DraftTerms": "drafting",
    "EditableDraft": "editing",
    "editable_draft": "editing",
    "agreement_ids": "listing",
    "agreement_rows": "listing",
    "evaluate_agreements": "watch",
    "agreement_detail": "listing",
    "list_agreements": "listing",
    "AgreementRow": "listing",
    "AgreementDocument": "document",
    "gather_document": "document",
    "write_agreement": "printing",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(name)
    return getattr(import_module(f"app.agreements.{_EXPORTS[name]}"), name)
