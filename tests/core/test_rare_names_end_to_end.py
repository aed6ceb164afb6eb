"""Rarer Chinese characters in a borrower's name, end to end: 刘䶮 (䶮 in CJK Extension A) and
王𡈼明 (𡈼 in Extension B, outside the Basic Multilingual Plane: four bytes in GB18030 and UTF-8).
Imported from a GB18030 CSV, a UTF-8 CSV and a workbook with the names whole and spelled in
pinyin; found by the name, a part of it and its pinyin; sorted by that pinyin; exported to CSV
and XLSX and read back whole."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.auth import add_user
from app.export import export_rows
from app.export_kinds import TextFilter
from app.importer import import_file
from app.models import Borrower, User
from app.names import name_pinyin, name_typed
from app.office import create_office
from app.privacy import mask_address
from app.queries.borrowers import borrower_ids
from app.tabular import decode_text
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)
RARE = {"刘䶮": "liu yan", "王𡈼明": "wang ting ming", "张𬭚": "zhang chun"}


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
    return db


def _rows() -> list[list[object]]:
    rows = f.borrowers(len(RARE))
    for row, name in zip(rows, RARE, strict=True):
        row[1] = name
    return rows


def _import(db, path: Path):  # type: ignore[no-untyped-def]
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, "borrowers", path, today=TODAY)


def _stored(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return dict(s.execute(select(Borrower.name, Borrower.name_pinyin)).all())


def test_pypinyin_spells_the_rare_characters() -> None:
    for name, spelled in RARE.items():
        assert name_pinyin(name) == spelled
    assert len("王𡈼明") == 3  # one character each, not surrogate halves
    assert name_typed("王𡈼明").split()[:2] == ["wangtingming", "wtm"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig"])
def test_a_csv_imports_the_names_whole(office, tmp_path: Path, encoding: str) -> None:
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, _rows(), encoding=encoding)
    if encoding == "gb18030":
        assert "𡈼".encode("gb18030") in path.read_bytes()  # a four-byte sequence
        assert len("𡈼".encode("gb18030")) == 4
    report = _import(office, path)
    assert report.ok and report.new == len(RARE), [(p.row, p.message) for p in report.errors]
    assert _stored(office) == RARE


def test_a_workbook_imports_the_names_whole(office, tmp_path: Path) -> None:
    path = f.write_xlsx(tmp_path / "b.xlsx", f.BORROWER_ZH, _rows(), title="借款人")
    report = _import(office, path)
    assert report.ok and report.new == len(RARE), [(p.row, p.message) for p in report.errors]
    assert _stored(office) == RARE


@pytest.fixture
def rare_office(office, tmp_path: Path):  # type: ignore[no-untyped-def]
    rows = _rows() + f.borrowers(3, start=10)  # 王芳 (wang fang), 李娜, 刘洋 (liu yang) …
    report = _import(office, f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows))
    assert report.ok, [(p.row, p.message) for p in report.errors]
    return office


def _found(db, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        ids = borrower_ids(s, text)
        return [s.get(Borrower, i).name for i in ids]


@pytest.mark.parametrize(
    ("typed", "name"),
    [("刘䶮", "刘䶮"), ("䶮", "刘䶮"), ("王𡈼明", "王𡈼明"), ("𡈼", "王𡈼明"), ("𡈼明", "王𡈼明"),
     ("liuyan", "刘䶮"), ("ly", "刘䶮"), ("wangtingming", "王𡈼明"), ("ting", "王𡈼明"),
     ("wtm", "王𡈼明"), ("zhangchun", "张𬭚")],
)  # fmt: skip
def test_a_search_finds_the_name_by_its_characters_and_its_pinyin(
    rare_office, typed: str, name: str
) -> None:
    assert name in _found(rare_office, typed)


def test_the_list_sorts_the_names_by_their_pinyin(rare_office) -> None:
    with rare_office.sessions() as s:
        names = [s.get(Borrower, i).name for i in borrower_ids(s, sort="name")]
    spelled = [name_pinyin(n) for n in names]
    assert spelled == sorted(spelled)
    assert names.index("刘䶮") < names.index("王𡈼明") < names.index("张𬭚")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reads_back_with_the_names_whole(rare_office, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"borrowers.{fmt}"
    with rare_office.session(write_lock=True) as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        export_rows(s, sup, "borrowers", path, filters=TextFilter(), fmt=fmt)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(decode_text(path.read_bytes()))))
    else:
        sheet = load_workbook(path).active
        rows = [[str(c or "") for c in r] for r in sheet.iter_rows(values_only=True)]
    names = {row[1] for row in rows}
    assert set(RARE) <= names


def test_a_masked_address_keeps_whole_characters() -> None:
    """A mask counts a character outside the Basic Multilingual Plane as one, never half of it
    (the place names of Extension B stay whole, the street is hidden)."""
    assert mask_address("𡈼𡈼省𡈼𡈼市东城区幸福路 1 号") == "𡈼𡈼省𡈼𡈼市…"
    assert mask_address("北京市东城区䶮园路 1 号") == "北京市东城区…"
    assert mask_address("刘䶮村") == "刘䶮村"
