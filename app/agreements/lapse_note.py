"""What is said of approvals a lowered waiver threshold sent back (QA s47 O #4): the numbers
`settings set` and the Settings dialog name once the threshold is saved, and, while such an
agreement is a draft again, its detail's note (the Agreements page, `agreement show`): who had
made it ready for signing, who lowered the threshold and when, read from its
"agreement.approval_lapsed" audit entry (app/agreements/standing.py writes it)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import plural, tr
from app.models import Agreement, AgreementStatus, AuditEntry, User
from app.money import fmt
from app.wall_clock import wall_time

LAPSED = "agreement.approval_lapsed"
# The entries after which an agreement's readiness stands again: approved or made ready anew.
_STANDS_AGAIN = ("agreement.approve",)


def sent_back_words(numbers: Sequence[str], lang: str | None = None) -> str:
    """The agreements a lowered threshold sent back to wait for a supervisor, in a sentence."""
    return plural(
        len(numbers),
        "Agreement {numbers} is a draft again, waiting for a supervisor's approval: its waiver "
        "is above the new threshold.",
        "Agreements {numbers} are drafts again, waiting for a supervisor's approval: their "
        "waivers are above the new threshold.",
        lang,
        numbers=list(numbers),
    )


@dataclass(frozen=True)
class Lapse:
    at: str  # on the office's clock, "2026-12-07 23:41"
    by: str | None  # who lowered the threshold
    approver: str | None  # who had made it ready for signing
    threshold: int
    waiver: int

    def words(self, lang: str | None = None) -> str:
        said = {
            "date": self.at,
            "name": self.by or "—",
            "threshold": fmt(self.threshold),
            "waiver": fmt(self.waiver),
        }
        if self.approver is None:
            return tr(
                "It went back to a draft on {date}, when {name} lowered the office's waiver "
                "threshold to {threshold}, below its waiver of {waiver}.",
                lang,
                **said,
            )
        return tr(
            "Made ready for signing by {approver}, it went back to a draft on {date}, when {name} "
            "lowered the office's waiver threshold to {threshold}, below its waiver of {waiver}.",
            lang,
            approver=self.approver,
            **said,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "at": self.at,
            "by": self.by,
            "approved_by": self.approver,
            "threshold": self.threshold,
            "waiver": self.waiver,
        }


def _name(session: Session, user_id: object) -> str | None:
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    return user.display_name if user is not None else None


def approval_lapse(session: Session, agreement: Agreement, zone: zoneinfo.ZoneInfo) -> Lapse | None:
    """A draft's lapse under a lowered threshold, when that is what last happened to its
    approval; None for any other agreement (one approved again since, one never lapsed)."""
    if agreement.status is not AgreementStatus.DRAFT:
        return None
    entry = session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.entity == "agreement",
            AuditEntry.entity_id == agreement.agreement_no,
            AuditEntry.action.in_([LAPSED, *_STANDS_AGAIN]),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if entry is None or entry.action != LAPSED:
        return None
    changes = entry.changes or {}
    return Lapse(
        wall_time(entry.at, zone),
        _name(session, entry.user_id),
        _name(session, changes.get("approved_by")),
        int(changes.get("threshold") or 0),
        int(changes.get("waiver") or agreement.waiver_amount),
    )
