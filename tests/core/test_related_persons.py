"""A borrower's related persons recorded by the office (QA15 finding 2: only the demo made them):
added, changed and removed through app/related_persons.py by whoever works the borrower's case;
the number checked and kept in E.164, audited sealed; consent given only by a supervisor with a
note; a person whom contacts name kept, inactive, rather than deleted. Real database files (the
office of test_edges_qa, and B2 of test_borrower_phone_scope)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit_seal import is_sealed, open_changes
from app.contacts import log_contact
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import AuditEntry, Borrower, Party, RelatedPerson
from app.phone_shared import SharedNumber
from app.queries.case_people import related_people
from app.queries.contact_targets import contact_targets
from app.related_persons import PersonFields, add_person, edit_person, remove_person
from tests.compliance.test_edges_qa import PHONE, REL_PHONE, _user, add, build, days_ago
from tests.core.test_borrower_phone_scope import OTHER_REL, REASON, _second_borrower

GUARANTOR = PersonFields("王保", "guarantor", "139 0000 2222")


def _add(db, who: str = "agent01", borrower: str = "B1", fields=GUARANTOR, **kw) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return add_person(s, _user(s, who), borrower, fields, **kw).id


def _people(db) -> list[tuple[str, str, str, bool, bool, bool]]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        rows = s.scalars(select(RelatedPerson).order_by(RelatedPerson.id))
        return [
            (r.name, str(r.relation), r.phone, r.consent_to_contact, r.do_not_contact, r.active)
            for r in rows
        ]


def _entries(db, action: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    with db.sessions() as s:
        found = s.scalars(select(AuditEntry).where(AuditEntry.action == action))
        return [e.changes for e in found]


def test_an_agent_adds_a_guarantor_who_is_then_offered_and_contacted(db) -> None:
    build(db)
    pid = _add(db, note="借款人提供")
    assert _people(db)[-1] == ("王保", "guarantor", "+8613900002222", False, False, True)
    [changes] = _entries(db, "borrower.person_add")
    assert is_sealed(changes["person"]) and is_sealed(changes["phone"])
    with db.sessions() as s:
        assert open_changes(s, changes)["phone"] == "+86 139****2222"
        borrower_id = s.scalar(select(Borrower.id))
        assert [p.name for p in related_people(s, borrower_id)] == ["李四", "王保"]
        targets = contact_targets(s, _user(s, "agent01"), "C1")
        assert [p.id for p in targets.persons][-1] == pid
    with db.session() as s:
        result = log_contact(
            s, _user(s, "agent01"), "C1", channel="call", party="guarantor",
            related_person_id=pid, at=days_ago(1, 10), outcome="no_answer",
        )  # fmt: skip
        assert result.attempt is not None
        assert result.attempt.related_person_id == pid
        assert result.attempt.phone_number == "+8613900002222"


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        (PersonFields(" ", "relative"), ValidationError, "Type the related person's name"),
        (PersonFields("王", "cousin"), ValidationError, "Unknown relation cousin"),
        (PersonFields("王", "relative", "12345"), ValidationError, "Not a phone number"),
        (PersonFields("王", "relative", PHONE), ValidationError, "the borrower's own number"),
        (PersonFields("王", "relative", REL_PHONE), ValidationError, "already on file for 李四"),
        (PersonFields("王", "relative", OTHER_REL), SharedNumber, "on file for another"),
        (PersonFields("王", "friend", consent_to_contact=True), PermissionDenied, "supervisor"),
    ],
)
def test_what_is_refused_saves_nothing(db, fields, error, message) -> None:  # type: ignore[no-untyped-def]
    build(db)
    _second_borrower(db)
    before = _people(db)
    with pytest.raises(error, match=message):
        _add(db, fields=fields)
    assert _people(db) == before and _entries(db, "borrower.person_add") == []


def test_scope_consent_and_a_shared_number_are_a_supervisors(db) -> None:
    build(db)
    _second_borrower(db)
    with pytest.raises(PermissionDenied, match="B2 is not one"):
        _add(db, borrower="B2")
    consenting = PersonFields("钱七", "friend", consent_to_contact=True)
    with pytest.raises(ValidationError, match="written reason"):
        _add(db, "sup", fields=consenting)
    _add(db, "sup", fields=consenting, note="本人电话中同意")
    shared = PersonFields("孙八", "relative", OTHER_REL)
    _add(db, "sup", fields=shared, shared_reason=REASON)
    assert _entries(db, "borrower.person_add")[-1]["shared_with"] == "B2"


def test_an_edit_writes_and_audits_only_what_changed(db) -> None:
    build(db)
    pid = _add(db)
    fields = PersonFields("王保国", "guarantor", "+86 139 0000 2222", do_not_contact=True)
    with db.session() as s:
        edit_person(s, _user(s, "agent01"), "B1", pid, fields, note="本人要求")
    assert _people(db)[-1] == ("王保国", "guarantor", "+8613900002222", False, True, True)
    [changes] = _entries(db, "borrower.person_edit")
    with db.sessions() as s:
        opened = open_changes(s, changes)
    assert opened["name"] == ["王保", "王保国"] and opened["do_not_contact"] == [False, True]
    assert "phone" not in opened and "relation" not in opened
    lift = PersonFields("王保国", "guarantor", "13900002222")
    with pytest.raises(PermissionDenied), db.session() as s:  # lifting do-not-contact
        edit_person(s, _user(s, "agent01"), "B1", pid, lift, note="x")


def test_removing_keeps_every_person_inactive_and_never_reuses_an_id(db) -> None:
    """QA16: a removed person is never deleted, so the next person added never gets their id (a
    script or an open dialog still holding it is told they are no longer active)."""
    build(db)
    pid = _add(db)
    with db.session() as s:
        remove_person(s, _user(s, "agent01"), "B1", pid, note="号码有误")
    assert [p[0] for p in _people(db) if p[5]] == ["李四"]  # the active ones
    again = _add(db)
    assert again > pid  # not the removed person's id
    with pytest.raises(NotFound, match="is no longer active"), db.session() as s:
        edit_person(s, _user(s, "agent01"), "B1", pid, PersonFields("王保", "guarantor"))
    with pytest.raises(NotFound) as refused, db.session() as s:
        remove_person(s, _user(s, "agent01"), "B1", pid)
    assert refused.value.translated("zh_CN") == f"借款人 B1 的关联人 {pid} 已停用：此人已被移除。"
    with db.sessions() as s:
        rel = s.scalar(select(RelatedPerson.id).where(RelatedPerson.name == "李四"))
    add(db, days_ago(3, 10), party=Party.RELATIVE, number=REL_PHONE, person=rel)
    with db.session() as s:
        remove_person(s, _user(s, "agent01"), "B1", rel)
    assert [c["kept"] for c in _entries(db, "borrower.person_remove")] == [True, True]
    with db.sessions() as s:
        offered = contact_targets(s, _user(s, "agent01"), "C1").persons
        assert [p.id for p in offered] == [again]  # neither removed person
    with pytest.raises(ValidationError, match="was removed"), db.session() as s:
        log_contact(
            s, _user(s, "agent01"), "C1", channel="call", party="relative",
            related_person_id=rel, at=days_ago(1, 10), outcome="no_answer",
        )  # fmt: skip
    with pytest.raises(NotFound, match="is no longer active"), db.session() as s:
        remove_person(s, _user(s, "agent01"), "B1", rel)
