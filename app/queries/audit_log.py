"""The audit trail for supervisors and admins: entries newest first, filtered in SQL by user,
action (prefix), record, case or borrower (and all of theirs: app/queries/audit_case.py) and
office-local dates; display rows fetched a page at a time."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, false, or_, select
from sqlalchemy.orm import Session

from app.agreements.readiness import made_ready
from app.audit_kinds import record_words
from app.audit_labels import AUDIT_ACTION_READY, action_msgid
from app.audit_seal import Opener
from app.audit_words import Reader, one_line
from app.auth import Permission, require
from app.country_data import office_country
from app.errors import ValidationError
from app.i18n import current_language, listed, tr
from app.labels import AUDIT_ENTITY, REPORT_KIND, label
from app.models import Agreement, AuditEntry, User
from app.names import by_name
from app.office import office_timezone
from app.queries.audit_actions import action_choices as action_choices  # the filter's choices
from app.queries.audit_actions import action_matches, check_action
from app.queries.audit_case import borrower_trail, case_trail

SYSTEM = 0  # user filter value for entries written without a user ("(system)")
HASH_PREFIX = 12


@dataclass
class AuditFilter:
    """What the trail shows; None (or "") means "no restriction"."""

    user_id: int | None = None  # SYSTEM for entries without a user
    # A prefix: "contact" matches "contact.log", "contact.blocked"; or one reading of a code
    # ("agreement.ready", "case.handed_back": app/queries/audit_actions.py)
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None
    date_from: dt.date | None = None  # office-local days, both inclusive
    date_to: dt.date | None = None
    case_no: str | None = None  # the case and its contacts, promises, visits, agreements …
    borrower_no: str | None = None  # the borrower, their loans and every case of theirs

    def whose(self, lang: str | None = None) -> str:
        """The case or borrower the trail is narrowed to, in words ("case C2026-000001"); ""."""
        said = []
        if self.case_no:
            said.append(tr("case {case}", lang, case=self.case_no.strip()))
        if self.borrower_no:
            said.append(tr("borrower {number}", lang, number=self.borrower_no.strip()))
        return listed(said, lang)

    def nothing(self, lang: str | None = None) -> str:
        """What an empty trail says: "No audit entries for case C2026-000001." """
        whose = self.whose(lang)
        if whose:
            return tr("No audit entries for {whose}.", lang, whose=whose)
        return tr("No audit entries match these filters.", lang)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime  # aware UTC
    user: str  # display name, or "(system)"
    action: str
    entity: str
    entity_id: str
    hash: str  # first HASH_PREFIX characters
    # As recorded (codes, minor units, user names), a borrower's sealed values opened
    raw_changes: dict[str, Any] | None = None
    words: tuple[str, ...] = ()  # the changes in the reader's words, field by field
    record_name: str = ""  # an account's name (its id is a number), a report's title
    # An agreement.approve that made the agreement ready for signing (_drafters below).
    made_ready: bool = False

    def record(self) -> str:
        """The record's id, with the account's name before it when it is one: 王慧 (2); a
        report's title alone."""
        if self.entity == "report":
            return self.record_name or self.entity_id
        return f"{self.record_name} ({self.entity_id})" if self.record_name else self.entity_id

    def words_line(self, lang: str | None = None) -> str:
        """The changes in words on one line (the view elides it)."""
        return one_line(self.words, lang)

    def action_words(self, lang: str | None = None) -> str:
        """The action's code in words: "Payment posted" (收款入账); a visit's move blocked by a
        rule as one, though its code is a booking's (its details say which was tried)."""
        msgid = action_msgid(self.action, self.raw_changes, self.made_ready)
        return tr(msgid, lang) if msgid else self.action

    def affected(self, lang: str | None = None) -> str:
        """The kind of record and which, as the Audit page says it: 账户 王慧 (2); a setting by
        its label, a list by its title (the codes stay in the Record id filter and the export)."""
        which = record_words(self.entity, self.entity_id, lang) or self.record()
        return f"{label(AUDIT_ENTITY, self.entity, lang)} {which}".strip()


def _zone(session: Session) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(office_timezone(session))


def _bounds(session: Session, flt: AuditFilter) -> tuple[dt.datetime | None, dt.datetime | None]:
    low = office_day_start(session, flt.date_from) if flt.date_from else None
    high = office_day_start(session, flt.date_to + dt.timedelta(days=1)) if flt.date_to else None
    return low, high


def office_day_start(session: Session, day: dt.date) -> dt.datetime:
    """When the office's `day` begins, in UTC: the trail's days are the office's (in Shanghai
    1 Dec begins at 16:00 UTC 30 Nov), on the Audit page and in `casedesk audit export` alike."""
    return dt.datetime.combine(day, dt.time(), _zone(session)).astimezone(dt.UTC)


def audit_ids(
    session: Session, user: User, flt: AuditFilter | None = None, descending: bool = True
) -> list[int]:
    """Ids of the entries matching `flt`, newest first: by time, then in the chain's order (the
    demo office's history is appended at its build with the times it happened). An unknown case
    or borrower number raises NotFound; a range ending before it starts, ValidationError (it
    listed nothing, and the supervisor read "0 audit entries")."""
    require(user, Permission.VIEW_AUDIT)
    flt = flt or AuditFilter()
    if flt.date_from and flt.date_to and flt.date_to < flt.date_from:
        raise ValidationError("The period ends before it starts.")
    a = AuditEntry
    query = select(a.id)
    if flt.user_id == SYSTEM:
        query = query.where(a.user_id.is_(None))
    elif flt.user_id is not None:
        query = query.where(a.user_id == flt.user_id)
    if flt.action and flt.action.strip():
        check_action(session, flt.action.strip())  # "nope" is refused, not "no entries match"
        query = query.where(action_matches(flt.action.strip()))
    if flt.entity:
        query = query.where(a.entity == flt.entity.strip())
    if flt.entity_id:
        query = query.where(_record_is(session, flt.entity, flt.entity_id.strip()))
    if flt.case_no and flt.case_no.strip():
        query = query.where(case_trail(session, user, flt.case_no.strip()))
    if flt.borrower_no and flt.borrower_no.strip():
        query = query.where(borrower_trail(session, flt.borrower_no))
    low, high = _bounds(session, flt)
    if low is not None:
        query = query.where(a.at >= low)
    if high is not None:
        query = query.where(a.at < high)
    query = query.order_by(
        *((a.at.desc(), a.id.desc()) if descending else (a.at.asc(), a.id.asc()))
    )
    return [int(i) for i in session.scalars(query)]


def _record_is(session: Session, entity: str | None, typed: str) -> ColumnElement[bool]:
    """The entries about the record typed in the Record id box. An account's entries name it by
    its id (user.role: "8") or by its user name (visit.sheet: "agent03"): either, or the
    person's name, finds them all."""
    a = AuditEntry
    if entity not in (None, "", "user"):
        return a.entity_id == typed
    found = session.execute(
        select(User.id, User.username).where(
            or_(User.username == typed, User.display_name == typed, cast(User.id, String) == typed)
        )
    ).all()
    aliases = {str(v) for row in found for v in row}
    same_account = and_(a.entity == "user", a.entity_id.in_(aliases)) if aliases else false()
    return or_(a.entity_id == typed, same_account)


def pretty_changes(changes: dict[str, Any] | None) -> str:
    """The full changes JSON, indented (for tooltips)."""
    if changes is None:
        return ""
    return json.dumps(changes, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def audit_rows(
    session: Session, ids: Sequence[int], lang: str | None = None
) -> dict[int, AuditRow]:
    """Display rows for one page of ids, in one query."""
    if not ids:
        return {}
    a = AuditEntry
    query = (
        select(a.id, a.at, User.display_name, a.action, a.entity, a.entity_id, a.changes, a.hash)
        .add_columns(a.user_id, User.role)
        .outerjoin(User, User.id == a.user_id)
        .where(a.id.in_(list(ids)))
    )
    system = tr("(system)", lang)
    names = account_names(session)
    reader = Reader(lang or current_language(), _zone(session), names, office_country(session))
    found = session.execute(query).all()
    opener = Opener(session, lang)  # a borrower's sealed personal data, or "(erased)"
    opener.load(r[6] for r in found)
    drafters = _drafters(session, [r[5] for r in found if r[3] in AUDIT_ACTION_READY])
    rows: dict[int, AuditRow] = {}
    for r in found:
        at = r[1] if r[1].tzinfo else r[1].replace(tzinfo=dt.UTC)
        changes = opener.open(r[6])
        rows[r[0]] = AuditRow(
            id=r[0],
            at=at,
            user=r[2] or system,
            action=r[3],
            entity=r[4],
            entity_id=r[5] or "",
            hash=(r[7] or "")[:HASH_PREFIX],
            raw_changes=changes,
            words=tuple(reader.parts(r[3], changes, r[5] or "")),
            record_name=_record_name(names, r[4], r[5] or "", lang),
            made_ready=r[3] in AUDIT_ACTION_READY and made_ready(r[8], drafters.get(r[5]), r[9]),
        )
    return rows


def _drafters(session: Session, numbers: Sequence[str]) -> dict[str, int | None]:
    """Who drafted each of these agreements, by number: an approval by its drafter, or by one
    who may not approve agreements, made it ready for signing (app/agreements/readiness.py) —
    told from the entry's user and the agreement, as the list tells it (no detail recorded)."""
    if not numbers:
        return {}
    query = select(Agreement.agreement_no, Agreement.drafted_by_id).where(
        Agreement.agreement_no.in_(set(numbers))
    )
    return {number: drafter for number, drafter in session.execute(query)}


def _record_name(names: dict[str | int, str], entity: str, entity_id: str, lang: str | None) -> str:
    if entity == "report":
        return label(REPORT_KIND, entity_id, lang)
    if entity != "user":
        return ""
    return names.get(int(entity_id) if entity_id.isdigit() else entity_id, "")


def account_names(session: Session) -> dict[str | int, str]:
    """Each account's name by its id and by its user name (the trail records either)."""
    names: dict[str | int, str] = {}
    for uid, username, name in session.execute(select(User.id, User.username, User.display_name)):
        names[uid] = names[username] = name or username
    return names


def entity_choices(session: Session) -> list[str]:
    """Every entity kind in the trail, sorted (for the filter)."""
    return list(session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)))


@dataclass(frozen=True)
class UserChoice:
    id: int
    display_name: str


def user_choices(session: Session) -> list[UserChoice]:
    """Every account, active or not (the trail is history), in pinyin order of their names."""
    query = select(User.id, User.display_name, User.username).order_by(User.id)
    choices = [UserChoice(i, name or username) for i, name, username in session.execute(query)]
    return by_name(choices, lambda c: c.display_name)
