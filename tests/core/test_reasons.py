"""A written reason must say something, counted as it is written: a supervisor's override of a
rule and a reveal of personal data refuse a reason too short, in the core (the command line
took any reason the window refused), and a Chinese character counts as two."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit_seal import open_changes
from app.auth import authenticate
from app.contacts import log_contact
from app.errors import ValidationError
from app.models import AuditEntry, Borrower, RelatedPerson, User
from app.privacy import reveal
from app.reasons import MIN_REASON, reason_length, short_reason
from tests.core.test_contacts import _case_no, _counts, _yesterday, office  # noqa: F401


def test_a_chinese_character_counts_as_two() -> None:
    assert reason_length("  court case ") == 10 and short_reason("court case") is None
    assert reason_length("法院要求提供地址") == 16 and short_reason("法院要求提供地址") is None
    assert reason_length("家属同意") == 8 and short_reason("家属同意") is not None
    assert reason_length("家属同意ok") == 10 and short_reason("家属同意ok") is None
    assert reason_length(None) == 0 and short_reason("   ") is not None
    refusal = short_reason("urgent")
    assert isinstance(refusal, ValidationError) and str(MIN_REASON) in str(refusal)


def _third_party(db, reason: str):  # type: ignore[no-untyped-def]
    with db.session() as s:
        person = s.scalar(select(RelatedPerson.id))
    sup = authenticate(db.sessions, "supervisor", "pw-sup")
    with db.session(write_lock=True) as s:
        return log_contact(
            s,
            s.get(User, sup.id),
            _case_no(db),
            channel="call",
            party="relative",
            related_person_id=person,
            phone_number="+8613912345678",
            outcome="connected",
            at=_yesterday(10),
            override_by=s.get(User, sup.id),
            override_reason=reason,
        )


def test_an_override_with_too_short_a_reason_is_refused_and_nothing_saved(office) -> None:  # noqa: F811
    with pytest.raises(ValidationError, match="at least 10 characters"):
        _third_party(office, "ok then")
    assert _counts(office) == (0, 0)
    with office.session() as s:
        assert not s.scalar(select(AuditEntry.id).where(AuditEntry.action == "contact.log"))
    assert _third_party(office, "借款人电话停机").saved  # seven characters: 14
    assert _counts(office) == (1, 0)


def test_a_reveal_takes_a_short_chinese_sentence(office) -> None:  # noqa: F811
    sup = authenticate(office.sessions, "supervisor", "pw-sup")
    with office.session() as s:
        borrower = s.scalar(select(Borrower))
        with pytest.raises(ValidationError):
            reveal(s, s.get(User, sup.id), borrower.id, "national_id", "核实身份")
        assert reveal(s, s.get(User, sup.id), borrower.id, "national_id", "法院要求核实身份") == [
            borrower.national_id
        ]
        entries = [
            open_changes(s, e)
            for e in s.scalars(
                select(AuditEntry.changes).where(AuditEntry.action == "personal_data.reveal")
            )
        ]
    assert [e["reason"] for e in entries] == ["法院要求核实身份"]
