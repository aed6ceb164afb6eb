"""Rule set versions in the database: the active one, the admin's changes, the jurisdiction.

Every change makes a new version row (the TOML text as validated); every verdict records the row
it used. A stored version that no longer parses is skipped for the newest one that does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from functools import cache
from typing import Any

from sqlalchemy import Row, Select, literal_column, select, update
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.compliance.model import Severity
from app.compliance.ruleset import (
    PARAMS,
    RETIRED,
    RuleSet,
    RuleSetError,
    ignored_text,
    parse_ruleset,
)
from app.compliance.said import say_once
from app.compliance.shipped_files import (
    shipped_broken,
    shipped_ruleset,
    shipped_text,
    with_shipped_citations,
)
from app.errors import ValidationError
from app.i18n import tr
from app.models import Office, RuleSetVersion, User
from app.office import get_office, office_today

_parsed: dict[tuple[str, str, str], RuleSet | RuleSetError] = {}


@cache
def _active_statement() -> Select[*tuple[Any, ...]]:
    """The office's active version, found through its jurisdiction, as plain columns."""
    r = RuleSetVersion
    return (
        select(r.id, r.jurisdiction, r.version, r.content)
        .join(Office, Office.jurisdiction == r.jurisdiction)
        .where(r.active)
        .order_by(Office.id, r.id.desc())
        # A literal LIMIT: SQLite runs this about three times slower with the limit bound.
        .limit(literal_column("1"))
    )


def parse_version(row: Any) -> RuleSet:
    """Parse a stored version (anything with jurisdiction, version and content: a
    RuleSetVersion, a row), cached by (jurisdiction, version, content)."""
    key = (row.jurisdiction, row.version, row.content)
    if key not in _parsed:
        try:
            ruleset = parse_ruleset(row.content, f"{row.jurisdiction.upper()} {row.version}")
            if ruleset.jurisdiction != row.jurisdiction:
                raise RuleSetError(ruleset.label, "The file is for another jurisdiction.")
            _parsed[key] = with_shipped_citations(ruleset)
        except RuleSetError as exc:
            _parsed[key] = exc
    result = _parsed[key]
    if isinstance(result, RuleSetError):
        raise result
    return result


def _store(session: Session, text: str, actor: User | None, source: str) -> RuleSetVersion:
    """Validate `text` and store it as the new active version of its jurisdiction; a problem
    names `source`, where the text came from ("us.toml", "CN 2026.5-r3")."""
    ruleset = parse_ruleset(text, source)
    session.execute(
        update(RuleSetVersion)
        .where(RuleSetVersion.jurisdiction == ruleset.jurisdiction, RuleSetVersion.active)
        .values(active=False)
    )
    row = RuleSetVersion(
        jurisdiction=ruleset.jurisdiction,
        version=ruleset.version,
        effective_on=ruleset.effective_on,
        content=text,
        active=True,
        created_by_id=actor.id if actor else None,
    )
    session.add(row)
    session.flush()
    return row


def in_force_today(session: Session, text: str) -> str:
    """A rule set's text with its `effective_on` set to the office's today: a version stored is
    in force from then, on the office's clock (a first version said the shipped file's date,
    which read as the day before: QA s47 M #7)."""
    day = office_today(session).isoformat()
    return re.sub(r"(?m)^effective_on\s*=.*$", f"effective_on = {day}", text, count=1)


def _next_version(session: Session, jurisdiction: str, version: str) -> str:
    """'2026.1' -> '2026.1-r2', then r3 …, skipping versions already stored."""
    base = version.split("-r")[0]
    stored = set(
        session.scalars(
            select(RuleSetVersion.version).where(RuleSetVersion.jurisdiction == jurisdiction)
        )
    )
    number = 2
    while f"{base}-r{number}" in stored:
        number += 1
    return f"{base}-r{number}"


def _ensure_first(session: Session, jurisdiction: str, actor: User | None = None) -> None:
    """Store the shipped rule set as the first (active) version when none is stored, with its
    audit entry in the same transaction. A new office stores it when it is created (`actor`: its
    first admin), so every report names it from the start; an older office that never stored one
    stores it at the first look (`actor` None: the system's entry) or when it switches to it."""
    query = select(RuleSetVersion.id).where(RuleSetVersion.jurisdiction == jurisdiction)
    if session.scalar(query.limit(1)) is None:
        text = in_force_today(session, shipped_text(jurisdiction))
        row = _store(session, text, actor, f"{jurisdiction}.toml")
        _audit_stored(session, actor, row)


def store_first_version(session: Session, actor: User, jurisdiction: str) -> None:
    """A new office's rule set: the shipped version of `jurisdiction` stored, audited."""
    _ensure_first(session, jurisdiction, actor)


def _audit_stored(session: Session, actor: User | None, row: RuleSetVersion) -> None:
    """The audit entry of a version stored as shipped (not an admin's change of its rules)."""
    audit.record(
        session,
        actor,
        "ruleset.store",
        "ruleset_version",
        row.id,
        {"jurisdiction": row.jurisdiction, "version": row.version},
    )


def _warn(warnings: list[str] | None, msgid: str, **params: Any) -> None:
    """A problem with the stored versions, in the user's language, said once
    (app.compliance.said): into `warnings` when given, else to the log."""
    say_once(tr(msgid, **params), warnings)


def active_ruleset(session: Session, warnings: list[str] | None = None) -> tuple[RuleSet, int]:
    """The active rule set of the office's jurisdiction and its version row id; never raises on
    a broken stored version: falls back to the newest version that parses (then the shipped)."""
    # The usual path is one prepared query on the connection (every contact check asks).
    session.flush()
    active: RuleSetVersion | Row[Any] | None = (
        session.connection().execute(_active_statement()).first()
    )
    if active is None:  # the office's first use of its jurisdiction (or no office yet)
        office = get_office(session)
        jurisdiction = office.jurisdiction if office else "cn"
        _ensure_first(session, jurisdiction)
        active = session.scalar(
            select(RuleSetVersion)
            .where(RuleSetVersion.jurisdiction == jurisdiction, RuleSetVersion.active)
            .order_by(RuleSetVersion.id.desc())
        )
    else:
        jurisdiction = active.jurisdiction
    broken = ""  # what is wrong with the active version, in the user's words
    if active is not None:
        try:
            return parse_version(active), active.id
        except RuleSetError as exc:
            broken = exc.translated()
    query = select(RuleSetVersion).where(RuleSetVersion.jurisdiction == jurisdiction)
    for row in session.scalars(query.order_by(RuleSetVersion.id.desc())):
        try:
            ruleset = parse_version(row)
        except RuleSetError:
            continue
        if broken:  # said once, with what an admin does about it (found by QA)
            _warn(
                warnings,
                "The rule set version stored last cannot be read: {error} Every check uses the "
                "last good version, {version}, meanwhile. An admin stores a good version by "
                "changing a rule again (Rules › Change…, or casedesk rules set RULE NAME=VALUE); "
                "what the unreadable version changed has to be changed again.",
                error=broken,
                version=ruleset.label,
            )
        return ruleset, row.id
    shipped = shipped_ruleset(jurisdiction)
    version = _next_version(session, jurisdiction, shipped.version)
    text = shipped_text(jurisdiction).replace(
        f'version = "{shipped.version}"', f'version = "{version}"', 1
    )
    row = _store(session, in_force_today(session, text), None, f"{jurisdiction}.toml")
    _audit_stored(session, None, row)
    _warn(
        warnings,
        "No stored version of the rule set can be read ({error}); the rule set as shipped is "
        "stored again as {version} and is in force. An admin changes its rules again on the "
        "Rules page (or with casedesk rules set).",
        error=broken,
        version=version,
    )
    return parse_version(row), row.id


def _toml_value(value: Any) -> str:
    """One TOML value (strings, booleans, numbers, dates, lists of those)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _dump(data: dict[str, Any], original: str) -> str:
    """A rule set as TOML text, keeping the original file's header comment."""
    lines = []
    for line in original.splitlines():
        if line.strip() and not line.startswith("#"):
            break
        lines.append(line)
    lines += [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for rule_id, table in data.get("rules", {}).items():
        lines += ["", f"[rules.{rule_id}]"] + [f"{k} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def change_parameters(
    session: Session, actor: User, rule_id: str, params: dict[str, Any]
) -> RuleSetVersion:
    """Change a rule's parameters (or `enabled`, `severity`) as a new active version, audited."""
    require(actor, Permission.EDIT_RULESET)
    current, current_id = active_ruleset(session)
    row = session.get(RuleSetVersion, current_id)
    assert row is not None
    data = tomllib.loads(row.content)
    table = data["rules"].get(rule_id)
    if table is None:
        raise ValidationError(
            "The rule set {ruleset} has no rule {rule}.", ruleset=current.label, rule=rule_id
        )
    params = {k: (v.name.lower() if isinstance(v, Severity) else v) for k, v in params.items()}
    for name in params:
        if name not in PARAMS[rule_id] and name not in ("enabled", "severity"):
            raise ValidationError("Rule {rule} has no parameter {name}.", rule=rule_id, name=name)
    from app.compliance.param_checks import checked_params

    params = checked_params(rule_id, table, params)
    defaults = {k: spec[1] for k, spec in PARAMS[rule_id].items()} | {"enabled": True}
    old = {k: table.get(k, defaults.get(k)) for k in params}
    if all(old[k] == v for k, v in params.items()):
        raise ValidationError("Nothing to change.")
    table.update(params)
    for retired_rule, name in RETIRED:  # no rule reads it: the new version leaves it out
        data["rules"].get(retired_rule, {}).pop(name, None)
    data["version"] = _next_version(session, row.jurisdiction, row.version)
    # In force from now: the version it replaces was in force until today (its date said so).
    data["effective_on"] = office_today(session)
    text = _dump(data, row.content)
    new = _store(session, text, actor, f"{row.jurisdiction.upper()} {data['version']}")
    changes = {k: [old[k], v] for k, v in params.items() if old[k] != v}
    audit.record(
        session,
        actor,
        "ruleset.change",
        "ruleset_version",
        new.id,
        {"rule": rule_id, "version": [row.version, new.version], "params": changes},
    )
    return new


def select_jurisdiction(session: Session, actor: User, jurisdiction: str) -> RuleSetVersion:
    """Switch the office to another jurisdiction's rule set (its first version stored if new)."""
    require(actor, Permission.EDIT_RULESET)
    code = jurisdiction.strip().lower()
    shipped_text(code)  # refuses an unknown jurisdiction
    office = get_office(session)
    if office is None:
        raise ValidationError("Set up the office first.")
    try:
        _ensure_first(session, code, actor)
    except RuleSetError as exc:  # its file has a mistake and no version of it is stored
        raise ValidationError(
            "The {code} rule set cannot be used: {error} Reinstall Casedesk (or undo the edit "
            "of the file) first; the rule set in force is unchanged.",
            code=code.upper(),
            error=exc.translated(),
        ) from None
    old, office.jurisdiction = office.jurisdiction, code
    session.flush()
    if old != code:  # choosing the rule set already in force changes nothing: no entry
        audit.record(
            session, actor, "ruleset.select", "office", office.id, {"jurisdiction": [old, code]}
        )
    _ruleset, version_id = active_ruleset(session)
    row = session.get(RuleSetVersion, version_id)
    assert row is not None
    return row


def version_stored(session: Session) -> bool:
    """Whether the office's active rule set version is stored: if not, the first look at it
    stores the shipped one (a write), so its session must take the write lock up front."""
    return session.connection().execute(_active_statement()).first() is not None


def startup_check(session: Session) -> list[str]:
    """At start: validate the shipped files and the office's active version; return the
    (translated) problems found — the app goes on with the last good version — and the retired
    parameters an admin set, which no rule reads any more."""
    from app.compliance.ruleset import SHIPPED

    warnings: list[str] = []
    checked: list[RuleSet] = []
    for code in SHIPPED:  # each file on its own: one with a mistake hides none of the others
        try:
            checked.append(shipped_ruleset(code))
        except RuleSetError as exc:
            say_once(shipped_broken(exc), warnings)
    checked.append(active_ruleset(session, warnings)[0])
    for ruleset in checked:  # parameters no rule reads, set by an admin's edit: said, not fatal
        for key in ruleset.ignored:
            say_once(ignored_text(ruleset, key), warnings)
    return warnings
