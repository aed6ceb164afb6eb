"""Undoing an assignment batch (a wrong agent picked for many cases): each case still with the
agent the batch gave it goes back to its previous holder or back to the queue, in one transaction,
each audited naming the batch; a case reassigned or closed since, or whose previous agent is no
longer active, is left and counted; a batch is undone once, by whoever may assign."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app import audit, settings
from app.cases.assign_undo import undo_assignment, undone_text
from app.cases.assignment import assign_by_rule, assign_cases, unassign_cases
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import AssignBatch, AuditEntry, Case, CaseStatus, CloseReason, User
from app.training import WorkKind, office_training


def _user(s, username: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == username))


def _holders(s, numbers: list[str]) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    rows = s.execute(select(Case.case_no, Case.assigned_agent_id).where(Case.case_no.in_(numbers)))
    return dict(rows.all())


def _fit(s) -> list[User]:  # type: ignore[no-untyped-def]
    states = office_training(s, settings.as_of(s))
    return [s.get(User, a.agent_id) for a in states if a.qualified(WorkKind.FIELD)]


def _open_not_with(s, agent: User, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    query = select(Case.case_no).where(
        Case.status != CaseStatus.CLOSED, Case.assigned_agent_id.is_distinct_from(agent.id)
    )
    return list(s.scalars(query.order_by(Case.id)))[:n]


def test_undo_restores_previous_holders_and_leaves_what_moved_since(demo_db) -> None:
    with demo_db.session() as s:
        wrong, other, leaver = _fit(s)[:3]
        chosen = _open_not_with(s, wrong, 7)
        boss = _user(s, "supervisor")
        unassign_cases(s, boss, chosen[:2])
        assign_cases(s, boss, chosen[2:5], other.username, over_capacity=True)
        assign_cases(s, boss, chosen[5:], leaver.username, over_capacity=True)
    with demo_db.session() as s:
        before = _holders(s, chosen)
        done = assign_cases(s, _user(s, "supervisor"), chosen, wrong.username, over_capacity=True)
        assert done.assigned == 7 and done.batch is not None
    batch = done.batch
    moved, closed = chosen[2], chosen[3]
    with demo_db.session() as s:  # since: one reassigned, one closed, an agent leaves
        assign_cases(s, _user(s, "supervisor"), [moved], leaver.username, over_capacity=True)
        s.execute(
            update(Case)
            .where(Case.case_no == closed)
            .values(
                status=CaseStatus.CLOSED,
                closed_on=dt.date(2026, 1, 5),
                close_reason=CloseReason.PAID,
                version=Case.version + 1,
            )
        )
        s.get_one(User, leaver.id).active = False
    with demo_db.session() as s:
        last = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
        result = undo_assignment(s, _user(s, "supervisor"), batch)
    assert (result.restored, result.moved, result.closed, result.gone) == (3, 1, 1, 2)
    back = [chosen[0], chosen[1], chosen[4]]
    with demo_db.session() as s:
        now = _holders(s, chosen)
        assert {n: now[n] for n in back} == {n: before[n] for n in back}
        assert [now[chosen[0]], now[chosen[1]], now[chosen[4]]] == [None, None, other.id]
        assert now[moved] == leaver.id
        assert {now[closed], now[chosen[5]], now[chosen[6]]} == {wrong.id}
        entries = s.scalars(select(AuditEntry).where(AuditEntry.id > last)).all()
        assert [e.entity_id for e in entries] == back
        for e in entries:
            assert e.action == "case.assign" and e.user_id == _user(s, "supervisor").id
            assert e.changes["why"] == "undone" and e.changes["batch"] == batch
            assert e.changes["from"] == wrong.id and e.changes["to"] == before[e.entity_id]
        assert audit.verify_chain(s).intact
        record = s.get_one(AssignBatch, batch)
        assert record.undone_at is not None and record.undone_by_id == _user(s, "supervisor").id
    said = undone_text(result)
    assert "3 cases are back" in said and "reassigned since" in said and "closed" in said
    assert "no longer active" in said
    with demo_db.session() as s, pytest.raises(ValidationError, match="undone already"):
        undo_assignment(s, _user(s, "supervisor"), batch)


def test_the_assignment_entries_carry_their_batch_and_a_rule_run_has_one(demo_db) -> None:
    with demo_db.session() as s:
        agent = _fit(s)[0]
        chosen = _open_not_with(s, agent, 4)
        back = unassign_cases(s, _user(s, "supervisor"), chosen)
    assert back.back and back.batch is not None  # one of the four may be unassigned already
    with demo_db.session() as s:
        summary = assign_by_rule(s, _user(s, "supervisor"), "round-robin")
        assert summary.assigned and summary.batch is not None
        batch = summary.batch
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "case.assign").order_by(AuditEntry.id)
        ).all()[-summary.assigned :]
        assert {e.changes["batch"] for e in entries} == {batch}
        placed = [e.entity_id for e in entries]
    with demo_db.session() as s:
        result = undo_assignment(s, _user(s, "supervisor"), batch)
        assert result.restored == len(placed) and result.left == 0
    with demo_db.session() as s:
        assert set(_holders(s, placed).values()) == {None}  # back in the queue, as they were


def test_only_who_may_assign_undoes_and_an_unknown_number_is_said(demo_db) -> None:
    with demo_db.session() as s:
        agent = _fit(s)[0]
        chosen = _open_not_with(s, agent, 2)
        batch = assign_cases(s, _user(s, "supervisor"), chosen, agent.username, over_capacity=True)
    with demo_db.session() as s:
        with pytest.raises(PermissionDenied):
            undo_assignment(s, agent, batch.batch or 0)
        with pytest.raises(NotFound):
            undo_assignment(s, _user(s, "supervisor"), 999_999)
    with demo_db.session() as s:  # nothing changed by the refusals
        assert set(_holders(s, chosen).values()) == {agent.id}
        everything_moved = assign_cases(
            s, _user(s, "supervisor"), chosen, _fit(s)[1].username, over_capacity=True
        )
        assert everything_moved.assigned == 2
    with demo_db.session() as s, pytest.raises(ValidationError, match="Nothing to undo"):
        undo_assignment(s, _user(s, "supervisor"), batch.batch or 0)


def _lapsed(s, agent: User, required_for: str | None = None) -> None:  # type: ignore[no-untyped-def]
    from app.models import Course, TrainingRecord

    query = select(TrainingRecord).where(TrainingRecord.agent_id == agent.id)
    if required_for is not None:
        query = query.join(Course, Course.id == TrainingRecord.course_id).where(
            Course.required_for == required_for
        )
    for record in s.scalars(query):
        record.expires_on = dt.date(2000, 1, 1)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_undo_leaves_cases_whose_previous_agent_is_no_longer_trained(demo_db, lang) -> None:
    """QA: undoing gave cases back to an agent whose required training had lapsed, whom assigning
    refuses. Such cases stay and are counted: phone training for any case, field training for a
    field-stage one (an agent fit for phone work still gets their phone-stage case back)."""
    from app.i18n import set_language

    with demo_db.session() as s:
        wrong, lapsed, no_field = _fit(s)[:3]
        field_min = int(settings.get(s, "queue.field_stage_min_dpd"))
        mine = Case.assigned_agent_id.not_in([wrong.id, lapsed.id, no_field.id])
        open_ = select(Case.case_no).where(Case.status != CaseStatus.CLOSED, mine)
        phone = list(s.scalars(open_.where(Case.dpd < field_min).order_by(Case.id)))[:3]
        field = s.scalar(open_.where(Case.dpd >= field_min).order_by(Case.id))
        assert len(phone) == 3 and field
        boss = _user(s, "supervisor")
        assign_cases(s, boss, phone[:2], lapsed.username, over_capacity=True)
        assign_cases(s, boss, [phone[2], field], no_field.username, over_capacity=True)
    chosen = [*phone, field]
    with demo_db.session() as s:
        batch = assign_cases(s, _user(s, "supervisor"), chosen, wrong.username, over_capacity=True)
        _lapsed(s, s.get_one(User, lapsed.id))
        _lapsed(s, s.get_one(User, no_field.id), "field")
    with demo_db.session() as s:
        result = undo_assignment(s, _user(s, "supervisor"), batch.batch)
    assert (result.restored, result.untrained, result.gone, result.left) == (1, 3, 0, 3)
    with demo_db.sessions() as s:
        now = _holders(s, chosen)
    assert now == {phone[0]: wrong.id, phone[1]: wrong.id, phone[2]: no_field.id, field: wrong.id}
    set_language(lang)
    try:
        said = undone_text(result)
    finally:
        set_language("en")
    assert said.endswith(
        {
            "en": "3 cases stay with their agent: their previous agents' required training has "
            "lapsed.",
            "zh_CN": "3 个案件仍由现催收员负责：原催收员的必修培训已过期。",
        }[lang]
    )
