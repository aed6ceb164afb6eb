"""Which rule-set version was in force when: the office's history of versions stored and of
jurisdictions switched to.

A version is in force from the moment it is stored (`RuleSetVersion.created_at`) while the office
keeps its jurisdiction; a switch (`casedesk rules use`, Settings) is the audit entry
`ruleset.select` and brings back the newest version of the jurisdiction switched to, stored then.
Neither a version's `active` flag nor its `effective_on` date can say this: switching back to a
jurisdiction reactivates a version stored long before, whose date is the day it was first made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, RuleSetVersion
from app.office import get_office

SELECT = "ruleset.select"


@dataclass(frozen=True)
class InForce:
    """One stretch of time a version was the office's rule set in force: [start, end)."""

    version_id: int
    jurisdiction: str
    version: str
    start: dt.datetime  # aware UTC
    end: dt.datetime | None  # aware UTC; None: still in force

    @property
    def label(self) -> str:
        """ "CN 2026.3" """
        return f"{self.jurisdiction.upper()} {self.version}"

    def covers(self, instant: dt.datetime) -> bool:
        """In force just before `instant`."""
        return self.start < instant and (self.end is None or instant <= self.end)


def _utc(at: dt.datetime) -> dt.datetime:
    """A stored timestamp (UTC, naive on SQLite) as aware UTC."""
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def timeline(session: Session) -> list[InForce]:
    """Every stretch of time one version was in force, oldest first; nothing before the first
    version was stored (a history imported, or the demo's, was judged by that first one)."""
    office = get_office(session)
    r = RuleSetVersion
    stored = session.execute(
        select(r.id, r.jurisdiction, r.version, r.created_at).order_by(r.created_at, r.id)
    ).all()
    a = AuditEntry
    # The office's own entries: few, found through ix_audit_entry_entity.
    switches = session.execute(
        select(a.at, a.changes).where(a.entity == "office", a.action == SELECT).order_by(a.at, a.id)
    ).all()
    moves: list[tuple[str, str]] = []  # (from, to) in the order they happened
    # (when, 0 a version stored | 1 a switch, jurisdiction, version id, version)
    events: list[tuple[dt.datetime, int, str, int, str]] = []
    for at, changes in switches:
        pair = (changes or {}).get("jurisdiction") or []
        if len(pair) == 2:
            moves.append((str(pair[0]), str(pair[1])))
            events.append((_utc(at), 1, str(pair[1]), 0, ""))
    # A version stored and a switch at the same instant: the version first (a switch to a new
    # jurisdiction stores its first version, then writes the entry).
    events += [(_utc(row.created_at), 0, row.jurisdiction, row.id, row.version) for row in stored]
    events.sort(key=lambda e: (e[0], e[1]))
    current = moves[0][0] if moves else (office.jurisdiction if office else "cn")
    newest: dict[str, tuple[int, str]] = {}  # jurisdiction -> (id, version)
    found: list[InForce] = []
    for at, kind, jurisdiction, version_id, version in events:
        if kind:
            current = jurisdiction
        else:
            newest[jurisdiction] = (version_id, version)
        now = newest.get(current)
        last = found[-1] if found else None
        if now is None or (last is not None and last.version_id == now[0]):
            continue
        if last is not None:
            found[-1] = InForce(last.version_id, last.jurisdiction, last.version, last.start, at)
        found.append(InForce(now[0], current, now[1], at, None))
    return found


def in_force_at(session: Session, instant: dt.datetime) -> InForce | None:
    """The stretch in force just before `instant`; None before the first version was stored."""
    return next((s for s in timeline(session) if s.covers(instant)), None)
