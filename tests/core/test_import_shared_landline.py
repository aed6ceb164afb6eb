"""A borrowers import's shared-number problem names a landline a number, not a mobile: a US or
UK office's phone cell may hold one (filed as a home number), and "Mobile +44 113…" misnames it.
A mobile shared is still called a mobile."""

from __future__ import annotations

from app.i18n import set_language
from app.privacy import mask_phone
from tests.core.test_import_landlines import _csv, _import, _office, _phones

HOW = "If the borrowers share it (a household line), an admin can import it recorded as shared"
LANDLINE, MOBILE = "+441134960123", "+447912345679"


def _files(tmp_path):
    first = _csv(tmp_path / "a.csv", "GB1,Margaret Thompson,AB 65 43 21 B,0113 496 0123,mature")
    rows = (
        "GB2,Aoife Byrne,AB 12 34 56 C,0113 496 0123,young",  # GB1's landline
        "GB3,Tom Hughes,AB 12 34 58 C,028 9032 1234,young",
        "GB4,Ann Hughes,AB 12 34 59 C,028 9032 1234,young",  # GB3's landline, a row above
        "GB5,Sam Cole,AB 12 34 60 C,07912 345679,young",
        "GB6,Jo Cole,AB 12 34 61 C,07912 345679,young",  # GB5's mobile
    )
    return first, _csv(tmp_path / "b.csv", *rows)


def test_a_shared_landline_is_a_number_and_a_shared_mobile_a_mobile(db, tmp_path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    first, path = _files(tmp_path)
    assert _import(db, first).imported
    said = [(p.row, p.message) for p in _import(db, path, dry_run=True).errors]
    assert [row for row, _ in said] == [2, 4, 6]
    assert said[0][1].startswith(
        f"Number {mask_phone(LANDLINE)} is already on file for borrower GB1 "
        "(National Insurance number "
    ), said[0][1]
    assert all(HOW in message for _row, message in said)
    assert said[1][1].startswith(
        f"Number {mask_phone('+442890321234')} is also on row 3, for borrower GB3"
    ), said[1][1]
    assert said[2][1].startswith(f"Mobile {mask_phone(MOBILE)} is also on row 5, for borrower GB5")
    assert "Mobile" not in said[0][1] + said[1][1]
    assert set(_phones(db)) == {"GB1"}  # nothing imported while the problems stand


def test_in_chinese_a_landline_is_a_haoma(db, tmp_path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    first, path = _files(tmp_path)
    assert _import(db, first).imported
    set_language("zh_CN")
    try:
        said = [p.message for p in _import(db, path, dry_run=True).errors]
    finally:
        set_language("en")
    assert said[0].startswith(f"号码 {mask_phone(LANDLINE)} 已登记在"), said[0]
    assert said[1].startswith(f"号码 {mask_phone('+442890321234')} 也出现在第 3 行"), said[1]
    assert said[2].startswith(f"手机号 {mask_phone(MOBILE)} 也出现在第 5 行"), said[2]


def test_a_related_persons_shared_landline_is_a_number_too(db, tmp_path) -> None:
    _office(db, "uk", "Europe/London", "GBP")
    path = tmp_path / "r.csv"
    path.write_text(
        "borrower_no,name,id_number,mobile,segment,related name,relation,related phone\n"
        "GB1,Aoife Byrne,AB 12 34 56 C,07912 345679,young,Mary Byrne,mother,0113 496 0123\n"
        "GB2,Tom Byrne,AB 12 34 58 C,07911 123456,young,Mary Byrne,mother,0113 496 0123\n",
        encoding="utf-8",
    )
    [problem] = _import(db, path, dry_run=True).errors
    assert problem.message.startswith(
        f"Number {mask_phone(LANDLINE)} is also on row 2, for Mary Byrne"
    ), problem.message
