"""A borrowers file with two numbers in one phone cell, as lenders' exports write them: each
number read and checked as a cell of its own would be, kept in the order written (the first the
primary), once; a bad one among good ones rejects the row by name; a re-import skips the borrower,
numbers added on the borrower's page since or not."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.borrower_phones import add_phone
from app.importer import import_file
from app.models import Borrower, Phone, User
from app.office import create_office
from tests.core import importer_files as f
from tests.office_day import office_today

MOBILE = 3  # the phone column in importer_files.BORROWER_ZH rows


def _office(db, rules: str = "cn", zone: str = "Asia/Shanghai", currency: str = "CNY"):
    with db.session() as s:
        create_office(
            s,
            name="Office",
            admin_username="admin",
            admin_password="pw-a",
            jurisdiction=rules,
            timezone=zone,
            currency=currency,
        )
    return db


def _import(db, path: Path, *, dry_run: bool = False):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, "borrowers", path, today=office_today(), dry_run=dry_run)


def _phones(db) -> dict[str, list[tuple[str, bool]]]:
    """Each borrower's numbers in the order recorded, with whether each is the primary."""
    with db.session() as s:
        rows = s.execute(
            select(Borrower.borrower_no, Phone.number, Phone.is_primary, Phone.kind)
            .join(Phone, Phone.borrower_id == Borrower.id)
            .order_by(Phone.id)
        ).all()
    assert {kind for *_, kind in rows} <= {"mobile"}
    found: dict[str, list[tuple[str, bool]]] = {}
    for no, number, primary, _kind in rows:
        found.setdefault(no, []).append((number, primary))
    return found


def _problems(report) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in report.errors]


def _rows(*cells: str) -> list[list[str]]:
    rows = f.borrowers(len(cells))
    for row, cell in zip(rows, cells, strict=True):
        row[MOBILE] = cell
    return rows


CELLS = (
    "13812345674/13900001111",
    "138 1234 5673；139 0000 1112",
    "13812345675 (本人) 13900001113",
    "13812345676，+86 139-0000-1114、13812345676",  # the repeated number kept once
    "13812345677",
)
WANTED = {
    "B000001": [("+8613812345674", True), ("+8613900001111", False)],
    "B000002": [("+8613812345673", True), ("+8613900001112", False)],
    "B000003": [("+8613812345675", True), ("+8613900001113", False)],
    "B000004": [("+8613812345676", True), ("+8613900001114", False)],
    "B000005": [("+8613812345677", True)],
}


def test_a_csv_with_two_numbers_in_a_cell_records_both_in_order(db, tmp_path: Path) -> None:
    _office(db)
    path = f.write_csv(tmp_path / "借款人.csv", f.BORROWER_ZH, _rows(*CELLS))
    preview = _import(db, path, dry_run=True)
    assert preview.ok, _problems(preview)
    assert (preview.new, preview.details["phones"]) == (5, 9)  # the dry run tells them too
    assert "9 phone numbers" in preview.phones_text()
    report = _import(db, path)
    assert report.imported, _problems(report)
    assert report.details["phones"] == 9
    assert _phones(db) == WANTED


def test_an_xlsx_cell_with_a_line_break_between_numbers(db, tmp_path: Path) -> None:
    _office(db)
    rows = _rows("13812345674\n13900001111", "138 1234 5675 139 0000 1112", 13812345676)
    path = f.write_xlsx(tmp_path / "借款人.xlsx", f.BORROWER_ZH, rows, title="借款人台账")
    report = _import(db, path)
    assert report.imported, _problems(report)
    assert _phones(db) == {
        "B000001": [("+8613812345674", True), ("+8613900001111", False)],
        "B000002": [("+8613812345675", True), ("+8613900001112", False)],
        "B000003": [("+8613812345676", True)],  # a number cell, as Excel keeps one
    }
    assert report.phones_text().startswith("The new borrowers bring 5 phone numbers")


def test_a_bad_number_among_good_ones_rejects_the_row_naming_it(db, tmp_path: Path) -> None:
    _office(db)
    rows = _rows(
        "13812345674/1390000111",
        "13812345675, 021-6543 2100",
        "12345；13812345676；abc",
        "13812345677",
    )
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)
    report = _import(db, path)
    assert _problems(report) == [
        (2, "手机号", "Not a Chinese mobile number: 1390000111"),
        (3, "手机号", "Not a Chinese mobile number: 021-6543 2100"),
        (4, "手机号", "Not a Chinese mobile number: 12345"),
        (4, "手机号", "Not a phone number: abc"),
    ]
    assert not report.imported and _phones(db) == {}


def test_re_importing_skips_a_borrower_with_two_numbers(db, tmp_path: Path) -> None:
    _office(db)
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, _rows(*CELLS))
    assert _import(db, path).imported
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        add_phone(s, admin, "B000005", "13900001115")  # a second number, given since
    again = _import(db, path)
    assert again.ok, _problems(again)
    assert (again.new, again.unchanged, again.details["phones"]) == (0, 5, 0)
    assert _phones(db)["B000005"] == [("+8613812345677", True), ("+8613900001115", False)]
    # The second number is on file, written second, alone or beside the first: no change.
    rows = _rows(*CELLS)
    rows[4][MOBILE] = "13812345677 / 13900001115"
    rows[0][MOBILE] = "13812345674"
    assert _import(db, f.write_csv(tmp_path / "c.csv", f.BORROWER_ZH, rows)).unchanged == 5


def test_a_number_not_on_file_or_a_new_first_one_is_a_change(db, tmp_path: Path) -> None:
    _office(db)
    first = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, _rows(*CELLS[:2]))
    assert _import(db, first).imported
    rows = _rows("13812345674/13900009999", "13900001112/13812345673")
    report = _import(db, f.write_csv(tmp_path / "c.csv", f.BORROWER_ZH, rows))
    assert [(row, column) for row, column, _ in _problems(report)] == [
        (2, "借款人编号"),
        (3, "借款人编号"),
    ]
    assert all("different 手机号" in message for *_, message in _problems(report))


def test_a_us_office_reads_two_numbers_with_area_codes_in_brackets(db, tmp_path: Path) -> None:
    _office(db, "us", "America/New_York", "USD")
    path = tmp_path / "b.csv"
    path.write_text(
        "borrower_no,name,id_number,mobile,segment\n"
        "B1,John Smith,123-45-6789,(415) 555-0100 / (212) 555-0199 (cell),young\n",
        encoding="utf-8",
    )
    report = _import(db, path)
    assert report.imported, _problems(report)
    assert _phones(db) == {"B1": [("+14155550100", True), ("+12125550199", False)]}


def test_a_note_naming_someone_else_refuses_the_cell(db, tmp_path: Path) -> None:
    """(母亲) between two numbers may mark the mother's number: filed as the borrower's own, a
    call to it would be judged a call to the borrower, not to a third party."""
    _office(db)
    rows = _rows("13812345674 (母亲) 13900001111", "13812345675（工作）13900001113", "13812345676")
    report = _import(db, f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert _problems(report) == [
        (
            2,
            "手机号",
            "The note (母亲) may mark someone else's number: keep only the borrower's own "
            "numbers in this column.",
        )
    ]
    assert not report.imported and _phones(db) == {}
