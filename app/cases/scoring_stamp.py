"""Which scoring the queue's stored scores were computed with: a full rebuild stamps the office
with the code's SCORING_VERSION (app/cases/priority.py); an office without the stamp (built
before it) or with an older one is out of date, so the day's check rebuilds it at once rather
than tomorrow — after `db upgrade`, a window that upgraded an older office, or a restored older
backup, the queue is never a mix of the old and the new formula."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.cases.priority import SCORING_VERSION
from app.models import Setting

SCORED_WITH = "queue.scored_with"  # kept with the office, not one of its settings


def scored_with(session: Session) -> int | None:
    """The scoring version of the last full rebuild; None when none stamped it."""
    row = session.get(Setting, SCORED_WITH)
    return None if row is None or not isinstance(row.value, int) else row.value


def scoring_current(session: Session) -> bool:
    return scored_with(session) == SCORING_VERSION


def stamp_scoring(session: Session) -> None:
    """Record that the whole queue was just scored with this code's formula (in the rebuild's
    transaction)."""
    row = session.get(Setting, SCORED_WITH)
    if row is None:
        session.add(Setting(key=SCORED_WITH, value=SCORING_VERSION))
    elif row.value != SCORING_VERSION:
        row.value = SCORING_VERSION
    session.flush()
