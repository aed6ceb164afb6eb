"""An office (tests/core/visit_office.py) where the supervisor overrode visit bookings and a move
on two agents' cases: agent01's case booked and moved, agent02's case booked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.models import Case, User
from app.visits import book_visit, reschedule_visit
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.visit_office import case_nos, login, slot, verified_visit, visit_office_path

WHY_BOOK = "借款人电话同意面谈，主管特批上门"
WHY_MOVE = "借款人改口同意下午上门，主管特批"
WHY_OTHER = "另一名催收员的案件，主管特批"
# What migration 0018 wrote for a flag it copied from the audit trail: rule ids only.
COPIED = '[{"rule": "visit_consent", "severity": "needs_override"}]'


def _as(database: Any, who: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    user = login(database, who)
    with database.session(write_lock=True) as s:
        return fn(s, s.get(User, user.id), *args, **kwargs)


def _override(database: Any, fn: Any, visit_no: str, agents: tuple[str, str], **more: Any) -> Any:
    """The supervisor books (or moves) the visit without the borrower's say, overriding."""
    boss = login(database, "supervisor")
    fields = {"minutes": 60, "borrower_agreed": False, "consent_to_enter": True, **more}
    result = _as(database, "supervisor", fn, visit_no, agents=agents, override_by=boss, **fields)
    assert result.saved and result.verdict.kind.value == "needs_override"
    return result


def overridden_office(template_db: Path, folder: Path) -> tuple[Any, Path, list[str]]:
    """(open database, its path, case numbers): agent01's case with a booking and a move the
    supervisor overrode; agent02's case with a booking the supervisor overrode."""
    path = visit_office_path(template_db, folder)
    database = open_database(path, TEST_KEY)
    cases = case_nos(database)
    with database.session() as s:
        agent02 = s.scalar(select(User).where(User.username == "agent02"))
        assert agent02 is not None
        s.scalars(select(Case).where(Case.case_no == cases[1])).one().assigned_agent_id = agent02.id
    mine = verified_visit(database, cases[0])
    _override(
        database, book_visit, mine, ("agent01", "agent02"), start=slot(10), override_reason=WHY_BOOK
    )
    _override(
        database, reschedule_visit, mine, ("agent01", "agent02"), start=slot(14),
        override_reason=WHY_MOVE, reason="借款人要求改时间",
    )  # fmt: skip
    theirs = verified_visit(database, cases[1], who="agent02")
    _override(
        database, book_visit, theirs, ("agent02", "agent03"), start=slot(16),
        override_reason=WHY_OTHER,
    )  # fmt: skip
    return database, path, cases
