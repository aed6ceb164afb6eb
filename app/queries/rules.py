"""The rule set in force for the Rules page: its rules (parameters as text) and its versions."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.rule_params import PARAM_NAMES
from app.compliance.ruleset import PARAMS, Rule, RuleSet, active_ruleset, shipped_ruleset
from app.errors import CasedeskError
from app.i18n import listed, tr
from app.labels import CHANNEL, PARTY, RULE_SEVERITY, capital, label
from app.models import RuleSetVersion, User
from app.office import office_timezone


@dataclass(frozen=True)
class RuleRow:
    id: str
    description: str  # in the requested language
    severity: str  # "info" | "warning" | "needs_override" | "blocked"
    enabled: bool
    params: str  # "start=22:00, end=08:00"
    citation: str
    params_words: str = ""  # the same in the reader's words: "Quiet from 22:00 · Quiet until 08:00"


@dataclass(frozen=True)
class VersionRow:
    id: int
    version: str  # "2026.1-r2"
    label: str  # "CN 2026.1-r2"
    effective_on: dt.date
    created_at: dt.datetime  # aware, in the office's time zone
    created_by: str  # display name, "" when stored by the app itself
    active: bool  # the stored flag: the active version of its jurisdiction
    in_force: bool  # the version the checks use now


@dataclass(frozen=True)
class RulesView:
    jurisdiction: str  # "cn"
    version: str  # "2026.1"
    label: str  # "CN 2026.1"
    effective_on: dt.date
    name: str  # in the requested language
    version_id: int  # the row in force
    rules: list[RuleRow]
    versions: list[VersionRow]  # of this jurisdiction, newest first


def format_value(value: Any) -> str:
    """One parameter value as text: lists comma-joined, booleans true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def rule_params(rule: Rule) -> dict[str, Any]:
    """Every parameter the rule knows (PARAMS order), its stored value else the default."""
    known = {name: rule.params.get(name, spec[1]) for name, spec in PARAMS[rule.id].items()}
    return known | {k: v for k, v in rule.params.items() if k not in known}


def params_text(rule: Rule) -> str:
    """'start=22:00, end=08:00, …' — the rule's parameters in PARAMS order."""
    return ", ".join(f"{k}={format_value(v)}" for k, v in rule_params(rule).items())


SCRIPT_WORDS = {
    "no_disclosure": "Disclose nothing about the debt",
    "location_only": "Ask for location information only",
    "identity_first": "Give your identity first",
}
# From when a records-retention period counts (app.compliance.rule_params.RETENTION_FROM).
RETENTION_FROM_WORDS = {
    "last_activity": "The case's last collection activity",
    "closure": "The case's closure",
}


def _value_words(kind: str, value: Any, lang: str | None) -> str:
    if kind == "bool":
        return tr("Yes" if value else "No", lang)
    if kind in ("channels", "parties"):
        table = CHANNEL if kind == "channels" else PARTY
        return listed([capital(label(table, v, lang)) for v in value], lang)
    if kind == "script":
        return tr(SCRIPT_WORDS.get(str(value), str(value)), lang)
    if kind == "retention_from":
        return tr(RETENTION_FROM_WORDS.get(str(value), str(value)), lang)
    return format_value(value)


# The kind of each parameter by its name (a name means one kind in every rule), and the two
# settings every rule has, as an edit records them (app.compliance.versions.change_parameters).
PARAM_KINDS = {name: spec[0] for params in PARAMS.values() for name, spec in params.items()}
META_NAMES = {"enabled": "Rule enabled", "severity": "Severity"}


def param_value_words(name: str, value: Any, lang: str | None = None) -> str:
    """A parameter's value (or a rule's enabled or severity) in the reader's words."""
    if value is None:
        return "∅"
    if name == "severity":
        return capital(label(RULE_SEVERITY, str(value), lang))
    if name == "enabled":
        return _value_words("bool", value, lang)
    try:
        return _value_words(PARAM_KINDS.get(name, ""), value, lang)
    except TypeError:  # not the kind's shape (a value written by hand): as it was written
        return format_value(value)


@dataclass(frozen=True)
class ParamWords:
    """One parameter for reading: its id (what `rules set RULE ID=VALUE` takes), its name and its
    value in the reader's words."""

    id: str  # "start"
    name: str  # "Quiet from"
    value: str  # "22:00", "Yes", "Call, SMS"


def param_words(rule: Rule, lang: str | None = None) -> list[ParamWords]:
    """The rule's parameters (PARAMS order), each named and valued in the reader's words."""
    kinds = {name: spec[0] for name, spec in PARAMS[rule.id].items()}
    return [
        ParamWords(k, tr(PARAM_NAMES[k], lang) if k in PARAM_NAMES else k,
                   _value_words(kinds.get(k, ""), v, lang))
        for k, v in rule_params(rule).items()
    ]  # fmt: skip


def params_words(rule: Rule, lang: str | None = None) -> str:
    """The rule's parameters in words: "Quiet from: 22:00 · Quiet until: 08:00 · …"."""
    return " · ".join(
        tr("{name}: {value}", lang, name=p.name, value=p.value) for p in param_words(rule, lang)
    )


def described(ruleset: RuleSet, rule: Rule, lang: str | None = None) -> str:
    """The rule's description, and where this office set a parameter otherwise than the rule
    set as shipped (whose words the description is), a line saying what it is here: the text
    said "22:00 to 08:00" after quiet hours were moved to 21:00."""
    text = rule.description(lang)
    try:
        shipped = shipped_ruleset(ruleset.jurisdiction).rules.get(rule.id)
    except CasedeskError:
        return text
    if shipped is None or shipped.description(lang) != text:
        return text  # not the shipped words: they were written for these parameters
    was = {p.id: p.value for p in param_words(shipped, lang)}
    changed = [p for p in param_words(rule, lang) if was.get(p.id) != p.value]
    if not changed:
        return text
    changes = " · ".join(tr("{name}: {value}", lang, name=p.name, value=p.value) for p in changed)
    return (
        text
        + "\n"
        + tr(
            "Set otherwise for this office: {changes} (the text is the rule as shipped).",
            lang,
            changes=changes,
        )
    )


def rules_view(session: Session, lang: str | None = None) -> RulesView:
    """The active rule set (office jurisdiction) and the stored versions of that jurisdiction."""
    ruleset, version_id = active_ruleset(session)
    zh = (lang or "").startswith("zh")
    rules = [
        RuleRow(
            id=r.id,
            description=described(ruleset, r, lang),
            severity=r.severity.name.lower(),
            enabled=r.enabled,
            params=params_text(r),
            citation=r.citation_in(lang),
            params_words=params_words(r, lang),
        )
        for r in ruleset.rules.values()
    ]
    zone = zoneinfo.ZoneInfo(office_timezone(session))
    query = (
        select(RuleSetVersion, User.display_name)
        .outerjoin(User, User.id == RuleSetVersion.created_by_id)
        .where(RuleSetVersion.jurisdiction == ruleset.jurisdiction)
        .order_by(RuleSetVersion.id.desc())
    )
    versions = []
    for row, name in session.execute(query):
        created = row.created_at
        if created.tzinfo is None:
            created = created.replace(tzinfo=dt.UTC)
        versions.append(
            VersionRow(
                id=row.id,
                version=row.version,
                label=row.label,
                effective_on=row.effective_on,
                created_at=created.astimezone(zone),
                created_by=name or "",
                active=row.active,
                in_force=row.id == version_id,
            )
        )
    return RulesView(
        jurisdiction=ruleset.jurisdiction,
        version=ruleset.version,
        label=ruleset.label,
        effective_on=ruleset.effective_on,
        name=ruleset.name_zh if zh else ruleset.name_en,
        version_id=version_id,
        rules=rules,
        versions=versions,
    )
