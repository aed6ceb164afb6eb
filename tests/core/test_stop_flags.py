"""Recording a request to stop contact, and lifting one (app/borrowers.py): an agent who hears it
records it at once; lifting a restriction is a supervisor's, with a written reason; a related
person's consent and do-not-contact change the same way, are audited, and a contact logged
after the fact is judged by them as they stood then.

Real database files (the `db` fixture with the one-borrower office of test_edges_qa)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.audit_seal import is_sealed, open_changes
from app.audit_words import Reader
from app.borrowers import update_borrower_flags
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import AuditEntry, Borrower, RelatedPerson, VerdictKind
from tests.compliance.test_edges_qa import (
    REL_PHONE,
    SH,
    _user,
    build,
    chk,
    days_ago,
    person_id,
    rules,
)


def _change(db, who: str, note: str = "", related=None, **flags):  # type: ignore[no-untyped-def]
    with db.session() as s:
        borrower = s.scalar(select(Borrower))
        update_borrower_flags(
            s, _user(s, who), "B1", expected_version=borrower.version, note=note,
            related=related, **flags,
        )  # fmt: skip


def _borrower(db) -> tuple[Borrower, RelatedPerson]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return s.scalar(select(Borrower)), s.scalar(select(RelatedPerson))


def _entries(db, sealed: tuple[str, ...] = ()) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    """The borrower's entries, their sealed values opened (`sealed`: the fields that must have
    been stored sealed, wherever present)."""
    with db.sessions() as s:
        found = list(s.scalars(select(AuditEntry).where(AuditEntry.action.like("borrower.%"))))
        s.expunge_all()
        for entry in found:
            stored = entry.changes or {}
            assert all(is_sealed(stored[k]) for k in sealed if k in stored), stored
            entry.changes = open_changes(s, stored)
        return found


def test_an_agent_records_a_lawyer_and_the_next_call_is_refused(db) -> None:
    build(db)
    assert "stop_lawyer" not in rules(chk(db, at=dt.datetime.now(SH)))
    _change(db, "agent01", has_lawyer=True, contact_refused=True)
    borrower, _person = _borrower(db)
    assert borrower.has_lawyer and borrower.contact_refused
    verdict = chk(db, at=dt.datetime.now(SH))
    assert {"stop_lawyer", "stop_contact_refused"} <= rules(verdict)
    assert verdict.kind is VerdictKind.BLOCKED
    [entry] = _entries(db)
    assert entry.action == "borrower.flags" and entry.entity_id == "B1"
    assert entry.changes == {"has_lawyer": [False, True], "contact_refused": [False, True]}


def test_an_agent_may_not_lift_a_restriction_and_nothing_is_saved(db) -> None:
    build(db)
    _change(db, "agent01", do_not_visit=True)
    with pytest.raises(PermissionDenied, match="lift a restriction on contact"):
        _change(db, "agent01", note="he changed his mind", do_not_visit=False, vulnerable=True)
    # consent to contact in quiet hours loosens the rules: not an agent's either
    with pytest.raises(PermissionDenied):
        _change(db, "agent01", note="asked", quiet_hours_consent=True)
    borrower, _person = _borrower(db)
    assert borrower.do_not_visit and not borrower.vulnerable and not borrower.quiet_hours_consent
    assert len(_entries(db)) == 1


def test_a_supervisor_lifts_one_only_with_a_reason_which_the_trail_keeps(db) -> None:
    build(db)
    _change(db, "agent01", has_lawyer=True)
    with pytest.raises(ValidationError, match="written reason"):
        _change(db, "sup", note="   ", has_lawyer=False)
    assert _borrower(db)[0].has_lawyer
    _change(db, "sup", note="The lawyer's letter was withdrawn on 12-03.", has_lawyer=False)
    assert not _borrower(db)[0].has_lawyer
    entry = _entries(db, sealed=("note",))[-1]
    assert entry.changes == {
        "has_lawyer": [True, False],
        "note": "The lawyer's letter was withdrawn on 12-03.",
    }
    words = Reader("zh_CN", SH).describe(entry.action, entry.changes)
    assert words.startswith("已委托律师：是 → 否；备注：")
    assert "withdrawn" in words


def test_a_relative_asks_not_to_be_called(db) -> None:
    build(db)
    pid = person_id(db)
    third = {"party": "relative", "phone_number": REL_PHONE, "related_person_id": pid}
    now = dt.datetime.now(SH)
    assert "related_person_do_not_contact" not in rules(chk(db, at=now, **third))
    version = _borrower(db)[0].version
    _change(db, "agent01", related={pid: {"do_not_contact": True}})
    borrower, person = _borrower(db)
    assert person.do_not_contact
    assert borrower.version == version + 1  # a reader of the borrower before is now stale
    assert "related_person_do_not_contact" in rules(chk(db, at=dt.datetime.now(SH), **third))
    [entry] = _entries(db, sealed=("person", "note"))
    assert entry.action == "borrower.related"
    assert entry.changes == {
        "person": person.name,
        "person_id": pid,
        "do_not_contact": [False, True],
    }
    english = Reader("en", SH).describe(entry.action, entry.changes)
    assert f"Related person: {person.name}" in english and "Do not contact: No → Yes" in english
    # giving consent, or lifting the do-not-contact, is a supervisor's
    with pytest.raises(PermissionDenied):
        _change(db, "agent01", note="x", related={pid: {"do_not_contact": False}})
    _change(
        db,
        "sup",
        note="She called back to say calls are fine.",
        related={pid: {"do_not_contact": False}},
    )
    assert not _borrower(db)[1].do_not_contact


def test_a_person_of_another_borrower_or_an_unknown_flag_is_refused(db) -> None:
    build(db)
    pid = person_id(db)
    with pytest.raises(NotFound, match="no related person 9999"):
        _change(db, "sup", related={9999: {"do_not_contact": True}})
    with pytest.raises(ValidationError, match="Unknown flag"):
        _change(db, "sup", related={pid: {"has_lawyer": True}})
    with pytest.raises(ValidationError, match="Unknown stop flag"):
        _change(db, "sup", lawyer=True)
    assert _entries(db) == []


def test_nothing_changed_writes_nothing(db) -> None:
    build(db)
    pid = person_id(db)
    before = _borrower(db)[0].version
    consent = _borrower(db)[1].consent_to_contact
    _change(db, "agent01", has_lawyer=False, related={pid: {"consent_to_contact": consent}})
    assert _borrower(db)[0].version == before
    assert _entries(db) == []


def test_a_call_to_a_relative_logged_late_is_judged_by_their_wish_then(db) -> None:
    """The relative asked this morning not to be called: a call two days ago, logged now, was
    lawful then; one now is not. Lifted since, a call made while it stood is refused."""
    build(db)
    pid = person_id(db)
    third = {"party": "relative", "phone_number": REL_PHONE, "related_person_id": pid}
    _change(db, "agent01", related={pid: {"do_not_contact": True}})
    assert "related_person_do_not_contact" not in rules(chk(db, at=days_ago(2, 10), **third))
    assert "related_person_do_not_contact" in rules(chk(db, at=dt.datetime.now(SH), **third))
    # lifted since: a call made while the wish stood is refused
    _change(db, "sup", note="asked again", related={pid: {"do_not_contact": False}})
    with db.sessions() as s:
        made, lifted = s.scalars(
            select(AuditEntry.at)
            .where(AuditEntry.action == "borrower.related")
            .order_by(AuditEntry.id)
        ).all()
    between = made + (lifted - made) / 2
    if between.tzinfo is None:
        between = between.replace(tzinfo=dt.UTC)
    assert "related_person_do_not_contact" in rules(chk(db, at=between.astimezone(SH), **third))
    assert "related_person_do_not_contact" not in rules(chk(db, at=dt.datetime.now(SH), **third))
