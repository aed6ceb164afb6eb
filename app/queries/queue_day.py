"""Which day the work queue's figures are of, said while a supervisor's queue date is not the
office's today (the Work queue page's notice and `casedesk queue`): its days past due, buckets
and amounts overdue count the queue date, and cases not yet rebuilt still hold another day's.

QA at month end: with the queue date 30 Nov, the page's M1 count differed from the portfolio
report of 1 Dec and nothing on the page said why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app import settings
from app.auth import Permission, can
from app.clock_behind import figures_held, held_said
from app.i18n import sentences, tr
from app.models import Case, CaseStatus, User
from app.office import office_today


@dataclass(frozen=True)
class QueueDay:
    """The queue date against today, and the open cases computed as of another day."""

    as_of: dt.date  # the queue date
    today: dt.date  # the office's today
    stale: int  # open cases whose figures were computed as of another day (or never)
    computed_on: dt.date | None  # the one day those were computed as of; None: several, or never
    may_rebuild: bool  # the user may press Rebuild queue (else a supervisor's)
    # The day the stored figures count, kept while this computer's clock is behind (the queue
    # date is today by that clock; app/clock_behind.py); None otherwise.
    held: dt.date | None = None

    @property
    def other_day(self) -> bool:
        return self.as_of != self.today

    def said(self, lang: str | None = None) -> str | None:
        """The notice in plain words; None while the queue date is today (and the figures are
        of that day)."""
        if self.held is not None:
            return held_said(self.held, lang)
        if not self.other_day:
            return None
        first = tr(
            "The queue date is {date}; today is {today}.",
            lang,
            date=self.as_of.isoformat(),
            today=self.today.isoformat(),
        )
        return sentences([first, self._figures(lang)], lang)

    def _figures(self, lang: str | None) -> str:
        date = self.as_of.isoformat()
        if not self.stale:
            return tr(
                "Days past due, buckets and amounts overdue are as of {date}.", lang, date=date
            )
        if self.computed_on is not None:
            computed = self.computed_on.isoformat()
            if self.may_rebuild:
                return tr(
                    "Days past due, buckets and amounts overdue are still as of {computed}: "
                    "Rebuild queue brings them to {date}.",
                    lang,
                    computed=computed,
                    date=date,
                )
            return tr(
                "Days past due, buckets and amounts overdue are still as of {computed}: "
                "a supervisor's Rebuild queue brings them to {date}.",
                lang,
                computed=computed,
                date=date,
            )
        if self.may_rebuild:
            return tr(
                "Days past due, buckets and amounts overdue are not yet all as of {date}: "
                "Rebuild queue brings them to that day.",
                lang,
                date=date,
            )
        return tr(
            "Days past due, buckets and amounts overdue are not yet all as of {date}: "
            "a supervisor's Rebuild queue brings them to that day.",
            lang,
            date=date,
        )


def queue_day(session: Session, user: User, as_of: dt.date | None = None) -> QueueDay:
    """The queue date (`as_of`, else the office's setting) against today, with one aggregate
    over the open cases' Case.computed_as_of when they differ: how many are of another day, and
    which day."""
    as_of = as_of or settings.as_of(session)
    today = office_today(session)
    may_rebuild = can(user, Permission.REBUILD_QUEUE)
    if as_of == today:  # nothing is said: no need to count (about 15 ms on 100,000 loans)
        return QueueDay(as_of, today, 0, None, may_rebuild, figures_held(session))
    other = or_(Case.computed_as_of.is_(None), Case.computed_as_of != as_of)
    stale, first, last, never = session.execute(
        select(
            func.count(Case.id),
            func.min(Case.computed_as_of),
            func.max(Case.computed_as_of),
            func.count(Case.id) - func.count(Case.computed_as_of),
        ).where(Case.status != CaseStatus.CLOSED, other)
    ).one()
    return QueueDay(
        as_of=as_of,
        today=today,
        stale=stale,
        computed_on=first if stale and not never and first == last else None,
        may_rebuild=may_rebuild,
    )
