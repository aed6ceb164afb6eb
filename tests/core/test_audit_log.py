"""The audit trail query on the demo office: newest first; each filter narrows exactly as a direct
SQL count says; changes render as short text; agents are refused."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select, text

from app import audit
from app.errors import PermissionDenied, ValidationError
from app.models import User
from app.queries.audit_log import (
    SYSTEM,
    AuditFilter,
    action_choices,
    audit_ids,
    audit_rows,
    user_choices,
)

OFFICE_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def _user(session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return user


@pytest.fixture
def trail(demo_db):
    """The demo's trail plus a few entries by agent01, the supervisor and the system."""
    with demo_db.session(write_lock=True) as s:
        agent = _user(s, "agent01")
        boss = _user(s, "supervisor")
        audit.record(s, agent, "contact.log", "case", "C-1", {"channel": "call", "verdict": "ok"})
        audit.record(s, agent, "contact.blocked", "case", "C-2", {"rules": ["quiet_hours"]})
        audit.record(s, boss, "case.assign", "case", "C-1", {"from": None, "to": 3})
        audit.record(s, None, "setting.change", "setting", "x", {"old": "1", "new": "2"})
        audit.record(s, boss, "contactx.other", "case", "C-1", None)
    return demo_db


def _count(session, where: str = "1=1", **params) -> int:
    return int(session.scalar(text(f"select count(*) from audit_entry where {where}"), params))


def _utc_text(day: dt.date) -> str:
    start = dt.datetime.combine(day, dt.time(), OFFICE_ZONE).astimezone(dt.UTC)
    return start.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def test_newest_first_and_everything_by_default(trail) -> None:
    with trail.sessions() as s:
        boss = _user(s, "supervisor")
        ids = audit_ids(s, boss)
        assert len(ids) == _count(s)
        rows = audit_rows(s, ids)
        # By time, then the chain's order: the demo's cancellations were appended at its build
        # with the days they happened.
        assert ids == sorted(ids, key=lambda i: (rows[i].at, i), reverse=True)
        assert ids != sorted(ids, reverse=True)
        assert all(r.at.tzinfo is not None for r in rows.values())
        assert rows[ids[0]].action == "contactx.other" and rows[ids[0]].words == ()
        assert all(len(r.hash) == 12 for r in rows.values())
        assert audit_ids(s, boss, descending=False) == ids[::-1]


def test_filters_narrow_exactly(trail) -> None:
    with trail.sessions() as s:
        boss = _user(s, "supervisor")
        agent = _user(s, "agent01")
        cases = {
            "user": (AuditFilter(user_id=agent.id), "user_id = :u", {"u": agent.id}),
            "system": (AuditFilter(user_id=SYSTEM), "user_id is null", {}),
            "action": (AuditFilter(action="contact"), "action like 'contact%'", {}),
            "queue": (AuditFilter(action="queue"), "action like 'queue.%'", {}),
            "entity": (AuditFilter(entity="case"), "entity = 'case'", {}),
            "record": (
                AuditFilter(entity="case", entity_id="C-1"),
                "entity = 'case' and entity_id = 'C-1'",
                {},
            ),
            "both": (
                AuditFilter(user_id=boss.id, action="case."),
                "user_id = :u and action like 'case.%'",
                {"u": boss.id},
            ),
        }
        for name, (flt, where, params) in cases.items():
            ids = audit_ids(s, boss, flt)
            assert len(ids) == _count(s, where, **params), name
            assert 0 < len(ids) < _count(s), name
        contact = audit_rows(s, audit_ids(s, boss, AuditFilter(action="contact")))
        assert {r.action for r in contact.values()} == {
            "contact.log",
            "contact.blocked",
            "contactx.other",
        }
        with pytest.raises(ValidationError, match="Unknown action %; choose one of: agreement"):
            audit_ids(s, boss, AuditFilter(action="%"))  # no action: refused, not a LIKE wildcard


def test_date_filters_use_office_days(trail) -> None:
    with trail.sessions() as s:
        boss = _user(s, "supervisor")
        newest = audit_rows(s, audit_ids(s, boss)[:1])
        day = next(iter(newest.values())).at.astimezone(OFFICE_ZONE).date()
        after = day + dt.timedelta(days=1)
        low, high = _utc_text(day), _utc_text(after)
        same_day = audit_ids(s, boss, AuditFilter(date_from=day, date_to=day))
        assert same_day and len(same_day) == _count(s, "at >= :l and at < :h", l=low, h=high)
        assert len(audit_ids(s, boss, AuditFilter(date_from=day))) == _count(s, "at >= :l", l=low)
        earlier = day - dt.timedelta(days=1)
        assert len(audit_ids(s, boss, AuditFilter(date_to=earlier))) == _count(s, "at < :l", l=low)
        assert audit_ids(s, boss, AuditFilter(date_from=after)) == []


def test_rows_show_names_and_changes_in_words(trail) -> None:
    with trail.sessions() as s:
        boss = _user(s, "supervisor")
        assigned = s.get(User, 3)
        rows = audit_rows(s, audit_ids(s, boss), "en")
        by_action = {r.action: r for r in rows.values()}
        assert by_action["setting.change"].user == "(system)"
        assert by_action["setting.change"].words == ("Value: 1 → 2",)
        assert by_action["case.assign"].user == boss.display_name
        assert (by_action["case.assign"].entity, by_action["case.assign"].entity_id) == (
            "case",
            "C-1",
        )
        assert by_action["case.assign"].words == (f"Agent: ∅ → {assigned.display_name}",)
        assert by_action["contact.log"].words == ("Channel: Call", "Verdict: ok")  # no such code
        assert by_action["contact.blocked"].words == ("Rules: Quiet hours",)
        assert by_action["contactx.other"].words == ()
        assert by_action["contact.blocked"].raw_changes == {"rules": ["quiet_hours"]}
        assert "queue.rebuild" in action_choices(s)
        assert {u.display_name for u in user_choices(s)} >= {boss.display_name}


def test_agent_is_refused(trail) -> None:
    with trail.sessions() as s:
        with pytest.raises(PermissionDenied):
            audit_ids(s, _user(s, "agent01"))
        assert audit_ids(s, _user(s, "admin"))


@pytest.mark.parametrize(
    ("action", "choices"),
    [
        ("nope", "agreement, audit, borrower, case, clock, complaint, contact, course"),
        ("contact.nope", "contact, contact.blocked, contact.log."),
    ],
)
def test_an_unknown_action_is_refused_with_the_choices(trail, action, choices) -> None:
    """QA s44 finding 11: `audit list --action nope` said "No audit entries match" (exit 0), while
    the queue's and the exports' filters refuse an unknown value listing the choices. The kinds,
    or a known kind's actions; an action no entry holds yet is no error, nor one the trail holds
    that has no words (contactx.other), nor a kind written with its dot (case.)."""
    with trail.sessions() as s:
        boss = _user(s, "supervisor")
        with pytest.raises(ValidationError) as refused:
            audit_ids(s, boss, AuditFilter(action=action))
        said = refused.value.translated("en")
        assert said.startswith(f"Unknown action {action}; choose one of: {choices}"), said
        assert refused.value.translated("zh_CN").startswith(f"未知操作 {action}；可选：")
        for fine in ("complaint.lift_pause", "agreement.ready", "contactx.other", "case.", "loan"):
            audit_ids(s, boss, AuditFilter(action=fine))
