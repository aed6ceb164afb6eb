"""What the rules said about the demo office's visit bookings and moves, written after its visits
are loaded, as app/visits/booking.py and reschedule.py record them (the compliance log and report
read them): each booking made without the borrower's agreement or consent to enter, let through
by the supervisor who approved it with a written reason (flagged_booking); a few moves refused
for quiet hours; and a booking or two refused because the agent asked along had lapsed field
training (blocked_attempt), each with its audit entry. The findings are the rule engine's, on the
case's facts and the agents' training on the visit's day.

Its randomness is its own generator's, seeded from the build's seed: the rest of the office is
drawn as ever. Nothing is stamped after the build's moment."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.compliance import active_ruleset, check
from app.compliance.context import build_context
from app.compliance.model import Action, History, Verdict
from app.demo.context import NO_LIMIT, OFFICE_ZONE, local_to_utc
from app.models import (
    BlockedAttempt,
    Case,
    Channel,
    FlaggedBooking,
    Party,
    Role,
    User,
    VerdictKind,
    Visit,
    VisitStatus,
)
from app.training import WorkKind, office_training
from app.visits.booking import BOOK, RESCHEDULE
from app.visits.reschedule import team_of

# What the supervisor wrote when letting a booking without the borrower's say through.
OVERRIDE_REASONS = (
    "借款人电话同意面谈，但不同意入户，约定在楼下沟通",
    "借款人同意上门，入户须现场当面确认，已提醒两名催收员",
    "借款人要求在小区门口见面，不进入住所，主管同意",
)
# The quiet-hours moves asked for: (start, Shanghai minute of the day), after work or before it.
QUIET_STARTS = (21 * 60 + 30, 7 * 60)
MOVED = (VisitStatus.BOOKED, VisitStatus.COMPLETED, VisitStatus.NO_SHOW)
TRAINING_TRIES = 40  # the newest bookings looked at for an agent with lapsed training

Entry = tuple[dt.datetime, User | None, str, str, dict[str, Any]]


def record_booking_flags(
    session: Session, seed: int, as_of: dt.date, latest: dt.datetime = NO_LIMIT
) -> int:
    """Flagged bookings, blocked moves and bookings, and their audit entries; returns how many
    rows of flagged_booking and blocked_attempt were written."""
    rng = random.Random(f"casedesk-demo-booking-flags-{seed}")
    _, version_id = active_ruleset(session)
    users = {u.id: u for u in session.scalars(select(User))}
    visits = [
        v
        for v in session.scalars(
            select(Visit).where(Visit.booked_at.is_not(None)).order_by(Visit.booked_at, Visit.id)
        )
        if _aware(v.booked_at) <= latest
    ]
    judge = _Judge(session, version_id)
    entries: list[Entry] = []
    rows: list[FlaggedBooking | BlockedAttempt] = []
    rows += _overrides(judge, visits, users, rng, entries)
    # Tried on an afternoon before the as-of day (today's entries are the office's own).
    last_day = as_of - dt.timedelta(days=1)
    rows += _quiet_moves(judge, visits, users, rng, entries, last_day, latest)
    rows += _lapsed_training(judge, visits, users, rng, entries)
    session.add_all(rows)
    session.flush()
    audit.record_many(
        session,
        (
            (user, action, "visit", number, changes, at)
            for at, user, action, number, changes in sorted(entries, key=lambda e: (e[0], e[3]))
        ),
    )
    return len(rows)


class _Judge:
    """The rule engine on a booking of the demo's past, as the booking's check runs it."""

    def __init__(self, session: Session, version_id: int | None) -> None:
        self.session, self.version_id = session, version_id
        self.ruleset = active_ruleset(session)[0]
        self.unfit: dict[dt.date, list[int]] = {}

    def __call__(self, visit: Visit, action: Action) -> Verdict:
        case = self.session.get(Case, visit.case_id)
        assert case is not None
        # The diary as it stood then is the demo's own (no agent on two visits, one open visit a
        # borrower); read now, it would hold the bookings made since.
        context = build_context(self.session, case, action)
        return check(action, replace(context, history=History()), self.ruleset)

    def unfit_on(self, day: dt.date) -> list[int]:
        """The agents without valid field training on `day`."""
        if day not in self.unfit:
            agents = self.session.scalars(
                select(User.id).where(User.role == Role.AGENT, User.active).order_by(User.id)
            ).all()
            self.unfit[day] = [
                a.agent_id
                for a in office_training(self.session, day, list(agents))
                if not a.qualified(WorkKind.FIELD)
            ]
        return self.unfit[day]


def _action(
    visit: Visit,
    agents: Sequence[int],
    start: dt.datetime,
    end: dt.datetime,
) -> Action:
    return Action(
        channel=Channel.VISIT,
        party=Party.BORROWER,
        at=start,
        at_workplace=visit.at_workplace,
        visit_end=end,
        visit_agents=tuple(agents),
        visit_id=visit.id,
        visit_borrower_agreed=visit.borrower_agreed,
        visit_consent_to_enter=visit.consent_to_enter,
    )


def _overrides(
    judge: _Judge,
    visits: list[Visit],
    users: dict[int, User],
    rng: random.Random,
    entries: list[Entry],
) -> list[FlaggedBooking]:
    """Each booking without the borrower's agreement or consent to enter: the supervisor who
    approved it overrode the rules, with a reason (a warning only is kept without one)."""
    rows = []
    for visit in visits:
        if visit.borrower_agreed and visit.consent_to_enter:
            continue
        start, end = _aware(visit.scheduled_start), _aware(visit.scheduled_end)
        team = team_of(visit)
        verdict = judge(visit, _action(visit, team, start, end))
        by = users.get(visit.approved_by_id or 0)
        if verdict.kind is VerdictKind.NEEDS_OVERRIDE:
            if by is None or by.role not in (Role.SUPERVISOR, Role.ADMIN):
                continue
            reason: str | None = rng.choice(OVERRIDE_REASONS)
        elif verdict.kind is VerdictKind.WARNING:
            by, reason = None, None
        else:
            continue
        at = _aware(visit.booked_at)
        booker = users.get(visit.booked_by_id or 0)
        rows.append(
            FlaggedBooking(
                case_id=visit.case_id,
                visit_id=visit.id,
                agent_id=visit.booked_by_id,
                action=BOOK,
                at=at,
                verdict=verdict.kind.value,
                findings=[f.as_json() for f in verdict.findings],
                ruleset_version_id=judge.version_id,
                override_by_id=by.id if by else None,
                override_reason=reason,
                slot_start=start,
                slot_end=end,
            )
        )
        details = {
            "case": _case_no(judge.session, visit),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "agents": team,
            "verdict": verdict.kind.value,
            "rules": verdict.rules,
            "ruleset": verdict.ruleset,
            "override_by": by.username if by else None,
            "override_reason": reason,
        }
        entries.append((at, booker, "visit.book", visit.visit_no, details))
    return rows


def _quiet_moves(
    judge: _Judge,
    visits: list[Visit],
    users: dict[int, User],
    rng: random.Random,
    entries: list[Entry],
    last_day: dt.date,
    latest: dt.datetime,
) -> list[BlockedAttempt]:
    """A few bookings the agent tried to move to the evening or the early morning, a day or more
    after booking and before the visit: refused for quiet hours, the visit kept its time."""
    candidates = [
        v
        for v in visits
        if v.status in MOVED
        and _local_day(v.booked_at) + dt.timedelta(days=1) < _local_day(v.scheduled_start)
        and _local_day(v.booked_at) < last_day
    ]
    if not candidates:
        return []
    count = min(len(candidates), 2 + len(candidates) // 25)
    # The newest, so a supervisor sees one in this month's report, and others from the past.
    chosen = [candidates[-1], *rng.sample(candidates[:-1], count - 1)]
    rows = []
    for visit in chosen:
        first = _local_day(visit.booked_at) + dt.timedelta(days=1)
        last = min(_local_day(visit.scheduled_start) - dt.timedelta(days=1), last_day)
        day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        at = local_to_utc(day, rng.randint(14 * 60, 17 * 60 + 59))
        if at > latest:
            continue
        start, end = _aware(visit.scheduled_start), _aware(visit.scheduled_end)
        moved = local_to_utc(_local_day(start), rng.choice(QUIET_STARTS))
        action = _action(visit, team_of(visit), moved, moved + (end - start))
        verdict = judge(visit, action)
        if verdict.kind is not VerdictKind.BLOCKED or "quiet_hours" not in _rules(verdict):
            continue
        rows.append(_blocked(judge, visit, RESCHEDULE, at, action, verdict))
        entries.append(_blocked_entry(users, visit, RESCHEDULE, at, action, verdict))
    return rows


def _lapsed_training(
    judge: _Judge,
    visits: list[Visit],
    users: dict[int, User],
    rng: random.Random,
    entries: list[Entry],
) -> list[BlockedAttempt]:
    """Of the newest bookings, up to two first tried with an agent whose field training had
    lapsed: refused; the booking then made with a trained colleague."""
    rows: list[BlockedAttempt] = []
    for visit in reversed(visits[-TRAINING_TRIES:]):
        team = team_of(visit)
        unfit = [a for a in judge.unfit_on(_local_day(visit.scheduled_start)) if a not in team]
        booked = _aware(visit.booked_at)
        at = booked - dt.timedelta(minutes=rng.randint(5, 40))
        if not unfit or not team or (visit.verified_at and at <= _aware(visit.verified_at)):
            continue
        start, end = _aware(visit.scheduled_start), _aware(visit.scheduled_end)
        action = _action(visit, [team[0], rng.choice(unfit)], start, end)
        verdict = judge(visit, action)
        if verdict.kind is not VerdictKind.BLOCKED or "visit_training" not in _rules(verdict):
            continue
        rows.append(_blocked(judge, visit, BOOK, at, action, verdict))
        entries.append(_blocked_entry(users, visit, BOOK, at, action, verdict))
        if len(rows) == 2:
            break
    return rows


def _blocked(
    judge: _Judge, visit: Visit, what: str, at: dt.datetime, action: Action, verdict: Verdict
) -> BlockedAttempt:
    """The block as app.compliance.gate.record_block keeps it: by whom, when it was tried, for
    which slot."""
    return BlockedAttempt(
        case_id=visit.case_id,
        agent_id=visit.booked_by_id,
        channel=Channel.VISIT,
        party=Party.BORROWER,
        action=what,
        at=at,
        slot_start=action.at,
        slot_end=action.visit_end,
        findings=[f.as_json() for f in verdict.findings],
        ruleset_version_id=judge.version_id,
        created_at=at,
    )


def _blocked_entry(
    users: dict[int, User],
    visit: Visit,
    what: str,
    at: dt.datetime,
    action: Action,
    verdict: Verdict,
) -> Entry:
    """The block's audit entry as app.visits.booking.judge_locked writes it: a booking or a move."""
    changes = {
        "start": action.at.isoformat(),
        "end": action.visit_end.isoformat() if action.visit_end else None,
        "attempt": what,
        "rules": _rules(verdict),
    }
    return (at, users.get(visit.booked_by_id or 0), "visit.blocked", visit.visit_no, changes)


def _rules(verdict: Verdict) -> list[str]:
    return verdict.rules


def _case_no(session: Session, visit: Visit) -> str:
    return session.scalar(select(Case.case_no).where(Case.id == visit.case_id)) or ""


def _aware(value: dt.datetime | None) -> dt.datetime:
    assert value is not None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _local_day(value: dt.datetime | None) -> dt.date:
    return _aware(value).astimezone(OFFICE_ZONE).date()
