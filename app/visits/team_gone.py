"""A booked visit with a deactivated account on its team: its check-in is refused
(app/visits/team_check.py), so someone reschedules it with a new team in time. Deactivating the
account told only the admin (QA s46: `visit show`, `visit list`, `visit alerts` and the Visits page
read it as booked and approved, the agent's row gone from the calendar); it is flagged now where a
supervisor looks, with what to do: `visit alerts` and the Visits page's banner list the visits to
come, and the visit's own row, calendar cell, detail and `visit show` name the account.

An account on the team that is no longer a collection agent (made a supervisor since the booking)
is flagged the same way: it may not go either (QA s46: its visit read as booked and checked in).
A visit whose booked start has passed is offered a new time with its new team, not its own."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from app.account_handover import booked_to_come
from app.i18n import listed, sentences, tr
from app.models import Role, User, Visit, VisitAgent
from app.models.base import utcnow
from app.visits.alerts import flagged_visits
from app.visits.common import utc
from app.visits.no_check_in import booked_time


@dataclass(frozen=True)
class GoneTeamVisit:
    visit_no: str
    case_no: str
    borrower: str
    agents: tuple[str, ...]  # user names, the lead first
    agent_names: tuple[str, ...]  # their display names, in the same order
    gone: tuple[str, ...]  # the user names on the team that may not go: deactivated, not agents
    scheduled_start: dt.datetime  # aware UTC
    scheduled_end: dt.datetime

    @property
    def gone_names(self) -> tuple[str, ...]:
        return names_of(self.gone, self.agents, self.agent_names)


def names_of(gone: Sequence[str], agents: Sequence[str], names: Sequence[str]) -> tuple[str, ...]:
    """The display names of the `gone` user names, from a team's (`agents`, `names`)."""
    shown = dict(zip(agents, names, strict=False))
    return tuple(shown.get(username) or username for username in gone)


def off_team() -> ColumnElement[bool]:
    """An account that may no longer go on a visit: deactivated, or no longer a collection agent
    (a role changed since the booking)."""
    return or_(User.active.is_(False), User.role != Role.AGENT)


def deactivated_members(session: Session, visit_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """visit id -> the user names on its team that may no longer go (`off_team`: deactivated,
    or no longer agents), the lead first (only the visits that have one)."""
    found: dict[int, list[str]] = defaultdict(list)
    ids = list(visit_ids)
    for start in range(0, len(ids), 900):
        for visit_id, username in session.execute(
            select(VisitAgent.visit_id, User.username)
            .join(User, User.id == VisitAgent.agent_id)
            .where(VisitAgent.visit_id.in_(ids[start : start + 900]), off_team())
            .order_by(VisitAgent.visit_id, VisitAgent.lead.desc(), VisitAgent.id)
        ):
            found[visit_id].append(username)
    return {visit_id: tuple(users) for visit_id, users in found.items()}


def gone_team_visits(
    session: Session,
    now: dt.datetime | None = None,
    viewer: User | None = None,
    *,
    case_id: int | None = None,
) -> list[GoneTeamVisit]:
    """Booked visits still to come (their booked end not passed: one passed is flagged as not
    checked in) with an account on the team that may no longer go (deactivated, or not an agent),
    the soonest first. With a `viewer` who may not see the office's cases (an agent), only those
    they are on the team of."""
    inactive = (
        exists()
        .where(VisitAgent.visit_id == Visit.id)
        .where(VisitAgent.agent_id == User.id, off_team())
    )
    where = [*booked_to_come(now), inactive]  # what deactivating counts (app.account_handover)
    if case_id is not None:
        where.append(Visit.case_id == case_id)
    found = flagged_visits(session, viewer, *where)
    gone = deactivated_members(session, [row[0].id for row in found])
    result = []
    for visit, case_no, borrower, agents, names in found:
        assert visit.scheduled_start is not None and visit.scheduled_end is not None
        result.append(
            GoneTeamVisit(
                visit.visit_no,
                case_no,
                borrower,
                agents,
                names,
                gone.get(visit.id, ()),
                utc(visit.scheduled_start),
                utc(visit.scheduled_end),
            )
        )
    return result


def gone_words(number: str, gone_names: Sequence[str], lang: str | None = None) -> str:
    """One visit's flag as its own view says it: who on the team may no longer go (deactivated,
    or no longer an agent), and that no check-in is taken until its team changes."""
    return tr(
        "Team to staff anew: {agents}, on visit {number}'s team, may no longer go on visits "
        "(account deactivated, or no longer an agent); no check-in is taken until the team is "
        "changed.",
        lang,
        number=number,
        agents=listed(gone_names, lang),
    )


def start_passed(start: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """Whether the visit's booked start has passed: it cannot keep its time (no booking goes
    into the past), so it is moved to a new time with its new team, or cancelled."""
    return start is not None and utc(start) <= utc(now or utcnow())


def restaff_command(
    number: str, start: dt.datetime, zone: dt.tzinfo, now: dt.datetime | None = None
) -> str:
    """The command that gives the visit a new team at its booked time (the CLI's advice); a new
    time when that start has passed."""
    if start_passed(start, now):
        return tr(
            "Its booked start has passed: give it a new time with the new team. Command: "
            "casedesk visit reschedule {number} --agents A,B --start NEW_TIME --reason TEXT, or "
            "casedesk visit cancel {number} --reason TEXT.",
            number=number,
        )
    at = start.astimezone(zone).isoformat(timespec="minutes")
    return tr(
        "Command: casedesk visit reschedule {number} --agents A,B --start {start} --reason TEXT "
        "(the same start keeps its time), or casedesk visit cancel {number} --reason TEXT.",
        number=number,
        start=at,
    )


def restaff_advice(
    lang: str | None = None,
    *,
    window: bool = False,
    count: int = 1,
    passed: bool = False,
    some_passed: bool = False,
) -> str:
    """What whoever reads the flag does about it (`count` visits): reschedule it with a new team,
    in the window with its Reschedule… dialog; `passed`: their booked start has passed, so a new
    time as well (the same one is refused); `some_passed`: only some of theirs has, so a new time
    for those (s46's note: a list of both said "its time can stay" of every one)."""
    if some_passed and not passed:
        if window:
            return tr(
                "Select a visit, then Reschedule… and choose a new team, and a new time where "
                "its booked start has passed, or Cancel visit….",
                lang,
            )
        return tr(
            "Reschedule each with a new team, and a new time where its booked start has "
            "passed, or cancel it.",
            lang,
        )
    if passed:
        if window:
            return tr(
                "Its booked start has passed: select the visit, then Reschedule… and choose a "
                "new time and a new team, or Cancel visit….",
                lang,
            )
        return tr(
            "Its booked start has passed: reschedule it to a new time with a new team, or "
            "cancel it.",
            lang,
        )
    if window:
        return tr(
            "Select the visit, then Reschedule… and choose a new team (its time can stay), or "
            "Cancel visit….",
            lang,
        )
    if count == 1:  # plural() gives Chinese its "each" form even for one (QA s46)
        return tr("Reschedule it with a new team (its time can stay), or cancel it.", lang)
    return tr("Reschedule each with a new team (its time can stay), or cancel it.", lang)


def gone_text(
    number: str,
    gone_names: Sequence[str],
    lang: str | None = None,
    *,
    start: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The flag and what to do, in the window (the Visits page's detail of the visit selected);
    a new time as well once its booked `start` has passed."""
    if start_passed(start, now):
        what = tr(
            "Its booked start has passed: Reschedule… gives it a new time and a new team; or "
            "Cancel visit….",
            lang,
        )
    else:
        what = tr(
            "Reschedule… gives it a new team (its time can stay); or Cancel visit….",
            lang,
        )
    return sentences([gone_words(number, gone_names, lang), what], lang)


def gone_line(visit: GoneTeamVisit, zone: dt.tzinfo, lang: str | None = None) -> str:
    """One line of `visit alerts` and the Visits page's banner."""
    return tr(
        "{number} ({case}, {borrower}): booked for {time} — {agents}; may no longer go: {gone}",
        lang,
        number=visit.visit_no,
        case=visit.case_no,
        borrower=visit.borrower,
        time=booked_time(visit.scheduled_start, visit.scheduled_end, zone, lang),
        agents=listed(visit.agent_names, lang),
        gone=listed(visit.gone_names, lang),
    )


def case_gone_note(session: Session, case_id: int, lang: str | None = None) -> str | None:
    """What the case page and `case show` say of the case's booked visit whose team must be
    staffed anew (QA s46: only the visit's own views said so), as `visit show` says it; None
    when it has none."""
    lines = [
        sentences(
            [
                gone_words(visit.visit_no, visit.gone_names, lang),
                restaff_advice(lang, passed=start_passed(visit.scheduled_start)),
            ],
            lang,
        )
        for visit in gone_team_visits(session, case_id=case_id)
    ]
    return "\n".join(lines) or None
