"""The live check's facts in one statement: the case found by its number, its borrower's flags,
the loan's consents, whether a complaint pauses it, and the office's active rule set version.

The contact dialog checks on every pause in typing. Loading the case as an ORM object and asking
four statements cost more than the SQL itself; here one statement, compiled once, runs on the
session's connection and returns one plain row (app.compliance.prepared). The saving path
(`app.compliance.gate.judge`) still loads the case, because it writes through it. Nothing is
cached but the parsed rule set (by its text): every check reads the facts and the active version
as they stand, so a changed flag or a new rule set version counts at once.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, select, true
from sqlalchemy.orm import Session

from app.compliance.context import fact_columns, paused_count
from app.compliance.prepared import fetch
from app.compliance.ruleset import RuleSet, RuleSetError
from app.compliance.versions import _active_statement, active_ruleset, parse_version
from app.models import Borrower, Case, Loan


class _Version(NamedTuple):
    """The active version's columns, as `parse_version` reads them."""

    id: int
    jurisdiction: str
    version: str
    content: str


@cache
def _by_number() -> Select[Any]:
    """Case, borrower, loan, pause and the active version (left-joined: there may be none)."""
    active = _active_statement().subquery("active")
    return (
        select(
            Case.id.label("case_id"),
            Case.case_no,
            Case.assigned_agent_id,
            *fact_columns(),
            paused_count(Case.id),
            active.c.id.label("version_id"),
            active.c.jurisdiction,
            active.c.version,
            active.c.content,
        )
        .select_from(Case)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .outerjoin(active, true())
        .where(Case.case_no == bindparam("case_no"))
    )


def case_facts(session: Session, case_no: str) -> Any:
    """The facts row of the case numbered `case_no` (already normalised), or None."""
    session.flush()  # the statement runs on the connection, past the session's autoflush
    rows = fetch(session, _by_number(), {"case_no": case_no})
    return rows[0] if rows else None


def ruleset_of(session: Session, facts: Any) -> tuple[RuleSet, int]:
    """The rule set of the version read with the facts (parsed once per content); when there is
    none yet or it is broken, the full look-up with its fallbacks (`active_ruleset`)."""
    if facts.version_id is not None:
        row = _Version(facts.version_id, facts.jurisdiction, facts.version, facts.content)
        try:
            return parse_version(row), row.id
        except RuleSetError:
            pass  # active_ruleset warns and falls back to the last good version
    return active_ruleset(session)
