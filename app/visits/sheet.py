"""The daily visit sheet as it leaves the database: each print is audited, as an agreement's and
a report's are, since the sheet carries every borrower's full phone number and home address.
A supervisor may print every agent's sheet for a day at once (the Reports page): one PDF, one
audit entry naming the agents and visits it holds."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, can, require
from app.errors import PermissionDenied
from app.i18n import current_language, normalise
from app.models import User
from app.queries.visits import VisitSheet, active_agents, day_sheet

EVERY_AGENT = ""  # whose sheet: every agent's with a visit on the day, one after another


def sheet_agents(session: Session, user: User) -> list[tuple[str, str]]:
    """(user name, display name) of the agents whose sheet `user` may print: every active agent
    for a supervisor, as the Visits page's calendar rows; an agent their own only."""
    require(user, Permission.BOOK_VISITS)
    if can(user, Permission.VIEW_ALL_CASES):
        return [(a.username, a.display_name) for a in active_agents(session)]
    return [(user.username, user.display_name)]


def day_sheets(session: Session, user: User, agent: str, day: dt.date) -> list[VisitSheet]:
    """`agent`'s sheet for the office-local `day`, or (EVERY_AGENT) the sheet of each active
    agent with a visit that day; one sheet without visits when nobody has one (its page says
    so). Nothing is audited here: `record_sheets` does, once the PDF is written."""
    if agent != EVERY_AGENT:
        return [day_sheet(session, user, agent, day)]
    require(user, Permission.BOOK_VISITS)
    if not can(user, Permission.VIEW_ALL_CASES):
        raise PermissionDenied("{user} may print only their own visit sheet.", user=user.username)
    sheets = [day_sheet(session, user, a.username, day) for a in active_agents(session)]
    found = [sheet for sheet in sheets if sheet.visits]
    if found:
        return found
    nobody = day_sheet(session, user, user.username, day)  # the office's header, no visits
    return [dataclasses.replace(nobody, agent_username="", agent_name="", agent_phone="")]


def record_sheets(
    session: Session,
    user: User,
    agent: str,
    day: dt.date,
    sheets: list[VisitSheet],
    lang: str | None = None,
    file_name: str | None = None,
) -> None:
    """One audit entry for one print: who printed whose sheet (every agent's: entity id "" and
    the agents named), for which day, with which visits, in which language and, for a file the
    user named, its name (as `record_report` records a report's)."""
    visits = list(dict.fromkeys(v.visit_no for sheet in sheets for v in sheet.visits))
    changes: dict[str, object] = {"day": day.isoformat(), "visits": visits}
    if agent == EVERY_AGENT:
        changes["agents"] = [sheet.agent_username for sheet in sheets if sheet.agent_username]
    changes["language"] = normalise(lang) if lang else current_language()
    if file_name:
        changes["file"] = file_name
    whose = sheets[0].agent_username if agent != EVERY_AGENT else EVERY_AGENT
    audit.record(session, user, "visit.sheet", "user", whose, changes)


def gather_sheet(
    session: Session,
    user: User,
    agent: str,
    day: dt.date,
    lang: str | None = None,
    file_name: str | None = None,
) -> VisitSheet:
    """`agent`'s visit sheet for the office-local `day`, to print in `lang`: who printed whose
    sheet, for which day, with which visits (and the name of the file the user named) is on the
    audit trail. Render it in the same transaction, so a sheet that could not be written leaves
    no entry."""
    sheet = day_sheet(session, user, agent, day)
    record_sheets(session, user, agent, day, [sheet], lang, file_name)
    return sheet
