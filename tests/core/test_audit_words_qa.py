"""The Audit page reads every kind of entry in words (found by QA of the audit trail): a course's
names and what it is required for read as "name_en=[…]" JSON, an export without filters ended
in an empty "Filters:", a copy to a server as "to=…", every agent's visit sheet named the agents
by their user names; and the Record id box found an account's entries only under one of the two
ids the trail keeps for it (its number, or its user name)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import audit
from app.i18n import tr
from app.models import AuditEntry, User
from app.queries.audit_log import AuditFilter, audit_ids, audit_rows
from app.training.records import update_course


def _user(session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return user


def _words(db, action: str, lang: str, back: int = 0) -> str:
    """The `back`-th newest entry of `action` (0: the newest), in words as the page shows it."""
    with db.sessions() as s:
        newest = s.scalar(
            select(AuditEntry.id)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.id.desc())
            .offset(back)
        )
        return audit_rows(s, [newest], lang)[newest].words_line(lang)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_entries_read_in_words(demo_db, lang) -> None:
    with demo_db.session(write_lock=True) as s:
        admin, boss = _user(s, "admin"), _user(s, "supervisor")
        update_course(s, admin, "SAFE", name_en="Field safety basics", required_for="phone")
        update_course(s, admin, "COMM", active=False)
        audit.record(s, admin, "list.export", "list", "borrowers", {"filters": {}, "rows": 3})
        audit.record(s, admin, "database.copy", "database", "x.db", {"to": "pg://h/db", "rows": 9})
        # every agent's sheet for a day, as app/visits/sheet.py records it
        changes = {"day": "2026-12-05", "visits": ["V1"], "agents": ["agent01", "agent02"]}
        audit.record(s, boss, "visit.sheet", "user", "", changes | {"language": "en"})
        names = [_user(s, "agent01").display_name, _user(s, "agent02").display_name]
    course = _words(demo_db, "course.change", lang, back=1)
    assert "=" not in course and "[" not in course
    en = lang == "en"
    assert ("Field safety basics" in course) and tr("Phone work", lang) in course
    inactive = _words(demo_db, "course.change", lang)
    assert "=" not in inactive and ("Yes → No" if en else "是 → 否") in inactive
    exported = _words(demo_db, "list.export", lang)
    assert ("Filters" if en else "筛选条件") not in exported and exported
    copied = _words(demo_db, "database.copy", lang)
    assert "to=" not in copied and ("Copied to: pg://h/db" if en else "复制到：pg://h/db") in copied
    sheet = _words(demo_db, "visit.sheet", lang)
    assert "agent01" not in sheet and all(name in sheet for name in names)


def test_an_accounts_entries_by_its_number_its_user_name_or_its_name(demo_db) -> None:
    with demo_db.session(write_lock=True) as s:
        admin, agent = _user(s, "admin"), _user(s, "agent03")
        audit.record(s, admin, "user.role", "user", agent.id, {"role": ["agent", "supervisor"]})
        audit.record(s, admin, "visit.sheet", "user", "agent03", {"day": "2026-12-05"})
        audit.record(s, admin, "case.assign", "case", str(agent.id), {"to": 1})  # not the account
        wanted = {
            i
            for (i,) in s.execute(
                select(AuditEntry.id).where(
                    AuditEntry.entity == "user",
                    AuditEntry.entity_id.in_([str(agent.id), "agent03"]),
                )
            )
        }
        assert len(wanted) >= 2
        for typed in (str(agent.id), "agent03", agent.display_name):
            for entity in ("user", None):
                found = set(audit_ids(s, admin, AuditFilter(entity=entity, entity_id=typed)))
                assert wanted <= found, (typed, entity)
        # another kind of record keeps its own id: case "3" is not account 3
        cases = audit_ids(s, admin, AuditFilter(entity="case", entity_id=str(agent.id)))
        assert {s.get(AuditEntry, i).entity for i in cases} == {"case"}
