"""The borrowers import's related person columns (app/importer/related.py): a Chinese office's
联系人姓名, 联系人关系 and 联系人电话, a US office's related name, relation and related phone; each
person checked as one added on the borrower's page (the relation in either language, the number
read and kept in E.164, never the borrower's own, someone else's only with a reason), written
with the borrowers and audited as `borrower.person_add`; a re-import adds no one twice; the
templates carry the columns and import as they stand."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit_seal import is_sealed
from app.importer import import_file, write_template
from app.models import AuditEntry, Borrower, RelatedPerson, User
from tests.core import importer_files as f
from tests.core.test_import_two_phones import _office
from tests.office_day import office_today

RELATED_ZH = ["联系人姓名", "联系人关系", "联系人电话"]
REASON = "Two brothers name their mother, who shares the line"


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


def _people(db) -> dict[str, list[tuple[str, str, str]]]:
    with db.session() as s:
        rows = s.execute(
            select(
                Borrower.borrower_no,
                RelatedPerson.name,
                RelatedPerson.relation,
                RelatedPerson.phone,
            )
            .join(Borrower, Borrower.id == RelatedPerson.borrower_id)
            .order_by(RelatedPerson.id)
        ).all()
    found: dict[str, list[tuple[str, str, str]]] = {}
    for no, name, relation, phone in rows:
        found.setdefault(no, []).append((name, str(relation), phone))
    return found


def _added(db) -> list[dict]:  # type: ignore[type-arg]
    with db.session() as s:
        return [
            e.changes
            for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "borrower.person_add"))
        ]


def _rows(people: list[list[str]], start: int = 1) -> list[list[str]]:
    return [
        row + person for row, person in zip(f.borrowers(len(people), start), people, strict=True)
    ]


def _problems(report) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in report.errors]


def test_a_chinese_office_imports_each_rows_related_person_once(db, tmp_path) -> None:
    _office(db)
    people = [["李强", "担保人", "139 8765 4321"], ["王芳", "母亲", ""], ["", "", ""]]
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH + RELATED_ZH, _rows(people))
    checked = _import(db, path, dry_run=True)
    assert checked.errors == [] and checked.details["related"] == 2
    assert "2 related persons to add." in checked.phones_text()
    assert _people(db) == {}
    report = _import(db, path)
    assert report.errors == [] and report.new == 3
    assert "2 related persons added." in report.phones_text()
    assert _people(db) == {
        "B000001": [("李强", "guarantor", "+8613987654321")],
        "B000002": [("王芳", "parent", "")],
    }
    added = _added(db)
    assert [a["relation"] for a in added] == ["guarantor", "parent"]
    assert all(is_sealed(a["person"]) for a in added) and is_sealed(added[0]["phone"])
    assert "李强" not in str(added) and "13987654321" not in str(added)
    with db.session() as s:
        versions = dict(s.execute(select(Borrower.borrower_no, Borrower.version)).all())

    again = _import(db, path)  # unchanged: no one twice
    assert again.errors == [] and again.new == 0 and again.unchanged == 3
    assert "related" not in again.details
    assert len(_added(db)) == 2 and sum(len(v) for v in _people(db).values()) == 2

    # The third borrower, on file, gains a person a later file names: added, the version moved.
    people[2] = ["赵敏", "Friend", "13700001234"]
    later = f.write_csv(tmp_path / "later.csv", f.BORROWER_ZH + RELATED_ZH, _rows(people))
    report = _import(db, later)
    assert report.errors == [] and report.new == 0 and report.details["related"] == 1
    assert _people(db)["B000003"] == [("赵敏", "friend", "+8613700001234")]
    with db.session() as s:
        now = dict(s.execute(select(Borrower.borrower_no, Borrower.version)).all())
    assert now["B000003"] == versions["B000003"] + 1 and now["B000001"] == versions["B000001"]
    assert len(_added(db)) == 3


def test_a_bad_relation_is_refused_naming_the_row(db, tmp_path) -> None:
    _office(db)
    people = [["李强", "担保人", ""], ["王芳", "舅舅", ""]]
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH + RELATED_ZH, _rows(people))
    report = _import(db, path)
    [(row, column, message)] = _problems(report)
    assert (row, column) == (3, "联系人关系")
    assert message.startswith("Unknown relation 舅舅; choose from: guarantor")
    assert "担保人" in message
    assert not report.imported and _people(db) == {}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Borrower)) == 0


def test_each_person_is_checked_as_on_the_borrowers_page(db, tmp_path) -> None:
    _office(db)
    own = f.borrowers(1)[0][3]
    people = [["李强", "担保人", own], ["", "配偶", ""], ["王芳", "", "13700001234"]]
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH + RELATED_ZH, _rows(people))
    problems = _problems(_import(db, path))
    assert [(r, c) for r, c, _m in problems] == [
        (2, "联系人电话"),
        (3, "联系人姓名"),
        (4, "联系人关系"),
    ]
    assert "is the borrower's own number" in problems[0][2]
    assert _people(db) == {}


def test_a_number_someone_else_holds_needs_a_reason(db, tmp_path) -> None:
    _office(db)
    people = [["王母", "母亲", "13700001234"], ["王母", "母亲", "137 0000 1234"]]
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH + RELATED_ZH, _rows(people))
    [(row, column, message)] = _problems(_import(db, path))
    assert (row, column) == (3, "联系人电话") and "is also on row 2" in message
    report = _import(db, path, shared_reason=REASON)
    assert report.errors == [] and report.details["related"] == 2
    assert [a.get("shared_with") for a in _added(db)] == [None, "B000001"]


def test_a_us_office_reads_english_headers_and_words(db, tmp_path) -> None:
    _office(db, "us", "America/New_York", "USD")
    path = tmp_path / "b.csv"
    path.write_text(
        "borrower_no,name,id_number,mobile,segment,related name,relation,related phone\n"
        "B1,John Smith,123-45-6789,(212) 555-0134,young,Mary Smith,Guarantor,(212) 555-0187\n"
        "B2,Ann Lee,231-45-6780,+1 646 203 4455,mature,Tom Lee,brother,\n",
        encoding="utf-8",
    )
    report = _import(db, path)
    assert report.errors == [], _problems(report)
    assert _people(db) == {
        "B1": [("Mary Smith", "guarantor", "+12125550187")],
        "B2": [("Tom Lee", "sibling", "")],
    }


@pytest.mark.parametrize(
    ("rules", "zone", "currency", "country", "lang"),
    [
        ("cn", "Asia/Shanghai", "CNY", "CN", "zh_CN"),
        ("us", "America/New_York", "USD", "US", "en"),
        ("uk", "Europe/London", "GBP", "GB", "en"),
    ],
)
def test_the_templates_carry_a_related_person(db, tmp_path, rules, zone, currency, country, lang):
    _office(db, rules, zone, currency)
    template = write_template("borrowers", tmp_path / "b.csv", lang, country)
    with open(template, encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    wanted = RELATED_ZH if lang == "zh_CN" else ["related_name", "relation", "related_phone"]
    assert header[-3:] == wanted
    report = _import(db, template)
    assert report.errors == [] and report.details["related"] == 1, _problems(report)
    [(_no, [(_name, relation, phone)])] = _people(db).items()
    assert relation == "guarantor" and phone.startswith("+")


def test_a_number_a_removed_person_asked_not_to_be_called_on_is_refused(db, tmp_path) -> None:
    """QA17: an import must not get around a removed person's do-not-contact either."""
    from app.related_persons import remove_person

    _office(db)
    people = [["李强", "担保人", "13987654321"]]
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH + RELATED_ZH, _rows(people))
    assert _import(db, path).errors == []
    with db.session() as s:
        person = s.scalar(select(RelatedPerson))
        assert person is not None
        person.do_not_contact = True
        pid = person.id
    with db.session() as s:
        remove_person(s, s.scalar(select(User).where(User.username == "admin")), "B000001", pid)
    people = [["李强强", "配偶", "139 8765 4321"]]
    later = f.write_csv(tmp_path / "later.csv", f.BORROWER_ZH + RELATED_ZH, _rows(people))
    [(row, column, message)] = _problems(_import(db, later))
    assert (row, column) == (2, "联系人电话")
    assert "+86 139****4321 is on file for 李强" in message and f"--person {pid}" in message
    assert len(_people(db)["B000001"]) == 1
