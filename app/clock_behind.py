"""Whether this computer's clock was set back: earlier than the office's latest recorded work.

Casedesk dates what it records by this computer's clock: a payment's default date, a contact's
time, the audit trail, the queue's day, the daily backup. A clock set back (a flat battery, a
wrong date typed in) puts today's work before yesterday's: a payment allocated ahead of one
already posted, cases closed by a queue rebuilt for an earlier day. The office's latest work is
its newest audit entry's time (an indexed read); a few minutes' drift between workstations is
allowed. Ordinary work is not refused (a wrong refusal would stop an office); the window and the
CLI warn, and the automatic work that would go backwards (the daily backup, the day's queue
rebuild to an earlier day) waits until the clock is right.

When this clock is right and the latest work was dated by a computer whose clock was ahead, an
admin confirms it (app/clock_right.py): until real time reaches that work's time, the clock is
judged by the work recorded since the confirmation, which this clock dated, so a clock set back
after it is still caught."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.i18n import sentences, tr
from app.models import AuditEntry, Case, CaseStatus, Setting
from app.models.base import utcnow
from app.office import office_zone
from app.wall_clock import wall_time

DRIFT = dt.timedelta(minutes=5)  # workstations sharing a server may differ by this much
# An admin's confirmation that this clock is right (app/clock_right.py), kept with the office, not
# one of its settings: {"entry": the confirming audit entry's id, "ahead_until": the latest
# work's time then, in the future}.
CONFIRMED = "clock.confirmed"


@dataclass(frozen=True)
class ClockBehind:
    computer: dt.datetime  # this computer's time now (aware)
    last_work: dt.datetime  # the office's latest recorded work (aware)
    zone: dt.tzinfo  # the office's: both are shown on its clock

    def _times(self) -> dict[str, str]:
        return {
            "now": wall_time(self.computer, self.zone),
            "last": wall_time(self.last_work, self.zone),
        }

    def short(self, lang: str | None = None) -> str:
        """One line for the status bar (the details name this computer's time too)."""
        return tr(
            "This computer's clock is earlier than the office's last recorded work ({last}).",
            lang,
            last=self._times()["last"],
        )

    def advice(
        self, lang: str | None = None, *, may_confirm: bool = False, cli: bool = False
    ) -> str:
        """What goes wrong and what to do: the login box, the status bar's details, the CLI. How
        to confirm this clock right depends on who reads it (QA s47 O-7): an admin
        (`may_confirm`) is told the window box's This clock is right… or, in a terminal (`cli`),
        the command first; anyone else to ask an admin, with no button named."""
        what = tr(
            "This computer's clock says {now}, but the office's last work was recorded at "
            "{last}. Payments, contacts and audit entries recorded now are dated by this clock, "
            "before work already recorded. Set this computer's date and time right, then carry "
            "on. Until then the daily backup and the day's queue rebuild wait.",
            lang,
            **self._times(),
        )
        if not may_confirm:
            then = tr(
                "If this clock is right, the last work was recorded on a computer whose clock "
                "was ahead: ask an admin to confirm this computer's clock is right; the backup "
                "and the rebuild then go on.",
                lang,
            )
        elif cli:
            then = tr(
                "If this clock is right, the last work was recorded on a computer whose clock "
                "was ahead: confirm it with casedesk db confirm-clock --reason TEXT (or This "
                "clock is right… in the window's warning); the backup and the rebuild then go on.",
                lang,
            )
        else:
            then = tr(
                "If this clock is right, the last work was recorded on a computer whose clock "
                "was ahead: confirm it with This clock is right… (or casedesk db confirm-clock "
                "--reason TEXT); the backup and the rebuild then go on.",
                lang,
            )
        return sentences([what, then], lang)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def latest_work(session: Session) -> dt.datetime | None:
    """The newest audit entry's time (its index's last), None in an office with none."""
    last = session.scalar(select(func.max(AuditEntry.at)))
    return None if last is None else _aware(last)


def confirmation(session: Session) -> tuple[int, dt.datetime] | None:
    """The confirming audit entry's id and the latest work's time it was confirmed against, while
    an admin's confirmation is kept; None without one."""
    row = session.get(Setting, CONFIRMED)
    value = row.value if row is not None else None
    if not isinstance(value, dict):
        return None
    try:
        return int(value["entry"]), _aware(dt.datetime.fromisoformat(value["ahead_until"]))
    except (TypeError, KeyError, ValueError):
        return None


def judged_by(session: Session, last: dt.datetime) -> dt.datetime:
    """The work this computer's clock is judged by: the office's latest (`last`); after an admin
    confirmed this clock right, the latest recorded since the confirmation (dated by the
    confirmed clock), as long as no work is dated later than the time confirmed against."""
    found = confirmation(session)
    if found is None or last > found[1]:
        return last
    since = session.scalar(select(func.max(AuditEntry.at)).where(AuditEntry.id >= found[0]))
    return last if since is None else _aware(since)


def clock_behind(session: Session, now: dt.datetime | None = None) -> ClockBehind | None:
    """How far this computer's clock is behind the office's latest work (or, once an admin
    confirmed it right, the work since: judged_by); None when it is not (more than DRIFT
    earlier)."""
    last = latest_work(session)
    if last is None:
        return None
    last = judged_by(session, last)
    moment = (now or utcnow()).astimezone(dt.UTC)
    if moment >= last - DRIFT:
        return None
    return ClockBehind(moment, last, office_zone(session))


def queue_built_for(session: Session) -> dt.date | None:
    """The latest day the open cases' figures were computed for (a full rebuild sets every open
    case's), None before any (or with no case open). Not the closed cases': a rebuild leaves
    them as they were, so after an admin confirmed this clock and the queue was rebuilt as of
    an earlier day, they still hold the later day the computer whose clock was ahead built for
    (QA). One pass over the case table, as before (4 ms on the reference office)."""
    return session.scalar(
        select(func.max(Case.computed_as_of)).where(Case.status != CaseStatus.CLOSED)
    )


def rebuild_goes_back(session: Session, now: dt.datetime | None = None) -> dt.date | None:
    """The day the queue was built for, when rebuilding it as of the office's date by this
    computer's clock would go back to an earlier day because the clock is behind; None when it
    would not (or when a supervisor set the queue date: a day chosen on purpose)."""
    from app import settings

    if settings.get(session, "queue.as_of") or clock_behind(session, now) is None:
        return None
    built = queue_built_for(session)
    return built if built is not None and settings.as_of(session) < built else None


def figures_held(session: Session, now: dt.datetime | None = None) -> dt.date | None:
    """The day the open cases' stored figures count while they are kept rather than recomputed:
    this computer's clock behind, the queue built for a later day than the queue date. The
    window's start rebuild waits then (app/cases/daily.py) and its pages show the stored
    figures; `casedesk dashboard` and `queue` show the same, so the two agree, and both say
    which day those count. None otherwise."""
    return rebuild_goes_back(session, now)


def held_said(built: dt.date, lang: str | None = None) -> str:
    """The queue's figures kept as of `built` while the clock is behind (`casedesk queue`, the
    Work queue page's notice)."""
    return tr(
        "This computer's clock is behind: days past due, buckets and amounts overdue are as of "
        "{built}, the day the queue was last built for; they are brought up to date once the "
        "clock is right.",
        lang,
        built=built.isoformat(),
    )


def held_heading(today: dt.date, built: dt.date, lang: str | None = None) -> str:
    """The dashboard's heading (and `casedesk dashboard`'s line) while the figures are kept."""
    return tr(
        "Today, {date}, by this computer's clock, which is behind; days past due, buckets and "
        "amounts overdue as of {built}",
        lang,
        date=today.isoformat(),
        built=built.isoformat(),
    )


def going_back(as_of: dt.date, built: dt.date) -> ValidationError:
    """The CLI's refusal to rebuild the queue as of an earlier day (`queue --rebuild`)."""
    return ValidationError(
        "Not rebuilding the queue as of {date}: it was already built as of {built}, and this "
        "computer's clock is earlier than the office's last recorded work. Set this computer's "
        "date and time right, then rebuild; to rebuild as of an earlier day on purpose, a "
        "supervisor sets the queue date (casedesk settings set queue.as_of=DATE).",
        date=as_of.isoformat(),
        built=built.isoformat(),
    )
