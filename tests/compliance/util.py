"""Helpers for the rule tests: local times, typical actions, and what a verdict says."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path
from typing import Any

from app.compliance import Action, Context, History, Severity, Verdict
from app.models import Channel, Party


def at(hhmm: str, tz: str, day: dt.date = dt.date(2026, 3, 10)) -> dt.datetime:
    """An aware datetime at local time `hhmm` on `day` in zone `tz` (a plain Tuesday)."""
    hours, minutes = (int(p) for p in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), zoneinfo.ZoneInfo(tz))


def call(when: dt.datetime, **kw: Any) -> Action:
    """A call to the borrower (a pre-check: no outcome yet) unless overridden."""
    return Action(**({"channel": Channel.CALL, "party": Party.BORROWER, "at": when} | kw))


def visit(when: dt.datetime, hours: float = 1, **kw: Any) -> Action:
    """A well-staffed visit to the borrower lasting `hours`, agents 1 and 2."""
    base = {
        "channel": Channel.VISIT,
        "party": Party.BORROWER,
        "at": when,
        "visit_end": when + dt.timedelta(hours=hours),
        "visit_agents": (1, 2),
    }
    return Action(**(base | kw))


def ctx(tz: str = "Asia/Shanghai", history: History | None = None, **kw: Any) -> Context:
    """A context with trained agents 1 and 2 and the contract's consent to visits and to
    third-party contact, plus overrides (the third_party_consent tests take consent away)."""
    base = {
        "borrower_timezone": tz,
        "agents_with_valid_field_training": (1, 2),
        "home_visit_consent": True,
        "third_party_consent": True,
        "history": history or History(),
    }
    return Context(**(base | kw))


def severities(verdict: Verdict) -> dict[str, Severity]:
    """Rule id -> severity of each finding."""
    return {f.rule: f.severity for f in verdict.findings}


def finding(verdict: Verdict, rule: str):  # type: ignore[no-untyped-def]
    """The finding of `rule` (fails the test when absent)."""
    found = [f for f in verdict.findings if f.rule == rule]
    assert found, f"no {rule} finding in {verdict}"
    return found[0]


OLD_VERSION, OLD_EFFECTIVE = "2026.1", dt.date(2026, 1, 1)


def text_without(text: str, rule_id: str) -> str:
    """A rule set file as Casedesk 2026.1 shipped it: without `rule_id`'s table, version 2026.1."""
    start = text.index(f"[rules.{rule_id}]\n")
    end = text.find("\n[rules.", start) + 1 or len(text)
    old = text[:start] + text[end:]
    old = re.sub(r'(?m)^version = ".*"$', f'version = "{OLD_VERSION}"', old, count=1)
    return re.sub(r"(?m)^effective_on = .*$", f"effective_on = {OLD_EFFECTIVE}", old, count=1)


def store_old_ruleset(session: Any, rule_id: str = "third_party_consent") -> Any:
    """Make the office's stored rule set the one an office set up before `rule_id` shipped: its
    active version row holds the shipped text without that rule, as version 2026.1."""
    from app.compliance import active_ruleset
    from app.compliance.ruleset import shipped_text
    from app.models import RuleSetVersion

    ruleset, version_id = active_ruleset(session)
    row = session.get(RuleSetVersion, version_id)
    row.content = text_without(shipped_text(ruleset.jurisdiction), rule_id)
    row.version, row.effective_on = OLD_VERSION, OLD_EFFECTIVE
    session.flush()
    assert rule_id not in active_ruleset(session)[0].rules
    return row


def old_ruleset_office(path: Path) -> Path:
    """The office file at `path` (closed) with its stored rule set made the old one
    (`store_old_ruleset`)."""
    from db.store import open_database
    from tests.conftest import TEST_KEY

    db = open_database(path, TEST_KEY)
    try:
        with db.session() as s:
            store_old_ruleset(s)
    finally:
        db.close()
    return path
