"""QA17 findings 1 and 4: a related person's do-not-contact follows their number. Removing a
person who asked not to be contacted and adding them again with the same number is refused
(unless recorded with Do not contact again; a supervisor lifts it on the removed person with a
note); a call to a number a removed person holds with do-not-contact is judged by it; a removed
person is never a candidate for a number's owner. Real database file (test_edges_qa's office)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.borrowers import update_borrower_flags
from app.contacts import check_contact, log_contact, make_action
from app.contacts_standing import may_contact
from app.errors import ValidationError
from app.models import Borrower, Case, RelatedPerson, Relationship, VerdictKind
from app.related_persons import PersonFields, add_person, edit_person, remove_person
from tests.compliance.test_edges_qa import _user, build, days_ago

NUMBER = "13851263610"
WANG = PersonFields("王佳", "spouse", NUMBER)
RULE = "related_person_do_not_contact"


def _removed_wang(db, do_not_contact: bool = True) -> int:  # type: ignore[no-untyped-def]
    """王佳 recorded (asking not to be contacted, by default), then removed (kept inactive)."""
    build(db)
    fields = PersonFields("王佳", "spouse", NUMBER, do_not_contact=do_not_contact)
    with db.session() as s:
        pid = add_person(s, _user(s, "agent01"), "B1", fields).id
    with db.session() as s:
        remove_person(s, _user(s, "agent01"), "B1", pid)
    return pid


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return len(list(s.scalars(select(RelatedPerson.id))))


def _rules(db, **fields) -> list[str]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        verdict = check_contact(
            s, _user(s, "agent01"), "C1", channel="call", at=days_ago(1, 10), outcome=None,
            **fields,
        )  # fmt: skip
        return [f.rule for f in verdict.findings]


def test_adding_the_number_again_is_refused_until_a_supervisor_lifts_it(db) -> None:
    pid = _removed_wang(db)
    before = _count(db)
    with pytest.raises(ValidationError) as refused, db.session() as s:
        add_person(s, _user(s, "agent01"), "B1", WANG)
    said = refused.value.translated("en")
    assert "+86 138****3610 is on file for 王佳" in said
    assert f"casedesk borrower flags B1 --person {pid} --clear do_not_contact" in said
    assert "此人要求不被联系" in refused.value.translated("zh_CN")
    assert _count(db) == before  # nothing saved
    with pytest.raises(ValidationError, match="asked not to be contacted"), db.session() as s:
        other = s.scalar(select(RelatedPerson).where(RelatedPerson.name == "李四"))
        assert other is not None
        fields = PersonFields("李四", str(other.relation), NUMBER, other.consent_to_contact)
        edit_person(s, _user(s, "agent01"), "B1", other.id, fields)
    # Recorded with Do not contact set again, the wish is kept: accepted.
    with db.session() as s:
        kept = PersonFields("王佳", "spouse", NUMBER, do_not_contact=True)
        again = add_person(s, _user(s, "agent01"), "B1", kept).id
    with db.session() as s:
        remove_person(s, _user(s, "agent01"), "B1", again)
    # A supervisor lifts it on both removed holders, with a note: the number may be added.
    with db.session() as s:
        version = s.scalar(select(Borrower.version))
        lifted = {pid: {"do_not_contact": False}, again: {"do_not_contact": False}}
        update_borrower_flags(
            s, _user(s, "sup"), "B1", expected_version=version, note="本人电话同意", related=lifted
        )
    with db.session() as s:
        assert add_person(s, _user(s, "agent01"), "B1", WANG).do_not_contact is False


def test_a_call_to_the_number_follows_the_removed_persons_do_not_contact(db) -> None:
    pid = _removed_wang(db)
    assert RULE in _rules(db, party="relative", phone_number=NUMBER)
    # A person recorded with the number before this fix, without the flag, named or dialled.
    with db.session() as s:
        borrower_id = s.scalar(select(Borrower.id))
        twin = RelatedPerson(
            borrower_id=borrower_id, name="王佳", relation=Relationship.SPOUSE,
            phone="+86" + NUMBER,
        )  # fmt: skip
        s.add(twin)
        s.flush()
        new = twin.id
    assert RULE in _rules(db, party="relative", related_person_id=new)
    with db.sessions() as s:  # the case page's "May be contacted" says so too
        standing = may_contact(s, s.scalar(select(Case.id)))[new]
        assert standing.verdict is VerdictKind.BLOCKED, standing
    assert RULE in _rules(db, party="relative", phone_number=NUMBER)
    with pytest.raises(ValidationError, match="was removed"), db.session() as s:
        log_contact(
            s, _user(s, "agent01"), "C1", channel="call", party="relative",
            related_person_id=pid, at=days_ago(1, 10), outcome="no_answer",
        )  # fmt: skip


def test_the_numbers_owner_is_the_active_person_alone(db) -> None:
    """Finding 4: a removed person with the same number is no candidate (no "name the person")."""
    old = _removed_wang(db, do_not_contact=False)
    with db.session() as s:
        new = add_person(s, _user(s, "agent01"), "B1", WANG).id
    assert new != old
    assert RULE not in _rules(db, party="relative", phone_number=NUMBER)  # no refusal either
    with db.sessions() as s:
        action = make_action(
            s, s.scalar(select(Case.id)), channel="call", party="relative",
            phone_number=NUMBER, at=days_ago(1, 10), outcome="no_answer",
        )  # fmt: skip
    assert action.related_person_id == new
