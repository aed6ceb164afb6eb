"""A number the borrower gives (app/borrower_phones.py): kept in E.164 however written, audited
masked; made primary on request (the next call goes to it); refused twice, as a related person's,
as no phone number, or of an unknown kind, with nothing saved. Real database files (the `db`
fixture with the one-borrower office of test_edges_qa)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit_seal import is_sealed, open_changes
from app.borrower_phones import add_phone
from app.contacts import log_contact
from app.errors import ValidationError
from app.models import AuditEntry, Phone
from tests.compliance.test_edges_qa import PHONE, REL_PHONE, _user, build, days_ago


def _add(db, number: str, who: str = "agent01", **kw):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return add_phone(s, _user(s, who), "B1", number, **kw).number


def _phones(db) -> list[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return [
            (p.number, p.kind, p.is_primary) for p in s.scalars(select(Phone).order_by(Phone.id))
        ]


def test_an_agent_records_a_new_mobile_and_makes_it_primary(db) -> None:
    build(db)
    assert _add(db, "139 0000 1234", primary=True, note="借款人来电告知新号码") == "+8613900001234"
    assert _phones(db) == [(PHONE, "mobile", False), ("+8613900001234", "mobile", True)]
    with db.sessions() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "phone.add"))
        assert entry.entity_id == "B1" and entry.user_id == _user(s, "agent01").id
        assert is_sealed(entry.changes["phone"]) and is_sealed(entry.changes["note"])
        assert open_changes(s, entry.changes) == {
            "phone": "+86 139****1234",
            "kind": "mobile",
            "primary": True,
            "note": "借款人来电告知新号码",
        }
    with db.session() as s:  # the next call, with no number named, goes to it
        result = log_contact(
            s, _user(s, "agent01"), "C1", channel="call", party="borrower",
            at=days_ago(1, 10), outcome="no_answer",  # not in the quiet hours
        )  # fmt: skip
        assert result.attempt.phone_number == "+8613900001234"


def test_a_work_line_is_added_beside_the_primary(db) -> None:
    build(db)
    assert _add(db, "010-6512 3456", kind="work") == "+861065123456"
    assert _phones(db)[-1] == ("+861065123456", "work", False)
    assert _phones(db)[0][2] is True  # the primary stays


@pytest.mark.parametrize(
    ("number", "kw", "message"),
    [
        (PHONE, {}, "already on file"),
        ("+86 138 1234 5678", {}, "already on file"),
        (REL_PHONE, {}, "李四's, a person related to the borrower"),
        ("12345", {}, "Not a phone number"),
        ("   ", {}, "Type the number"),
        ("13900001234", {"kind": "fax"}, "Unknown kind of number fax"),
        ("13900001234", {"note": "x" * 201}, "longer than 200"),
    ],
)
def test_what_is_refused_saves_nothing(db, number, kw, message) -> None:
    build(db)
    with pytest.raises(ValidationError, match=message):
        _add(db, number, **kw)
    assert _phones(db) == [(PHONE, "mobile", True)]
