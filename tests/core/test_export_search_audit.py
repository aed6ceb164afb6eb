"""An export's audit entry keeps no borrower's personal data from the search box (QA s47 N-1): an
ID number or a phone in it is masked as lists show them and, with a name, sealed with the key of
the borrower it found, so that after the erasure it reads "(erased)"; a record's number is kept
as typed; a search that found no borrower is kept masked."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from app import audit
from app.erasure import erase_borrower
from app.export import export_rows
from app.export_kinds import TextFilter
from app.export_search import masked_search
from app.masking import mask_id
from app.models import AuditEntry, Case, Loan, Phone
from app.queries.audit_log import AuditFilter, audit_ids, audit_rows
from app.queries.cases import QueueFilter
from tests.core.test_erasure import _erasable, _user


def _raw(s) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(c) for (c,) in s.execute(text("SELECT changes FROM audit_entry")))


def _exports(s, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The words of every list.export entry, oldest first, as the Audit page reads them."""
    admin = _user(s, "admin")
    ids = audit_ids(s, admin, AuditFilter(action="list.export"), descending=False)
    rows = audit_rows(s, ids, lang)
    return [" · ".join(rows[i].words) for i in ids]


def test_masked_search_masks_every_id_number_and_phone_in_it() -> None:
    assert masked_search("340104199706135119") == "340104********5119"
    assert masked_search("34010419970613511x") == "340104********511X"
    assert masked_search("13812345602") == "138****5602"
    assert masked_search("+86 138 1234 5602") == "+86 138****5602"
    assert masked_search("张三 13812345602") == "张三 138****5602"
    assert masked_search("王五") == "王五" and masked_search("A 12") == "A 12"
    assert masked_search("123-45-6789", "US") == "***-**-6789"
    assert masked_search("AB 12 34 56 C", "GB") == "** ** ** 56 C"


def test_a_searched_id_phone_or_name_is_sealed_then_reads_erased(demo_db, tmp_path: Path) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        number, national = borrower.borrower_no, borrower.national_id
        name = borrower.name
        phone = s.scalar(select(Phone.number).where(Phone.borrower_id == borrower.id))
        assert phone is not None and phone.startswith("+86")
        case_no = s.scalar(
            select(Case.case_no).join(Loan).where(Loan.borrower_id == borrower.id).limit(1)
        )
    searches = [
        ("borrowers", TextFilter(search=national)),
        ("queue", QueueFilter(search=phone[3:])),
        ("loans", TextFilter(search=name)),
        ("cases", QueueFilter(search=case_no)),  # a record's number: kept as typed
        # Finds no one as a whole, but its words name the borrower: sealed for them too
        ("borrowers", TextFilter(search=f"{name} 13900000000")),
    ]
    for i, (kind, flt) in enumerate(searches):
        with demo_db.session() as s:
            export_rows(s, _user(s, "supervisor"), kind, tmp_path / f"{i}.csv", filters=flt)
    masked_phone = f"{phone[3:6]}****{phone[-4:]}"
    with demo_db.session() as s:
        raw = _raw(s)
        for secret in (national, mask_id(national), phone[3:], masked_phone, name):
            assert secret not in raw, secret
        en = _exports(s, "en")[-5:]
        assert f"Search = {mask_id(national)}" in en[0], en[0]
        assert f"Search = {masked_phone}" in en[1], en[1]
        assert f"Search = {name}" in en[2] and f"Search = {case_no}" in en[3]
        assert f"Search = {name} 139****0000" in en[4], en[4]
        zh = _exports(s, "zh_CN")[-5:]
        assert f"搜索 = {mask_id(national)}" in zh[0], zh[0]
        erase_borrower(s, _user(s, "admin"), number)
    with demo_db.session() as s:
        en = _exports(s, "en")[-5:]
        assert all("Search = (erased)" in words for words in en[:3] + en[4:]), en
        assert f"Search = {case_no}" in en[3]  # the trail keeps numbers
        zh = _exports(s, "zh_CN")[-5:]
        assert "搜索 = （已删除）" in zh[0], zh[0]
        assert audit.verify_chain(s).intact


def test_a_search_that_found_no_borrower_is_kept_masked(demo_db, tmp_path: Path) -> None:
    with demo_db.session() as s:
        export_rows(
            s,
            _user(s, "supervisor"),
            "borrowers",
            tmp_path / "none.csv",
            filters=TextFilter(search="  11010519491231002X  "),
        )
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.changes["filters"] == {"search": "110105********002X"}
        assert entry.changes["rows"] == 0
        export_rows(
            s,
            _user(s, "supervisor"),
            "borrowers",
            tmp_path / "blank.csv",
            filters=TextFilter(search="   "),
        )
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.changes["filters"] == {}
