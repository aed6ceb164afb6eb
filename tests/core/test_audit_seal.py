"""A borrower's personal data in the audit trail are sealed with their own key (app/audit_seal.py)
on a copy of the demo office: the Audit page's rows and the trail's export read them as typed;
after the borrower's erasure they read "(erased)" (（已删除） in Chinese), the table holds no
clear text of them, the key is gone and the chain still verifies; values written before the
borrower had a key stay as they were."""

from __future__ import annotations

from sqlalchemy import func, select, text

from app import audit
from app.audit_seal import is_sealed, open_changes, personal
from app.borrower_phones import add_phone
from app.erasure import erase_borrower
from app.models import AuditEntry, BorrowerKey
from app.privacy import reveal
from app.queries.audit_log import AuditFilter, audit_ids, audit_rows
from tests.core.test_erasure import _erasable, _user

NOTE = "借款人说新号码是她女儿王小红的"
REASON = "借款人来电要求核对身份证号码"


def _rows(s, number: str, lang: str):  # type: ignore[no-untyped-def]
    """The borrower's entries as the Audit page reads them, oldest first."""
    admin = _user(s, "admin")
    ids = audit_ids(s, admin, AuditFilter(entity="borrower", entity_id=number), descending=False)
    rows = audit_rows(s, ids, lang)
    return [rows[i] for i in ids]


def _raw(s) -> str:  # type: ignore[no-untyped-def]
    """Every stored entry's changes as the table holds them (no ORM in between)."""
    return "\n".join(str(c) for (c,) in s.execute(text("SELECT changes FROM audit_entry")))


def test_sealed_values_read_back_until_the_erasure_then_read_erased(demo_db) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        bid, number = borrower.id, borrower.borrower_no
        admin = _user(s, "admin")
        add_phone(s, _user(s, "supervisor"), number, "139 0000 1234", note=NOTE)
        reveal(s, admin, bid, "national_id", REASON)
    with demo_db.session() as s:
        assert s.get(BorrowerKey, bid) is not None
        raw = _raw(s)
        assert NOTE not in raw and REASON not in raw and "139****1234" not in raw
        added = s.scalar(select(AuditEntry).where(AuditEntry.action == "phone.add"))
        assert is_sealed(added.changes["note"]) and added.changes["kind"] == "mobile"
        en = {r.action: r for r in _rows(s, number, "en")}
        assert f"Note: {NOTE}" in en["phone.add"].words
        assert any("139****1234" in w for w in en["phone.add"].words)
        assert f"Reason: {REASON}" in en["personal_data.reveal"].words
        assert en["phone.add"].raw_changes["note"] == NOTE  # the tooltip's JSON, opened
        assert audit.verify_chain(s).intact

        erase_borrower(s, _user(s, "admin"), number)
    with demo_db.session() as s:
        assert s.get(BorrowerKey, bid) is None
        raw = _raw(s)
        assert NOTE not in raw and REASON not in raw and "139****1234" not in raw
        en = {r.action: r for r in _rows(s, number, "en")}
        assert "Note: (erased)" in en["phone.add"].words
        assert "Reason: (erased)" in en["personal_data.reveal"].words
        assert not any("139" in w for w in en["phone.add"].words)
        assert "Kind: Mobile" in en["phone.add"].words  # what is not personal still reads
        zh = {r.action: r for r in _rows(s, number, "zh_CN")}
        assert any(w.endswith("（已删除）") for w in zh["phone.add"].words), zh["phone.add"].words
        check = audit.verify_chain(s)
        assert check.intact
        assert check.checked == s.scalar(select(func.count()).select_from(AuditEntry))


def test_a_value_sealed_for_one_borrower_is_not_opened_by_another_key(demo_db) -> None:
    with demo_db.session() as s:
        # The demo writes its history as it stood before sealing: nobody has a key yet.
        assert s.scalar(select(func.count()).select_from(BorrowerKey)) == 0
        sealed = personal(s, 1, "王小红")
        assert is_sealed(sealed) and open_changes(s, {"person": sealed}) == {"person": "王小红"}
        moved = {**sealed, "borrower": 2}  # claimed for another borrower: their key fails it
        personal(s, 2, "x")
        assert open_changes(s, {"person": moved}, "en") == {"person": "(cannot be read)"}
        assert personal(s, 1, "") == "" and personal(s, None, "王小红") == "王小红"


def test_an_erased_borrower_gets_no_new_key(demo_db) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        bid = borrower.id
        erase_borrower(s, _user(s, "admin"), borrower.borrower_no)
    with demo_db.session() as s:
        sealed = personal(s, bid, "anything")
        assert s.get(BorrowerKey, bid) is None and "anything" not in str(sealed)
        assert open_changes(s, {"note": sealed}, "zh_CN") == {"note": "（已删除）"}
