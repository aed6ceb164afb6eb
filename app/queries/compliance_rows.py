"""The compliance log's display rows, fetched for one page of keys: a flagged contact attempt,
a blocked attempt (a contact, a visit booking or a move) or a flagged visit booking or move, each
with what the action was, who acted, who overrode it and why, and the reasons translated."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from app.compliance.model import cited, flagged_rules, stored_text, telling_findings
from app.i18n import clauses, current_language, tr
from app.models import (
    BlockedAttempt,
    Case,
    ContactAttempt,
    FlaggedBooking,
    RuleSetVersion,
    User,
    Visit,
)

CONTACT = "contact"
BLOCKED = "blocked"
BOOKING = "booking"
Key = tuple[str, int]
# A visit's flag copied from the audit trail by migration 0018 kept its rules but no words for
# them (nor, for an override, perhaps its reason): said so, not shown as nothing.
NOT_RECORDED = "not recorded (saved before this version)"
VISIT_ACTIONS = ("visit_book", "visit_reschedule", "visit_slot")
# A contact recorded more than this after its stated time (logged after the fact) shows when it
# was recorded beside that time: a back-dated entry is seen (found by QA).
RECORDED_LATE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class LogRow:
    key: Key
    when: dt.datetime  # aware UTC
    case_no: str
    agent: str  # display name: who acted
    channel: str  # Channel value
    party: str  # Party value
    verdict: str  # "warning" | "needs_override" | "blocked"
    rules: str  # comma list of rule ids
    reasons: str  # translated finding texts, "; "-joined
    overridden_by: str  # display name, "" when not overridden
    override_reason: str
    ruleset: str  # "CN 2026.1", "" when unknown
    citations: tuple[str, ...] = field(default_factory=tuple)
    # What was judged (app.labels.ACTION): a Channel value for a contact attempt, "visit_book" or
    # "visit_reschedule" for a visit's booking or move, "visit_slot" for an older visit block.
    action: str = ""
    # A flagged booking's or move's visit: its start now (aware UTC), None for any other entry.
    # The compliance report's Visits section counts a visit by it, the flags by `when`.
    visit_at: dt.datetime | None = None
    # The slot a visit's booking or move chose, or a refused one asked for (aware UTC); None for
    # a contact and for one from before the log kept it (a block's end may be all that is lost).
    slot_start: dt.datetime | None = None
    slot_end: dt.datetime | None = None
    # When the entry was recorded (aware UTC): a contact's `when` is the time it was made, as
    # logged, which may be long before; a visit's booking or move is dated when recorded.
    recorded_at: dt.datetime | None = None

    @property
    def is_visit_slot(self) -> bool:
        """A visit's booking or move (saved or refused), which has a slot to show."""
        return self.action in VISIT_ACTIONS

    @property
    def recorded_late(self) -> bool:
        """A contact recorded more than RECORDED_LATE after its stated time (back-dated)."""
        recorded, when = _aware(self.recorded_at), _aware(self.when)
        if self.is_visit_slot or recorded is None or when is None:
            return False
        return recorded - when > RECORDED_LATE


def _reasons(findings: list[dict[str, Any]] | None, lang: str | None) -> tuple[str, str, tuple]:
    # The rules broken; an allowed finding ("allowed because the borrower agreed") is no rule
    # broken, and says its reason only on a row where nothing else was found.
    rules, texts, citations = flagged_rules(findings), [], []
    for finding in telling_findings(findings):
        key = str(finding.get("key", ""))
        params = finding.get("params") or {}
        if key:
            try:
                texts.append(stored_text(key, params, lang))
            except (KeyError, IndexError, ValueError):
                texts.append(tr(key, lang))
        citation = cited(
            str(finding.get("citation") or ""),
            str(finding.get("citation_zh") or ""),
            lang or current_language(),
        )
        if citation and citation not in citations:
            citations.append(citation)
    if rules and not texts:  # rule ids alone: saved before the words were kept (0018)
        texts.append(tr(NOT_RECORDED, lang))
    return ", ".join(rules), clauses(texts, lang), tuple(citations)


def _override_reason(overridden_by: str | None, reason: str | None, lang: str | None) -> str:
    """An override's written reason; one saved without it says so."""
    if reason or not overridden_by:
        return reason or ""
    return tr(NOT_RECORDED, lang)


def _aware(at: dt.datetime | None) -> dt.datetime | None:
    return at.replace(tzinfo=dt.UTC) if at is not None and at.tzinfo is None else at


def slot_words(
    row: LogRow, zone: zoneinfo.ZoneInfo, lang: str | None = None, between: str = " "
) -> str:
    """The slot of a visit's booking or move in office time, "" for a contact."""
    if not row.is_visit_slot:
        return ""
    return slot_text(row.slot_start, row.slot_end, zone, lang, between)


def slot_text(
    start: dt.datetime | None,
    end: dt.datetime | None,
    zone: zoneinfo.ZoneInfo,
    lang: str | None = None,
    between: str = " ",
) -> str:
    """A stored slot (UTC) in office time: "2026-12-05 10:00–11:00" (`between` its day and its
    hours), its start alone when its end was not kept, "not recorded …" when it was saved before
    the log kept slots."""
    begins = _aware(start)
    if begins is None:
        return tr(NOT_RECORDED, lang)
    first = begins.astimezone(zone)
    ends = _aware(end)
    if ends is None:
        return f"{first:%Y-%m-%d}{between}{first:%H:%M}"
    last = ends.astimezone(zone)
    until = f"{last:%H:%M}" if last.date() == first.date() else f"{last:%Y-%m-%d %H:%M}"
    return f"{first:%Y-%m-%d}{between}{first:%H:%M}–{until}"


def _version_label(jurisdiction: str | None, version: str | None) -> str:
    return f"{jurisdiction.upper()} {version}" if jurisdiction and version else ""


def blocked_action(channel: str, action: str | None) -> str:
    """What a blocked attempt was: its action, else its channel (a visit's block from before
    the blocks named it: a booking or a move, not known which)."""
    if action:
        return action
    return "visit_slot" if channel == "visit" else channel


def log_rows(session: Session, keys: Sequence[Key], lang: str | None = None) -> dict[Key, LogRow]:
    """Display rows for one page of keys, one query per kind, reasons translated."""
    rows: dict[Key, LogRow] = {}
    ids: dict[str, list[int]] = {CONTACT: [], BLOCKED: [], BOOKING: []}
    for kind, item_id in keys:
        ids.setdefault(kind, []).append(item_id)
    if ids[CONTACT]:
        rows.update(_contact_rows(session, ids[CONTACT], lang))
    if ids[BLOCKED]:
        rows.update(_blocked_rows(session, ids[BLOCKED], lang))
    if ids[BOOKING]:
        rows.update(_booking_rows(session, ids[BOOKING], lang))
    return rows


ID_CHUNK = 500  # ids per IN (…) list: well under SQLite's bound-parameter limit


def ordered_rows(session: Session, keys: Sequence[Key], lang: str | None = None) -> list[LogRow]:
    """Display rows for `keys`, however many, in their order (a report's lists): `log_rows` a
    chunk at a time."""
    found: list[LogRow] = []
    for start in range(0, len(keys), ID_CHUNK):
        chunk = keys[start : start + ID_CHUNK]
        rows = log_rows(session, chunk, lang)
        found.extend(rows[key] for key in chunk if key in rows)
    return found


Flagged = type[ContactAttempt] | type[BlockedAttempt] | type[FlaggedBooking]


def _select(table: Flagged, ids: list[int], *more: Any) -> Select[Any]:
    """The rows of `ids` with what every kind shows (when, case, who acted, the findings, the
    rule set), then `more` columns."""
    return (
        select(
            table.id,
            table.at,
            Case.case_no,
            User.display_name.label("agent"),
            table.findings,
            RuleSetVersion.jurisdiction,
            RuleSetVersion.version,
            *more,
        )
        .join(Case, Case.id == table.case_id)
        .join(User, User.id == table.agent_id)
        .outerjoin(RuleSetVersion, RuleSetVersion.id == table.ruleset_version_id)
        .where(table.id.in_(ids))
    )


def _overridden(
    query: Select[Any], table: type[ContactAttempt] | type[FlaggedBooking]
) -> Select[Any]:
    """`query` with who overrode (`overrider`) and why."""
    overrider = aliased(User)
    return query.add_columns(
        overrider.display_name.label("overrider"), table.override_reason
    ).outerjoin(overrider, overrider.id == table.override_by_id)


def _shown(kind: str, r: Any, lang: str | None) -> dict[str, Any]:
    """The LogRow fields every kind fills the same way; an override's when `r` has one."""
    rules, reasons, citations = _reasons(r.findings, lang)
    overrider = getattr(r, "overrider", None)
    return {
        "key": (kind, r.id),
        "when": r.at,
        "case_no": r.case_no,
        "agent": r.agent or "",
        "rules": rules,
        "reasons": reasons,
        "overridden_by": overrider or "",
        "override_reason": _override_reason(overrider, getattr(r, "override_reason", None), lang),
        "ruleset": _version_label(r.jurisdiction, r.version),
        "citations": citations,
        # A flagged booking's `at` is when it was recorded (it keeps no created_at).
        "recorded_at": _aware(getattr(r, "created_at", r.at)),
    }


def _contact_rows(session: Session, ids: list[int], lang: str | None) -> dict[Key, LogRow]:
    k = ContactAttempt
    query = _overridden(_select(k, ids, k.channel, k.party, k.verdict, k.created_at), k)
    rows: dict[Key, LogRow] = {}
    for r in session.execute(query):
        channel = str(r.channel.value)
        row = LogRow(
            **_shown(CONTACT, r, lang),
            channel=channel,
            party=str(r.party.value),
            verdict=str(r.verdict.value),
            action=channel,
        )
        rows[row.key] = row
    return rows


def _blocked_rows(session: Session, ids: list[int], lang: str | None) -> dict[Key, LogRow]:
    b = BlockedAttempt
    query = _select(b, ids, b.channel, b.party, b.action, b.slot_start, b.slot_end, b.created_at)
    rows: dict[Key, LogRow] = {}
    for r in session.execute(query):
        channel = str(r.channel.value)
        row = LogRow(
            **_shown(BLOCKED, r, lang),
            channel=channel,
            party=str(r.party.value),
            verdict=BLOCKED,
            action=blocked_action(channel, r.action),
            slot_start=_aware(r.slot_start),
            slot_end=_aware(r.slot_end),
        )
        rows[row.key] = row
    return rows


def _booking_rows(session: Session, ids: list[int], lang: str | None) -> dict[Key, LogRow]:
    f = FlaggedBooking
    query = _overridden(
        _select(f, ids, f.verdict, f.action, Visit.scheduled_start, f.slot_start, f.slot_end),
        f,
    ).join(Visit, Visit.id == f.visit_id)
    rows: dict[Key, LogRow] = {}
    for r in session.execute(query):
        row = LogRow(
            **_shown(BOOKING, r, lang),
            channel="visit",
            party="borrower",
            verdict=str(r.verdict),
            action=str(r.action),
            visit_at=_aware(r.scheduled_start),
            slot_start=_aware(r.slot_start),
            slot_end=_aware(r.slot_end),
        )
        rows[row.key] = row
    return rows
