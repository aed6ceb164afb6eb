"""A borrowers import whose new borrower has a mobile someone else holds too: on file for another
borrower, or another borrower's on an earlier row. The check names the row with the other
borrower's number and masked ID and nothing is imported; with a reason, the rows import, the
check lists them, and each such number is audited as shared (as a number typed on the borrower's
page is)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.importer import import_file
from app.models import AuditEntry, Borrower, Phone, User
from app.privacy import mask_id, mask_phone
from tests.core import importer_files as f
from tests.core.test_import_two_phones import _office
from tests.office_day import office_today

MOBILE = 3
REASON = "Husband and wife share the household line"
ONE = mask_phone("+86" + f.mobile(1))  # +86 131****7919
TWO = mask_phone("+8613900001111")


def _import(db, path: Path, *, dry_run: bool = False, shared_reason: str = ""):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(
            s,
            actor,
            "borrowers",
            path,
            today=office_today(),
            dry_run=dry_run,
            shared_reason=shared_reason,
        )


def _numbers(db) -> dict[str, list[str]]:
    with db.session() as s:
        rows = s.execute(
            select(Borrower.borrower_no, Phone.number)
            .join(Phone, Phone.borrower_id == Borrower.id)
            .order_by(Phone.id)
        ).all()
    found: dict[str, list[str]] = {}
    for no, number in rows:
        found.setdefault(no, []).append(number)
    return found


def _files(tmp_path: Path) -> tuple[Path, Path]:
    """B000001 on file first; then B000002 with B000001's mobile and B000003 and B000004 with
    one number between them."""
    first = f.write_csv(tmp_path / "first.csv", f.BORROWER_ZH, f.borrowers(1))
    rows = f.borrowers(3, start=2)
    rows[0][MOBILE] = f.mobile(1)
    rows[2][MOBILE] = "13900001111"
    rows[1][MOBILE] = "13900001111"
    return first, f.write_csv(tmp_path / "next.csv", f.BORROWER_ZH, rows)


def test_a_mobile_someone_else_holds_is_a_problem_naming_them_masked(db, tmp_path) -> None:
    _office(db)
    first, path = _files(tmp_path)
    assert _import(db, first).imported
    report = _import(db, path, dry_run=True)
    problems = [(p.row, p.column, p.message) for p in report.errors]
    assert problems == [
        (
            2,
            "手机号",
            f"Mobile {ONE} is already on file for borrower B000001 "
            f"(ID {mask_id(f.national_id(1))}). If the borrowers share it (a household line), "
            "an admin can import it recorded as shared, with the reason.",
        ),
        (
            4,
            "手机号",
            f"Mobile {TWO} is also on row 3, for borrower B000003 "
            f"(ID {mask_id(f.national_id(3))}). If the borrowers share it (a household line), "
            "an admin can import it recorded as shared, with the reason.",
        ),
    ]
    assert f.national_id(1) not in str(problems)  # the whole ID never shown
    report = _import(db, path)
    assert not report.imported and set(_numbers(db)) == {"B000001"}


def test_in_chinese(db, tmp_path, monkeypatch) -> None:
    from app.i18n import set_language

    _office(db)
    first, path = _files(tmp_path)
    assert _import(db, first).imported
    set_language("zh_CN")
    try:
        report = _import(db, path, dry_run=True)
    finally:
        set_language(None)
    assert report.errors[0].message.startswith(
        f"手机号 {ONE} 已登记在借款人 B000001（身份证号 {mask_id(f.national_id(1))}）名下。"
    )
    assert "第 3 行" in report.errors[1].message
    for problem in report.errors:  # only an admin imports: the admin is named, not a supervisor
        assert "可由管理员写明原因，按共用号码导入" in problem.message
        assert "主管" not in problem.message
        # A mobile shared in a household is no landline (QA s46 J-7).
        assert "（如家人共用的手机号）" in problem.message and "固话" not in problem.message


def test_with_a_reason_they_import_as_shared_and_are_audited(db, tmp_path) -> None:
    _office(db)
    first, path = _files(tmp_path)
    assert _import(db, first).imported
    preview = _import(db, path, dry_run=True, shared_reason=REASON)
    assert preview.ok and preview.new == 3
    said = preview.shared_text()
    assert said.startswith("Numbers someone else holds too, to be recorded as shared")
    assert f"row 2: {ONE} of borrower B000002, also on file for borrower B000001" in said
    assert f"row 4: {TWO} of borrower B000004, also on row 3 for borrower B000003" in said
    report = _import(db, path, shared_reason=REASON)
    assert report.imported
    assert report.shared_text().startswith("Recorded as shared, with the reason given:")
    numbers = _numbers(db)
    assert numbers["B000002"] == numbers["B000001"] == ["+86" + f.mobile(1)]
    assert numbers["B000003"] == numbers["B000004"] == ["+8613900001111"]
    with db.session() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "phone.add").order_by(AuditEntry.id)
        ).all()
        assert [(e.entity_id, e.changes["shared_with"]) for e in entries] == [
            ("B000002", "B000001"),
            ("B000004", "B000003"),
        ]
        assert all(e.changes["shared"] != REASON for e in entries)  # sealed, as add_phone's
        imported = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "import.borrowers")
        ).all()
        assert imported[-1].changes["shared"] == 2


def test_a_re_import_of_shared_numbers_changes_nothing(db, tmp_path) -> None:
    _office(db)
    first, path = _files(tmp_path)
    assert _import(db, first).imported
    assert _import(db, path, shared_reason=REASON).imported
    again = _import(db, path)
    assert again.ok and (again.new, again.unchanged) == (0, 3)


def test_a_short_reason_is_refused(db, tmp_path) -> None:
    _office(db)
    _first, path = _files(tmp_path)
    with pytest.raises(ValidationError):
        _import(db, path, shared_reason="ok")
