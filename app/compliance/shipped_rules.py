"""Rules Casedesk ships that the office's stored rule set lacks, and adding them (admin).

A rule set in force is stored text (`RuleSetVersion`), and a rule missing from it never runs.
When a newer Casedesk ships a rule (third_party_consent came with the 2026.2 files,
contact_training with 2026.3, number_found_invalid with 2026.5, legal_case with 2026.6, the US and
UK visit_training with 2026.7), an office that stored its rule set earlier does not get it by
itself: `missing_shipped_rules` names such rules for the Rules page and `casedesk rules missing`,
and `add_shipped_rules` appends their shipped tables to the active version's text as a new,
audited version ("2026.1-r2"), leaving the office's own parameters and comments as they are.

An admin may instead keep the rule set without a rule (`decline_shipped_rules`): the decision is
an audit entry, so the start no longer asks about that rule, and the Rules page and the CLI say
who kept it out and when. The rule stays listed as missing and can still be added.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.compliance.ruleset import RuleSet, RuleSetError, shipped_ruleset, shipped_text
from app.compliance.versions import _next_version, _store, active_ruleset, in_force_today
from app.errors import ValidationError
from app.i18n import tr
from app.labels import RULE, label
from app.models import AuditEntry, RuleSetVersion, User

DECLINE = "ruleset.decline_rules"


@dataclass(frozen=True)
class Declined:
    """An admin's decision to keep the rule set without a shipped rule."""

    by: str  # the admin's display name
    on: dt.date  # the office's day it was decided

    def text(self, lang: str | None = None) -> str:
        """ "Kept out by 王芳 on 2026-12-02." """
        return tr("Kept out by {user} on {date}.", lang, user=self.by, date=self.on.isoformat())


@dataclass(frozen=True)
class MissingRule:
    """A shipped rule the stored rule set does not have, in the reader's language."""

    id: str
    label: str  # the rule's name
    severity: str  # as shipped: "info" | "warning" | "needs_override" | "blocked"
    enabled: bool  # as shipped (the US file ships some rules switched off)
    description: str
    citation: str
    declined: Declined | None = None  # kept out by an admin's decision


def declined_shipped_rules(
    session: Session, jurisdiction: str | None = None
) -> dict[str, Declined]:
    """The rules of `jurisdiction` (default: the rule set in force's) an admin decided to keep
    out, by id (the latest decision about each)."""
    from app.office import office_timezone
    from app.reporting.period import as_utc

    jurisdiction = jurisdiction or active_ruleset(session)[0].jurisdiction
    zone = zoneinfo.ZoneInfo(office_timezone(session))
    rows = session.execute(
        select(AuditEntry.at, AuditEntry.changes, User.display_name)
        .join(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.entity == "ruleset_version", AuditEntry.action == DECLINE)
        .order_by(AuditEntry.id)
    )
    found: dict[str, Declined] = {}
    for at, changes, name in rows:
        if (changes or {}).get("jurisdiction") == jurisdiction:
            for rule_id in changes.get("rules", []):
                found[rule_id] = Declined(name, as_utc(at).astimezone(zone).date())
    return found


def missing_shipped_rules(session: Session, lang: str | None = None) -> list[MissingRule]:
    """The shipped rules of the office's jurisdiction that the rule set in force lacks, in the
    shipped file's order, each with the decision that kept it out, if one did."""
    ruleset, _version_id = active_ruleset(session)
    try:
        shipped = shipped_ruleset(ruleset.jurisdiction)
    except RuleSetError:  # the file has a mistake (said at the start): nothing to offer from it
        return []
    declined = declined_shipped_rules(session, ruleset.jurisdiction)
    return [
        MissingRule(
            id=rule.id,
            label=label(RULE, rule.id, lang),
            severity=rule.severity.name.lower(),
            enabled=rule.enabled,
            description=rule.description(lang),
            citation=rule.citation_in(lang),
            declined=declined.get(rule.id),
        )
        for rule in shipped.rules.values()
        if rule.id not in ruleset.rules
    ]


def _check_missing(current: RuleSet, ids: list[str]) -> None:
    """Refuse an id the rule set in force has, or one its jurisdiction does not ship."""
    shipped = shipped_ruleset(current.jurisdiction)
    for rule_id in ids:
        if rule_id in current.rules:
            raise ValidationError(
                "The rule set {ruleset} already has the rule {rule}.",
                ruleset=current.label,
                rule=rule_id,
            )
        if rule_id not in shipped.rules:
            raise ValidationError(
                "Casedesk ships no rule {rule} for the {jurisdiction} rule set.",
                rule=rule_id,
                jurisdiction=current.jurisdiction.upper(),
            )


def undecided_shipped_rules(session: Session, lang: str | None = None) -> list[MissingRule]:
    """The missing shipped rules no admin has decided to keep out: what the start asks about."""
    return [rule for rule in missing_shipped_rules(session, lang) if rule.declined is None]


def decline_shipped_rules(session: Session, actor: User, rule_ids: Iterable[str]) -> None:
    """Keep the rule set in force without the shipped rules `rule_ids` (admin), audited; refuses
    a rule the rule set has or the jurisdiction does not ship. Adding one later still works."""
    require(actor, Permission.EDIT_RULESET)
    ids = list(dict.fromkeys(r.strip() for r in rule_ids if r.strip()))
    if not ids:
        raise ValidationError("Name at least one rule to keep out.")
    current, current_id = active_ruleset(session)
    _check_missing(current, ids)
    row = session.get(RuleSetVersion, current_id)
    assert row is not None
    audit.record(
        session,
        actor,
        "ruleset.decline_rules",  # DECLINE, written out for the audit words' scan
        "ruleset_version",
        current_id,
        {"rules": ids, "jurisdiction": current.jurisdiction, "version": row.version},
    )


def table_text(text: str, rule_id: str) -> str:
    """The `[rules.<id>]` table of a rule set file as written: its header and its lines up to
    the next table (without the blank lines or comments that lead into that one)."""
    lines = text.splitlines()
    header = f"[rules.{rule_id}]"
    start = next(i for i, line in enumerate(lines) if line.strip() == header)
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines)
    )
    table = lines[start:end]
    while table and (not table[-1].strip() or table[-1].lstrip().startswith("#")):
        table.pop()
    return "\n".join(table)


def _with_version(text: str, version: str) -> str | None:
    """The text with its top-level `version` set (the first `version =` line: top-level keys
    come before every table in TOML, and no rule has a parameter of that name); None when the
    text has no such line."""
    found, count = re.subn(r"(?m)^version\s*=.*$", f'version = "{version}"', text, count=1)
    return found if count else None


def add_shipped_rules(session: Session, actor: User, rule_ids: Iterable[str]) -> RuleSetVersion:
    """Append the shipped tables of `rule_ids` to the rule set in force, as a new active
    version, audited; refuses ids the jurisdiction does not ship or the rule set already has."""
    require(actor, Permission.EDIT_RULESET)
    ids = list(dict.fromkeys(r.strip() for r in rule_ids if r.strip()))
    if not ids:
        raise ValidationError("Name at least one rule to add.")
    current, current_id = active_ruleset(session)
    _check_missing(current, ids)
    row = session.get(RuleSetVersion, current_id)
    assert row is not None
    version = _next_version(session, row.jurisdiction, row.version)
    source = shipped_text(current.jurisdiction)
    tables = "\n\n".join(table_text(source, rule_id) for rule_id in ids)
    renamed = _with_version(row.content, version)
    if renamed is None:
        raise ValidationError("The rule set {ruleset} has no version line.", ruleset=current.label)
    # In force from now, as an edited version is (app.compliance.versions.change_parameters).
    renamed = in_force_today(session, renamed)
    text = renamed.rstrip("\n") + "\n\n" + tables + "\n"
    new = _store(session, text, actor, f"{row.jurisdiction.upper()} {version}")
    audit.record(
        session,
        actor,
        "ruleset.add_rules",
        "ruleset_version",
        new.id,
        {"rules": ids, "version": [row.version, new.version]},
    )
    return new
