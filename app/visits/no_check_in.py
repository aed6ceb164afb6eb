"""A booked visit whose booked end has passed with no check-in: no check-in can be taken any more
(app/visits/slot.py), and nobody has said what happened. It stays booked until someone records it
— a no-show if the team went and met nobody, or a cancellation with its reason — and until then
it is flagged beside the late check-outs (`visit alerts`, the Visits page's banner), on the visit
and on its case, and named when another visit is requested on the case (QA: it read "Booked" for
good, alerted nobody, and new visits were refused as one "under way"). A team that went out
without checking in is not heard from either, so it is a safety alert too: call them first.

A visit still awaiting a supervisor's approval, or on a case an open complaint pauses, is never
recorded as a no-show (app/visits/checkout.py): the advice on it offers the cancellation only
(QA: it offered a no-show the core then refused)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.i18n import listed, plural, sentences, tr
from app.models import User, Visit, VisitStatus
from app.models.base import utcnow
from app.visits.alerts import flagged_visits
from app.visits.common import approval_required, utc
from app.visits.slot import pausing_complaints
from app.wall_clock import end_clock, span, wall_time


@dataclass(frozen=True)
class MissedVisit:
    visit_no: str
    case_no: str
    borrower: str
    agents: tuple[str, ...]  # user names, the lead first
    agent_names: tuple[str, ...]  # their display names, in the same order
    address: str
    scheduled_start: dt.datetime  # aware UTC
    scheduled_end: dt.datetime
    minutes_over: int  # since the booked end
    # Why no no-show can be recorded on it (the checks of checkout.no_show): an open complaint
    # pauses contact on its case, or it still waits for a supervisor's approval. Cancel only.
    paused: bool = False
    awaiting_approval: bool = False

    @property
    def cancel_only(self) -> bool:
        """Whether the visit can only be cancelled, never recorded as a no-show."""
        return self.paused or self.awaiting_approval


def missed(status: VisitStatus, end: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """Whether a visit with this status and booked end was never checked in and now cannot be:
    booked, and its booked end has passed."""
    return status is VisitStatus.BOOKED and end is not None and utc(end) < utc(now or utcnow())


def missed_check_ins(
    session: Session,
    now: dt.datetime | None = None,
    viewer: User | None = None,
    *,
    case_id: int | None = None,
) -> list[MissedVisit]:
    """Booked visits whose booked end has passed with no check-in, the oldest first. With a
    `viewer` who may not see the office's cases (an agent), only those they are on the team of,
    as the late check-outs; with `case_id`, that case's only."""
    current = utc(now or utcnow())
    where = [
        Visit.status == VisitStatus.BOOKED,
        Visit.checked_in_at.is_(None),
        Visit.scheduled_end < current,
    ]
    if case_id is not None:
        where.append(Visit.case_id == case_id)
    found = flagged_visits(session, viewer, *where)
    paused = pausing_complaints(session, [row[0].case_id for row in found])
    approval = bool(found) and approval_required(session)  # the office's setting, read once
    result = []
    for visit, case_no, borrower, agents, names in found:
        assert visit.scheduled_start is not None and visit.scheduled_end is not None
        end = utc(visit.scheduled_end)
        result.append(
            MissedVisit(
                visit.visit_no,
                case_no,
                borrower,
                agents,
                names,
                visit.address,
                utc(visit.scheduled_start),
                end,
                int((current - end).total_seconds() // 60),
                visit.case_id in paused,
                approval and visit.approved_by_id is None,  # common.needs_approval
            )
        )
    return result


def booked_time(
    start: dt.datetime, end: dt.datetime, zone: dt.tzinfo, lang: str | None = None
) -> str:
    """The booked slot with its year, "2026-12-10 09:00–10:00": an old visit's day must not read
    as the coming one."""
    return span(wall_time(start, zone), end_clock(start, end, zone, lang=lang))


def what_to_do(
    lang: str | None = None, *, paused: bool = False, awaiting_approval: bool = False
) -> str:
    """What whoever reads the flag does about it: a no-show or a cancellation, or only the
    cancellation on a visit that cannot be recorded as a no-show (`paused`, `awaiting_approval`:
    the visit's, as MissedVisit's)."""
    if paused:  # said first, as checkout.no_show refuses it first
        return tr(
            "If the team went out, call them first; then cancel the visit with a reason: an "
            "open complaint pauses contact on its case, so it cannot be recorded as a no-show.",
            lang,
        )
    if awaiting_approval:
        return tr(
            "If the team went out, call them first; then cancel the visit with a reason: it was "
            "never approved, so it cannot be recorded as a no-show.",
            lang,
        )
    return tr(
        "If the team went out, call them first; then record what happened: a no-show if they "
        "went and met nobody, or cancel the visit with a reason.",
        lang,
    )


def advice(visit: MissedVisit, lang: str | None = None) -> str:
    """What to do about this one visit (what_to_do for its own case)."""
    return what_to_do(lang, paused=visit.paused, awaiting_approval=visit.awaiting_approval)


def advice_for_all(visits: Sequence[MissedVisit], lang: str | None = None) -> str:
    """What to do about a list of them (`visit alerts`, the Visits page's banner): one visit's
    own advice, else the general one with the visits that can only be cancelled named."""
    if len(visits) == 1:
        return advice(visits[0], lang)
    paused = [v.visit_no for v in visits if v.paused]
    waiting = [v.visit_no for v in visits if v.awaiting_approval and not v.paused]
    if visits and len(paused) + len(waiting) == len(visits):
        parts = [
            tr("If the team went out, call them first; then cancel each visit with a reason.", lang)
        ]
    else:
        parts = [what_to_do(lang)]
    if paused:
        parts.append(
            plural(
                len(paused),
                "Visit {numbers} cannot be recorded as a no-show: an open complaint pauses "
                "contact on its case.",
                "Visits {numbers} cannot be recorded as a no-show: open complaints pause contact "
                "on their cases.",
                lang,
                numbers=listed(paused, lang),
            )
        )
    if waiting:
        parts.append(
            plural(
                len(waiting),
                "Visit {numbers} cannot be recorded as a no-show: it was never approved.",
                "Visits {numbers} cannot be recorded as a no-show: they were never approved.",
                lang,
                numbers=listed(waiting, lang),
            )
        )
    return sentences(parts, lang)


def all_cancel_only(visits: Sequence[MissedVisit]) -> bool:
    """Whether every one of them can only be cancelled (the commands offer the cancel alone)."""
    return bool(visits) and all(v.cancel_only for v in visits)


def missed_words(
    number: str,
    start: dt.datetime,
    end: dt.datetime,
    agent_names: tuple[str, ...],
    zone: dt.tzinfo,
    lang: str | None = None,
) -> str:
    """One visit's flag as its own view says it: booked when, by whom, not checked in."""
    return tr(
        "Not checked in: visit {number} was booked for {time} ({agents}) and its time has "
        "passed with no check-in.",
        lang,
        number=number,
        time=booked_time(start, end, zone, lang),
        agents=listed(agent_names, lang),
    )


def missed_line(visit: MissedVisit, zone: dt.tzinfo, lang: str | None = None) -> str:
    """One line of `visit alerts` and the Visits page's banner."""
    return tr(
        "{number} ({case}, {borrower}): booked for {time}, not checked in — {agents}",
        lang,
        number=visit.visit_no,
        case=visit.case_no,
        borrower=visit.borrower,
        time=booked_time(visit.scheduled_start, visit.scheduled_end, zone, lang),
        agents=listed(visit.agent_names, lang),
    )


def missed_refusal(case_no: str, visit: MissedVisit, zone: dt.tzinfo) -> ValidationError:
    """Why no new visit is requested on a case whose booked visit was never checked in: that
    visit is named with its time, and what ends it (the cancellation only, when no no-show can be
    recorded on it)."""
    if visit.cancel_only:
        return ValidationError(
            "Case {case} still has visit {number} booked for {time}, never checked in; cancel it "
            "with a reason, then request a new visit.",
            case=case_no,
            number=visit.visit_no,
            time=booked_time(visit.scheduled_start, visit.scheduled_end, zone),
        )
    return ValidationError(
        "Case {case} still has visit {number} booked for {time}, never checked in; record it as "
        "a no-show if the team went and met nobody, or cancel it with a reason, then request a "
        "new visit.",
        case=case_no,
        number=visit.visit_no,
        time=booked_time(visit.scheduled_start, visit.scheduled_end, zone),
    )


def case_missed_note(session: Session, case_id: int, lang: str | None = None) -> str | None:
    """What the case page and `case show` say of the case's booked visit never checked in (its
    status still reads "Visit booked", its next action the visit's day); None when it has none."""
    from app.office import office_zone  # the office's clock, as the visit's own view reads it

    stale = missed_check_ins(session, case_id=case_id)
    if not stale:
        return None
    visit = stale[0]
    words = missed_words(
        visit.visit_no,
        visit.scheduled_start,
        visit.scheduled_end,
        visit.agent_names,
        office_zone(session),
        lang,
    )
    return sentences([words, advice(visit, lang)], lang)


def refuse_approving_missed(session: Session, visit: Visit) -> None:
    """Refuse approving a booked visit whose time has passed with no check-in: approving it
    would only book the past (it is moved to a new time or cancelled)."""
    if not missed(visit.status, visit.scheduled_end):
        return
    from app.office import office_zone  # the office's clock, as the visit's own view reads it

    assert visit.scheduled_start is not None and visit.scheduled_end is not None
    raise ValidationError(
        "Visit {number} was booked for {time}, which has passed with no check-in: move it to a "
        "new time or cancel it with a reason, rather than approve it.",
        number=visit.visit_no,
        time=booked_time(
            utc(visit.scheduled_start), utc(visit.scheduled_end), office_zone(session)
        ),
    )
