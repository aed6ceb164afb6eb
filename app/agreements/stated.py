"""A draft from a visit's outcome, read in the reader's language. The visit keeps what was said
as codes and the borrower's own words (its reason for default as a code, the proposal as typed);
the draft copied them as text in the drafter's language ("Job loss", "Proposed at the visit:
…"), and a Chinese office then read English for good (QA s44 #7). Where the agreement's stated
reason is still the visit's reason in some language, and a line of its stated capacity still the
visit's proposal with the fixed words of some language, the Agreements page and `agreement show`
give them in the reader's language; anything written over by hand is shown as written."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.i18n import SUPPORTED, tr
from app.labels import DEFAULT_REASON, capital, label
from app.models import Agreement, Visit

PROPOSED = "Proposed at the visit: {proposal}"


def _reason(visit: Visit, text: str, lang: str | None) -> str:
    if visit.default_reason is None:
        return text
    said = {capital(label(DEFAULT_REASON, visit.default_reason, other)) for other in SUPPORTED}
    return capital(label(DEFAULT_REASON, visit.default_reason, lang)) if text in said else text


def _capacity(visit: Visit, text: str, lang: str | None) -> str:
    proposal = visit.proposal or ""
    if not proposal.strip():
        return text
    said = {tr(PROPOSED, other, proposal=proposal) for other in SUPPORTED}
    return "\n".join(
        tr(PROPOSED, lang, proposal=proposal) if line in said else line for line in text.split("\n")
    )


def stated_words(
    session: Session, agreement: Agreement, lang: str | None = None
) -> tuple[str, str]:
    """(stated reason, stated capacity) of the agreement in `lang` (default: the current one)."""
    reason, capacity = agreement.stated_reason or "", agreement.stated_capacity or ""
    visit = session.get(Visit, agreement.visit_id) if agreement.visit_id else None
    if visit is None:
        return reason, capacity
    return _reason(visit, reason, lang), _capacity(visit, capacity, lang)
