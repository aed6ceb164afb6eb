"""Rule sets as data: parsing and validating the TOML files, and their versions in the database.

A rule set file (resources/rulesets/<jurisdiction>.toml) holds `jurisdiction`, `version`,
`effective_on`, `name_zh`, `name_en` and one `[rules.<id>]` table per rule with
`description_zh`, `description_en`, `severity`, `citation`, `enabled` and the rule's parameters
(listed with kinds and defaults in `PARAMS`, app/compliance/rule_params.py). Versions in the
database: app.compliance.versions (re-exported here).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any, NoReturn

from app.compliance.model import Severity, cited
from app.compliance.rule_params import MINIMUM, PARAMS, RETENTION_FROM, SCRIPTS, THIRD_PARTIES
from app.errors import ValidationError
from app.i18n import tr
from app.models import Channel, Party

SHIPPED = ("cn", "us", "uk")
META = ("description_zh", "description_en", "severity", "citation", "citation_zh", "enabled")
SEVERITIES = {s.name.lower(): s for s in Severity}

# Parameters no rule reads any more, with the value Casedesk shipped. A file that sets one still
# loads (stored rule sets stay in force) without it; a value other than the shipped one, an admin's
# edit, is said at the start (`ignored_text`, with the reason in RETIRED_WHY, a plain assignment
# so that the translation check reads it).
RETIRED: dict[tuple[str, str], Any] = {("related_person_do_not_contact", "parties"): THIRD_PARTIES}
RETIRED_WHY = {
    ("related_person_do_not_contact", "parties"): "the rule now holds whatever the party"
}


def parse_time(value: str) -> dt.time:
    """'22:00' -> time(22, 0); ValueError when not HH:MM within the day."""
    hours, _, minutes = value.partition(":")
    digits = hours + minutes
    if len(hours) != 2 or len(minutes) != 2 or not (digits.isascii() and digits.isdigit()):
        raise ValueError(value)
    return dt.time(int(hours), int(minutes))


class RuleSetError(ValidationError):
    """A rule set file that cannot be used: names the source, the line where known, the problem."""

    def __init__(self, source: str, problem: str, line: int | None = None, **params: Any) -> None:
        msgid = (
            "Rule set {source}, line {line}: {problem}" if line else "Rule set {source}: {problem}"
        )
        text = tr(problem, lang="en", **params) if params else problem
        super().__init__(msgid, source=source, line=line, problem=text)
        self.source, self.line, self.problem, self.problem_params = source, line, problem, params

    def translated(self, lang: str | None = None) -> str:
        """The message in `lang`, with the problem translated too."""
        problem = tr(self.problem, lang=lang, **self.problem_params)
        return tr(self.msgid, lang=lang, source=self.source, line=self.line, problem=problem)


@dataclass(frozen=True)
class Rule:
    """One rule of a rule set: what it says, how severe, where it comes from, its parameters."""

    id: str
    description_zh: str
    description_en: str
    severity: Severity
    citation: str
    enabled: bool = True
    params: dict[str, Any] = field(default_factory=dict)
    citation_zh: str = ""  # the citation in Chinese, where the file gives one

    def description(self, lang: str | None) -> str:
        """The description in the given language (zh_CN or English)."""
        return self.description_zh if (lang or "").startswith("zh") else self.description_en

    def citation_in(self, lang: str | None) -> str:
        """The citation in the given language: the Chinese one where the file gives it."""
        return cited(self.citation, self.citation_zh, lang)


@dataclass(frozen=True)
class RuleSet:
    """A parsed, validated rule set of one jurisdiction and version."""

    jurisdiction: str
    version: str
    effective_on: dt.date
    name_zh: str
    name_en: str
    rules: dict[str, Rule]
    ignored: tuple[str, ...] = ()  # "rules.<id>.<parameter>": RETIRED ones an admin set

    @property
    def label(self) -> str:
        """'CN 2026.1' — what verdicts and reports name."""
        return f"{self.jurisdiction.upper()} {self.version}"

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id, if the rule set has it."""
        return self.rules.get(rule_id)

    def param(self, rule_id: str, name: str, default: Any = None) -> Any:
        """A rule's parameter, else `default` (also when the rule is absent)."""
        rule = self.rules.get(rule_id)
        return default if rule is None else rule.params.get(name, default)


def _line_of(text: str, rule_id: str | None, key: str | None) -> int | None:
    """The line of `key` in `[rules.<rule_id>]` (or at top level), else of the table's header."""
    inside, header_line = rule_id is None, None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            inside = rule_id is not None and line.strip("[] ") == f"rules.{rule_id}"
            header_line = number if inside else header_line
        elif inside and key and re.match(rf"{re.escape(key)}\s*=", line):
            return number
    return header_line


def _check_param(kind: str, value: Any, least: int = 0) -> str | None:
    """None when `value` fits `kind`, else the problem msgid (with {key}, {value} and, for a
    count, {minimum}: `least`, its rule's MINIMUM — a file and an admin's edit are held to one
    least value)."""
    if kind == "time":
        if value is None or (isinstance(value, str) and not value.strip()):
            return "{key}: no time is given; write one as HH:MM."
        try:
            parse_time(value if isinstance(value, str) else "")
        except ValueError:
            return "{key}: {value} is not a time of day (HH:MM)."
    elif kind == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            return "{key}: {value} is not a whole number of at least {minimum}."
    elif kind == "bool":
        if not isinstance(value, bool):
            return "{key}: {value} is not true or false."
    elif kind in ("channels", "parties"):
        known = {c.value for c in (Channel if kind == "channels" else Party)}
        if not isinstance(value, list) or not all(v in known for v in value):
            return "{key}: {value} is not a list of known channels or parties."
    elif kind == "script" and value not in SCRIPTS:
        return "{key}: unknown script {value}."
    elif kind == "retention_from" and value not in RETENTION_FROM:
        return "{key}: {value} is not last_activity or closure."
    elif kind == "country":
        # The registry's codes (aliases included) are the same set as
        # holidays.list_supported_countries(), without importing ~500 country modules at start.
        from holidays.registry import EntityLoader

        if value not in set(EntityLoader.get_country_codes()):
            return "{key}: unknown country {value}."
    return None


def _text(data: dict[str, Any], key: str, fail: Any, rule_id: str | None = None) -> str:
    """A required non-empty string value, else a 'missing' error."""
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        fail("{key} is missing or empty.", key, rule_id)
    return str(value)


def _optional_text(data: dict[str, Any], key: str, fail: Any, rule_id: str) -> str:
    """An optional string value ("" when absent), else a 'not text' error."""
    value = data.get(key, "")
    if not isinstance(value, str):
        fail("{key}: {value} is not text.", key, rule_id, value=value)
    return str(value).strip()


def _not_toml(source: str, said: str) -> RuleSetError:
    """tomllib's refusal ("Illegal character '\\n' (at line 35, column 15)") in the user's words
    with its line and column; the reader's own English words only as a technical tail."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)", said)
    if found is None:
        return RuleSetError(
            source,
            "This is not a valid TOML file: check its quotes, brackets and the = between each "
            "name and its value ({detail}).",
            detail=said.strip(),
        )
    return RuleSetError(
        source,
        "Not valid TOML at column {column}: check the quotes, brackets and the = between the "
        "name and its value there ({detail}).",
        int(found.group(1)),
        column=int(found.group(2)),
        detail=(said[: found.start()] + said[found.end() :]).strip(),
    )


def parse_ruleset(text: str, source: str) -> RuleSet:
    """Parse and validate a rule set's TOML text; every problem raises RuleSetError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _not_toml(source, str(exc)) from None

    def fail(problem: str, key: str, rule_id: str | None = None, **params: Any) -> NoReturn:
        name = f"rules.{rule_id}.{key}" if rule_id else key
        line = _line_of(text, rule_id, key.split(".")[-1])
        raise RuleSetError(source, problem, line, key=name, **params)

    jurisdiction = _text(data, "jurisdiction", fail)
    if jurisdiction not in SHIPPED:
        fail(
            "{key}: unknown jurisdiction {value}; use cn, us or uk.",
            "jurisdiction",
            value=jurisdiction,
        )
    version = _text(data, "version", fail)
    if len(version) > 30:
        fail("{key}: {value} is longer than 30 characters.", "version", value=version)
    effective = data.get("effective_on")
    if isinstance(effective, str):
        try:
            effective = dt.date.fromisoformat(effective)
        except ValueError:
            effective = None
    if not isinstance(effective, dt.date) or isinstance(effective, dt.datetime):
        fail("{key} is missing or not a date (YYYY-MM-DD).", "effective_on")
    tables = data.get("rules")
    if not isinstance(tables, dict) or not tables:
        fail("{key} is missing or empty.", "rules")
    rules: dict[str, Rule] = {}
    ignored: list[str] = []
    for rule_id, table in tables.items():
        if rule_id not in PARAMS:
            raise RuleSetError(
                source, "Unknown rule {rule}.", _line_of(text, rule_id, None), rule=rule_id
            )
        if not isinstance(table, dict):
            fail("{key} is not a table.", rule_id)
        severity = table.get("severity")
        if severity not in SEVERITIES:
            fail(
                "{key}: unknown severity {value}; use info, warning, needs_override or blocked.",
                "severity",
                rule_id,
                value=severity,
            )
        enabled = table.get("enabled", True)
        if not isinstance(enabled, bool):
            fail("{key}: {value} is not true or false.", "enabled", rule_id, value=enabled)
        params = {k: v for k, v in table.items() if k not in META}
        for name, value in list(params.items()):
            spec = PARAMS[rule_id].get(name)
            if (rule_id, name) in RETIRED:  # read by no rule: left out, named if an admin set it
                shipped = RETIRED[(rule_id, name)]
                if not isinstance(value, list) or set(map(str, value)) != set(shipped):
                    ignored.append(f"rules.{rule_id}.{name}")
                del params[name]
            elif spec is None:
                fail("{key}: unknown parameter.", name, rule_id)
            else:
                least = MINIMUM.get((rule_id, name), 0)
                problem = _check_param(spec[0], value, least)
                if problem:
                    fail(problem, name, rule_id, value=value, minimum=least)
        if rule_id == "quiet_hours" and enabled:
            start, end = (
                parse_time(str(params.get(name, PARAMS[rule_id][name][1])))
                for name in ("start", "end")
            )
            if start == end:  # no quiet hour at all: the rule would block nothing
                fail(
                    "{key}: the quiet hours start and end at {value}, which leaves no quiet "
                    "hours; turn the rule off instead.",
                    "end",
                    rule_id,
                    value=f"{start:%H:%M}",
                )
        rules[rule_id] = Rule(
            id=rule_id,
            description_zh=_text(table, "description_zh", fail, rule_id),
            description_en=_text(table, "description_en", fail, rule_id),
            severity=SEVERITIES[severity],
            citation=_text(table, "citation", fail, rule_id),
            enabled=enabled,
            params=params,
            citation_zh=_optional_text(table, "citation_zh", fail, rule_id),
        )
    return RuleSet(
        jurisdiction=jurisdiction,
        version=version,
        effective_on=effective,
        name_zh=_text(data, "name_zh", fail),
        name_en=_text(data, "name_en", fail),
        rules=rules,
        ignored=tuple(ignored),
    )


def ignored_text(ruleset: RuleSet, key: str, lang: str | None = None) -> str:
    """What the start says of a retired parameter the rule set sets (`RuleSet.ignored`)."""
    _rules, rule_id, name = key.split(".")
    return tr(
        "Rule set {ruleset}: {key} is no longer read and is ignored ({why}); the next change "
        "of a parameter leaves it out.",
        lang,
        ruleset=ruleset.label,
        key=key,
        why=tr(RETIRED_WHY[(rule_id, name)], lang),
    )


# The shipped files and the database side live in app.compliance.shipped_files and
# app.compliance.versions; re-exported so callers find them here.
from app.compliance.shipped_files import (  # noqa: E402
    shipped_ruleset,
    shipped_text,
    validate_shipped,
)
from app.compliance.versions import (  # noqa: E402
    active_ruleset,
    change_parameters,
    select_jurisdiction,
)

__all__ = [
    "PARAMS",
    "Rule",
    "RuleSet",
    "RuleSetError",
    "active_ruleset",
    "change_parameters",
    "parse_ruleset",
    "parse_time",
    "select_jurisdiction",
    "shipped_ruleset",
    "shipped_text",
    "validate_shipped",
]
