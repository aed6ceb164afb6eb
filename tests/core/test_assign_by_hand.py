"""Assigning chosen cases by hand (found by QA on the work queue): one UPDATE and one chained audit
INSERT per chunk, each case still audited apart; a case already with the agent is left as it
is; past the office's capacity only when asked for; a refusal for field work names the cases;
an agent is found by the name the queue shows too, and a deactivated one is said to be."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app import audit, settings
from app.cases.agent_named import active_agent
from app.cases.assign_words import already_text
from app.cases.assignment import assign_cases, unassign_cases
from app.cases.capacity import OverCapacity
from app.errors import CasedeskError, NotFound, ValidationError
from app.i18n import set_language
from app.models import AuditEntry, Case, CaseStatus, Course, TrainingRecord, User
from app.models.user import Role
from app.training import WorkKind, office_training


def _user(s, username: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == username))


def _fit_agents(s) -> list[User]:  # type: ignore[no-untyped-def]
    """Agents fit for phone and field work on the office's day."""
    states = office_training(s, settings.as_of(s))
    return [s.get(User, a.agent_id) for a in states if a.qualified(WorkKind.FIELD)]


def _open(s, *where) -> list[str]:  # type: ignore[no-untyped-def]
    query = select(Case.case_no).where(Case.status != CaseStatus.CLOSED, *where)
    return list(s.scalars(query.order_by(Case.id)))


def _entries(s) -> int:  # type: ignore[no-untyped-def]
    return s.scalar(select(func.count()).select_from(AuditEntry))


def test_many_cases_one_audit_entry_each_and_the_chain_holds(demo_db) -> None:
    with demo_db.session() as s:
        agent = _fit_agents(s)[0]
        chosen = _open(s, Case.assigned_agent_id != agent.id)
        settings.put(s, _user(s, "admin"), "assign.capacity_per_agent", 10_000)
    told: list[tuple[int, int]] = []
    with demo_db.session() as s:
        before = _entries(s)
        versions = {n: v for n, v in s.execute(select(Case.case_no, Case.version))}
        done = assign_cases(
            s, _user(s, "supervisor"), chosen, agent.username, progress=lambda *d: told.append(d)
        )
    assert done.assigned == len(chosen) > 20 and done.already == []
    assert told[-1] == (len(chosen), len(chosen))
    with demo_db.session() as s:
        assert _entries(s) == before + len(chosen)
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "case.assign").order_by(AuditEntry.id)
        ).all()[-len(chosen) :]
        assert [e.entity_id for e in entries] == chosen
        assert {e.changes["to"] for e in entries} == {agent.id}
        assert audit.verify_chain(s).intact
        rows = s.execute(
            select(Case.case_no, Case.assigned_agent_id, Case.version, Case.assigned_at).where(
                Case.case_no.in_(chosen)
            )
        ).all()
        assert {r.assigned_agent_id for r in rows} == {agent.id}
        assert all(r.version == versions[r.case_no] + 1 and r.assigned_at for r in rows)


def test_a_stop_from_the_progress_saves_nothing(demo_db) -> None:
    with demo_db.session() as s:
        agent = _fit_agents(s)[0]
        chosen = _open(s, Case.assigned_agent_id != agent.id)[:3]

    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), demo_db.session() as s:
        before = _entries(s)
        assign_cases(s, _user(s, "supervisor"), chosen, agent.username, progress=stop)
    with demo_db.session() as s:
        assert _entries(s) == before
        assert agent.id not in set(
            s.scalars(select(Case.assigned_agent_id).where(Case.case_no.in_(chosen)))
        )


def _stamped(s, case_nos: list[str]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    query = select(Case.case_no, Case.assigned_at).where(Case.case_no.in_(case_nos))
    return {n: at for n, at in s.execute(query)}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_case_already_with_the_agent_is_left_as_it_is(demo_db, lang) -> None:
    with demo_db.session() as s:
        agent = _fit_agents(s)[0]
        theirs = _open(s, Case.assigned_agent_id == agent.id)[:2]
        others = _open(s, Case.assigned_agent_id != agent.id, Case.dpd < 30)[:3]
        stamped = _stamped(s, theirs)
        before = _entries(s)
    assert len(theirs) == 2 and len(others) == 3
    set_language(lang)
    try:
        with demo_db.session() as s:
            one = assign_cases(s, _user(s, "supervisor"), theirs[:1], agent.username)
            said_one = already_text(one)
            assert _entries(s) == before  # no "A → A" entry
            mixed = assign_cases(s, _user(s, "supervisor"), theirs + others, agent.username)
            said_mixed = already_text(mixed)
            all_theirs = assign_cases(s, _user(s, "supervisor"), theirs, agent.username)
            said_all = already_text(all_theirs)
    finally:
        set_language("en")
    assert (one.assigned, one.already) == (0, theirs[:1])
    assert (mixed.assigned, mixed.already) == (3, theirs)
    name = agent.display_name
    assert (said_one, said_mixed, said_all) == {
        "en": (
            f"{theirs[0]} is already assigned to {name}: nothing changed.",
            f"2 were already with {name}.",
            f"All 2 cases are already with {name}: nothing changed.",
        ),
        "zh_CN": (
            f"案件 {theirs[0]} 已由 {name} 负责：未作任何改动。",
            f"另有 2 个案件本已由 {name} 负责。",
            f"这 2 个案件都已由 {name} 负责：未作任何改动。",
        ),
    }[lang]
    with demo_db.session() as s:
        assert _entries(s) == before + 3
        assert _stamped(s, theirs) == stamped  # the date they were given it stays


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_past_the_capacity_only_when_asked_for(demo_db, lang) -> None:
    with demo_db.session() as s:
        agent = _fit_agents(s)[0]
        held = len(_open(s, Case.assigned_agent_id == agent.id))
        chosen = _open(s, Case.assigned_agent_id != agent.id, Case.dpd < 30)[:3]
        settings.put(s, _user(s, "admin"), "assign.capacity_per_agent", held + 2)
    set_language(lang)
    try:
        with pytest.raises(OverCapacity) as refused, demo_db.session() as s:
            assign_cases(s, _user(s, "supervisor"), chosen, agent.username)
        said = refused.value.translated()
    finally:
        set_language("en")
    assert refused.value.after.load == held + 3 and refused.value.after.over
    assert (
        said
        == {
            "en": f"{agent.display_name} would hold {held + 3} open cases; the office's capacity "
            f"is {held + 2}.",
            "zh_CN": f"{agent.display_name} 将持有 {held + 3} 个未结案件，而本营业部每位催收员的"
            f"上限为 {held + 2} 个。",
        }[lang]
    )
    with demo_db.session() as s:
        assert agent.id not in set(
            s.scalars(select(Case.assigned_agent_id).where(Case.case_no.in_(chosen)))
        )
        # Two fit under it; the cases the agent holds already count once.
        theirs = _open(s, Case.assigned_agent_id == agent.id)[:1]
        assert assign_cases(s, _user(s, "supervisor"), theirs + chosen[:2], agent.username)
        done = assign_cases(s, _user(s, "supervisor"), chosen, agent.username, over_capacity=True)
        assert done.assigned == 1 and done.already == chosen[:2]


def _field_lapsed(s, agent: User) -> None:  # type: ignore[no-untyped-def]
    for record in s.scalars(
        select(TrainingRecord)
        .join(Course, Course.id == TrainingRecord.course_id)
        .where(TrainingRecord.agent_id == agent.id, Course.required_for == "field")
    ):
        record.expires_on = dt.date(2000, 1, 1)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_field_stage_refusal_names_the_cases(demo_db, lang) -> None:
    with demo_db.session() as s:
        agent = _fit_agents(s)[0]
        _field_lapsed(s, agent)
        field_min = int(settings.get(s, "queue.field_stage_min_dpd"))
        field = _open(s, Case.assigned_agent_id != agent.id, Case.dpd >= field_min)
        phone = _open(s, Case.assigned_agent_id != agent.id, Case.dpd < field_min)[:2]
    assert len(field) > 6
    said = {}
    set_language(lang)
    try:
        for chosen in (field[:1], phone + field[:2], field[:7]):
            with pytest.raises(ValidationError) as refused, demo_db.session() as s:
                assign_cases(s, _user(s, "supervisor"), chosen, agent.username)
            said[len(chosen)] = refused.value.translated()
    finally:
        set_language("en")
    name = agent.display_name
    if lang == "en":
        assert said[1].startswith(
            f"{name} cannot take this case: it is at the field stage ({field_min}+ days past "
            "due), and their field training lapsed or is missing (Field safety)."
        )
        assert f"and 2 of those chosen are ({field[0]}, {field[1]}): field training" in said[4]
        five = ", ".join(field[:5])
        assert f"and 7 of those chosen are ({five} and 2 more): " in said[7]
    else:
        assert said[1].startswith(f"{name} 不能接手此案件：此案件处于上门阶段（逾期 {field_min} 天")
        assert f"而所选案件中有 2 个处于该阶段（{field[0]}、{field[1]}）" in said[4]
        assert f"（{'、'.join(field[:5])} 等，另有 2 个）" in said[7]


def test_an_agent_is_found_by_the_name_the_queue_shows(demo_db) -> None:
    with demo_db.session() as s:
        agent = _fit_agents(s)[0]
        assert active_agent(s, agent.display_name) is agent
        assert active_agent(s, f" {agent.username} ") is agent
        twin = _fit_agents(s)[1]
        twin.display_name = agent.display_name
        s.flush()
        with pytest.raises(ValidationError) as shared:
            active_agent(s, agent.display_name)
        usernames = sorted([agent.username, twin.username])
        assert str(shared.value) == (
            f"More than one active agent is named {agent.display_name}: give the user name "
            f"({usernames[0]}, {usernames[1]})."
        )
        twin.active = False
        s.flush()
        assert active_agent(s, agent.display_name) is agent  # the active one of the two
        with pytest.raises(ValidationError, match=f"^{twin.username} was deactivated: choose"):
            active_agent(s, twin.username)
        with pytest.raises(ValidationError, match="supervisor is not an agent"):
            active_agent(s, "supervisor")
        with pytest.raises(NotFound, match="No agent has the user name or the name 无此人"):
            active_agent(s, "无此人")
        assert twin.role is Role.AGENT


def test_deactivated_in_chinese(demo_db) -> None:
    with demo_db.session() as s:
        agent = _fit_agents(s)[0]
        agent.active = False
        s.flush()
        with pytest.raises(CasedeskError) as refused:
            assign_cases(s, _user(s, "supervisor"), _open(s)[:1], agent.username)
    assert refused.value.translated("zh_CN") == f"{agent.username} 已停用：请选择一位在职催收员。"


def test_handing_back_many_cases_audits_each(demo_db) -> None:
    with demo_db.session() as s:
        agent = _fit_agents(s)[0]
        theirs = _open(s, Case.assigned_agent_id == agent.id)
        before = _entries(s)
        assert unassign_cases(s, _user(s, "supervisor"), theirs).back == len(theirs) > 1
        assert _entries(s) == before + len(theirs)
        assert audit.verify_chain(s).intact
        assert _open(s, Case.assigned_agent_id == agent.id) == []


def test_a_case_changed_meanwhile_is_named_and_nothing_is_saved(demo_db) -> None:
    """The batch checks each case's version as the record's own flush did: the window's session
    read three cases; another desk assigned the middle one meanwhile."""
    from app.concurrency import StaleEdit

    with demo_db.session() as s:
        first, second = _fit_agents(s)[:2]
        chosen = _open(s, Case.assigned_agent_id.not_in([first.id, second.id]))[:3]
        before = _entries(s)
    held = demo_db.sessions()
    try:
        read = list(held.scalars(select(Case).where(Case.case_no.in_(chosen))))
        held.commit()  # the read ends; the copies stay (expire_on_commit=False)
        with demo_db.session() as s:
            assign_cases(s, _user(s, "supervisor"), chosen[1:2], first.username)
        with pytest.raises(StaleEdit) as refused:
            assign_cases(held, _user(held, "admin"), chosen, second.username)
        assert len(read) == 3  # held to the end: the session's copies are the ones read
    finally:
        held.close()
    assert str(refused.value).startswith(f"Case {chosen[1]} was changed by supervisor at ")
    with demo_db.session() as s:
        assert _entries(s) == before + 1
        owners = {n: a for n, a in s.execute(select(Case.case_no, Case.assigned_agent_id))}
        assert second.id not in {owners[n] for n in chosen}
