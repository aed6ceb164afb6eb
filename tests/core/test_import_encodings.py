"""The text files a Chinese office's programs save: GB18030/GBK (Excel's "CSV" on Chinese
Windows), UTF-8 with a BOM, UTF-16 tab-separated (Excel's "Unicode text"). Each imports with its
names intact; a file in no encoding Casedesk reads, or UTF-8 with a line pasted in another, is
refused saying how to save it, and nothing garbled reaches the database. A header a column is
missing from names the columns it has that are not read (a misspelt one)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.errors import ValidationError
from app.importer import import_file
from app.models import Borrower, User
from app.office import create_office
from app.training.importer import import_training, preview
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        add_user(s, admin, "agent01", "agent", "pw-agent")
    return db


def _import(db, path: Path, **kw):
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, actor, "borrowers", path, today=TODAY, **kw)


def _text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(f.BORROWER_ZH)
    writer.writerows(rows)
    return out.getvalue()


def _names(db) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(Borrower.name).order_by(Borrower.borrower_no)))


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("gbk", ","), ("gb18030", ","), ("utf-8-sig", ","), ("utf-16", "\t"), ("utf-16-be", "\t")],
)
def test_each_encoding_imports_with_its_names_intact(office, tmp_path, encoding, delimiter):
    rows = f.borrowers(4)
    rows[3][1] = "欧阳喆"  # a name outside GB2312, inside GBK
    data = _text(rows, delimiter).encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / ("b.txt" if delimiter == "\t" else "b.csv")
    path.write_bytes(data)
    report = _import(office, path)
    assert report.ok and report.new == 4, [(p.row, p.message) for p in report.errors]
    assert _names(office) == [r[1] for r in rows]


def test_utf16_training_records_import(office, tmp_path):
    text = "agent,course,date,score\r\nagent01,COMM,2026-11-01,90\r\n"
    path = tmp_path / "培训.txt"
    path.write_bytes(text.replace(",", "\t").encode("utf-16"))
    with office.session() as s:
        actor = s.scalar(select(User).where(User.username == "supervisor"))
        result = import_training(s, actor, path, today=TODAY)
    assert result.ok and result.imported == 1, result.errors


def test_utf8_with_a_line_in_another_encoding_is_refused_naming_it(office, tmp_path):
    rows = f.borrowers(4)
    data = _text(rows).encode("utf-8")
    data = data.replace(rows[2][4].encode(), rows[2][4].encode("gbk"))  # row 4's address
    path = tmp_path / "b.csv"
    path.write_bytes(data)
    report = _import(office, path)
    assert [(p.row, p.column) for p in report.errors] == [(0, "")]
    message = report.errors[0].message
    assert "up to line 4" in message and "CSV UTF-8" in message
    assert _names(office) == []


def test_an_unreadable_encoding_says_how_to_save_the_file(office, tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes("借款人编号,姓名\r\n".encode("utf-16-le"))  # UTF-16 without its BOM
    path.write_bytes(b"\xff" + path.read_bytes()[1:])
    report = _import(office, path)
    message = report.errors[0].message
    assert "Excel or WPS" in message and "CSV UTF-8" in message
    assert _names(office) == []


def test_a_big5_file_is_refused_not_read_as_garbled_gb18030(office, tmp_path):
    """Big5 (Traditional Chinese) bytes decode as GB18030 without an error, into rare
    characters: with English headers the rows imported, names garbled. It is refused now,
    saying how to save the file; the same rows saved as UTF-8 import intact."""
    names = ["陳志明", "林淑芬", "張雅婷", "黃建國"]
    rows = [
        [f"B{n:06d}", name, f.national_id(n), f.mobile(n), f"臺北市信義路{n}段", "臺北市", "臺灣"]
        for n, name in enumerate(names, start=1)
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([f.BORROWER_EN, *rows])
    data = out.getvalue().encode("big5")
    data.decode("gb18030")  # no error: what let it through
    path = tmp_path / "b.csv"
    path.write_bytes(data)
    report = _import(office, path)
    assert [(p.row, p.column) for p in report.errors] == [(0, "")]
    message = report.errors[0].message
    assert "Traditional Chinese in Big5" in message and "CSV UTF-8" in message
    assert _names(office) == []
    path.write_bytes(out.getvalue().encode("utf-8"))
    assert _import(office, path).new == 4
    assert _names(office) == names


def test_a_gbk_file_of_rare_names_is_not_taken_for_big5(office, tmp_path):
    """Names outside GB2312 now and then (喆, 堃, 昇) are a GBK file's, not Big5."""
    rows = f.borrowers(6)
    for row, name in zip(rows, ("欧阳喆", "王堃", "李昇", "张伟", "刘洋", "陈静"), strict=True):
        row[1] = name
    path = tmp_path / "b.csv"
    path.write_bytes(_text(rows).encode("gbk"))
    report = _import(office, path)
    assert report.ok and report.new == 6, [(p.row, p.message) for p in report.errors]
    assert _names(office) == [r[1] for r in rows]


def test_a_misspelt_header_is_named_beside_the_column_missing(office, tmp_path):
    path = tmp_path / "b.csv"
    header = ["借款人编号", "姓名", "身分证号", "手机号"]  # 身分证号: 身份证号 misspelt
    path.write_text(",".join(header) + "\r\nB1,张伟,x,13800000000\r\n")
    message = _import(office, path).errors[0].message
    assert "身份证号/id_number" in message and "C: 身分证号" in message
    assert "misspelt" in message

    training = tmp_path / "t.csv"
    training.write_text("agent,cours,date,score\r\nagent01,COMM,2026-11-01,90\r\n")
    with office.session() as s, pytest.raises(ValidationError) as raised:
        preview(s, s.scalar(select(User).where(User.username == "supervisor")), training, TODAY)
    said = raised.value.translated()
    assert "course" in said and "B: cours" in said and "misspelt" in said
