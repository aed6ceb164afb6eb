"""A new recovery key after a borrower's personal data were sealed in the audit trail
(app/audit_seal.py): the re-sealed chain verifies, the sealed values still open under the new
database key (their borrower keys travel inside the re-encrypted file), and an erasure after it
leaves them reading "(erased)" with the chain still whole."""

from __future__ import annotations

from sqlalchemy import select, text

from app.audit import verify_chain
from app.borrower_phones import add_phone
from app.erasure import erase_borrower
from app.models import BorrowerKey
from app.queries.audit_log import AuditFilter, audit_ids, audit_rows
from app.recovery_key import replace_recovery_key
from db.store import open_database
from tests.core.test_erasure import _erasable, _user
from tests.db.test_new_recovery_key import office

__all__ = ["office"]

NOTE = "借款人的邻居代为转告新号码"


def _note_words(session, number: str) -> list[str]:  # type: ignore[no-untyped-def]
    admin = _user(session, "admin")
    flt = AuditFilter(entity="borrower", entity_id=number, action="phone.add")
    ids = audit_ids(session, admin, flt)
    return [w for row in audit_rows(session, ids, "en").values() for w in row.words]


def test_sealed_values_survive_a_new_recovery_key_and_an_erasure_after_it(office) -> None:
    with office.session() as session:
        borrower = _erasable(session)
        bid, number = borrower.id, borrower.borrower_no
        add_phone(session, _user(session, "supervisor"), number, "139 0000 4321", note=NOTE)
    made = replace_recovery_key(office, "admin", "demo")
    fresh = open_database(office.path, made.key)
    try:
        with fresh.sessions() as session:
            assert verify_chain(session).intact
            assert session.get(BorrowerKey, bid) is not None
            assert f"Note: {NOTE}" in _note_words(session, number)
            stored = " ".join(str(r) for r in session.execute(text("SELECT * FROM audit_entry")))
            assert NOTE not in stored
        with fresh.session() as session:
            erase_borrower(session, _user(session, "admin"), number)
        with fresh.sessions() as session:
            assert verify_chain(session).intact
            assert session.scalar(select(BorrowerKey).where(BorrowerKey.borrower_id == bid)) is None
            assert "Note: (erased)" in _note_words(session, number)
    finally:
        fresh.close()
