"""The audit trail's Action filter tells apart the readings of one code that an entry's detail
decides, as the Action column reads them: "case.assign" selects exactly the cases assigned to an
agent, "case.handed_back" those a supervisor handed back to the queue, "case.agent_deactivated"
those sent back with their deactivated agent; "visit.blocked" exactly the bookings blocked,
"visit.move_blocked" the moves; "case" and "visit" still select them all; the choices list each
reading right after its code. QA: one "Case assigned" and one "Visit booking blocked by a rule"
choice listed every reading alike."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts import deactivate_user
from app.audit_kinds import FILTER_KIND
from app.cases.assignment import assign_cases, unassign_cases
from app.labels import label
from app.models import AuditEntry, User
from app.queries.audit_log import AuditFilter, action_choices, audit_ids, audit_rows
from tests.core.test_visit_reschedule import _booked, _move, _run
from tests.core.visit_office import book, build_visit_office, case_nos, slot, verified_visit

ASSIGNED, HANDED_BACK = "Case assigned", "Case handed back to the queue"
DEACTIVATED = "Case back in the queue: its agent was deactivated"
BOOKING, MOVE = "Visit booking blocked by a rule", "Visit move blocked by a rule"
SPLIT = {
    "case.assign": ("case.assign", "case.handed_back", "case.agent_deactivated"),
    "visit.blocked": ("visit.blocked", "visit.move_blocked"),
}


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    build_visit_office(db)
    return db, with_readings(db)


def with_readings(db) -> list[str]:  # type: ignore[no-untyped-def]
    """Into the visit office, through the core: a booking blocked and a move blocked, a case
    handed back then assigned with another, both sent back when their agent was deactivated;
    the office's case numbers."""
    cases = case_nos(db)
    _booked(db, 0, start=slot(10))  # agent01 and agent02, 10:00–11:00
    second = verified_visit(db, cases[1])
    assert not book(db, second, agents=("agent03", "agent01"), start=slot(10, 30)).saved
    assert book(db, second, agents=("agent03", "agent01"), start=slot(14)).saved
    assert not _move(db, second, agents=("agent03", "agent01"), start=slot(10, 30)).saved
    assert _run(db, "supervisor", unassign_cases, [cases[2]]).back == 1
    assert _run(db, "supervisor", assign_cases, [cases[2], cases[3]], "agent02").assigned == 2
    _run(db, "admin", deactivate_user, "agent02")
    return cases


def test_each_reading_told_by_a_detail_is_a_choice_of_its_own(office) -> None:  # type: ignore[no-untyped-def]
    db, cases = office
    with db.session() as s:
        user = s.scalar(select(User).where(User.username == "supervisor"))

        def read(action: str, lang: str = "en") -> list[tuple[str, str]]:
            ids = audit_ids(s, user, AuditFilter(action=action))
            rows = audit_rows(s, ids, lang)
            return sorted((rows[i].entity_id, rows[i].action_words(lang)) for i in ids)

        assert read("case.assign") == sorted([(cases[2], ASSIGNED), (cases[3], ASSIGNED)])
        assert read("case.handed_back") == [(cases[2], HANDED_BACK)]
        assert read("case.agent_deactivated") == sorted([(c, DEACTIVATED) for c in cases[2:4]])
        assert [words for _, words in read("visit.blocked")] == [BOOKING]
        assert [words for _, words in read("visit.move_blocked")] == [MOVE]
        assert read("case.handed_back", "zh_CN") == [(cases[2], "案件退回队列")]
        assert {w for _, w in read("case.agent_deactivated", "zh_CN")} == {
            "案件退回队列：其催收员已停用"
        }
        assert [w for _, w in read("visit.move_blocked", "zh_CN")] == ["上门改约被规则拦截"]
        # The readings split each code, none left out, none twice.
        for code, parts in SPLIT.items():
            split = [i for part in parts for i in audit_ids(s, user, AuditFilter(action=part))]
            stored = s.scalars(select(AuditEntry.id).where(AuditEntry.action == code)).all()
            assert sorted(split) == sorted(stored) and len(split) == len(set(split)) > 1
        assert set(audit_ids(s, user, AuditFilter(action="case"))) == {
            i for part in SPLIT["case.assign"] for i in audit_ids(s, user, AuditFilter(action=part))
        }
        choices = action_choices(s)
        at = choices.index("case.assign")
        assert choices[at : at + 3] == ["case.assign", "case.handed_back", "case.agent_deactivated"]
        at = choices.index("visit.blocked")
        assert choices[at : at + 2] == ["visit.blocked", "visit.move_blocked"]
        # An exported list's filters, told in the trail, name the reading chosen.
        assert label(FILTER_KIND["action"], "visit.move_blocked", "zh_CN") == "上门改约被规则拦截"


def test_a_reading_the_trail_does_not_hold_is_not_offered(db) -> None:  # type: ignore[no-untyped-def]
    build_visit_office(db)
    cases = case_nos(db)
    assert _run(db, "supervisor", unassign_cases, [cases[2]]).back == 1
    with db.session() as s:
        choices = action_choices(s)
        assert "case.handed_back" in choices, choices
        assert "case.assign" not in choices and "case.agent_deactivated" not in choices
        assert "visit.blocked" not in choices and "visit.move_blocked" not in choices
