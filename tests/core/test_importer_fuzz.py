"""Any bytes as an import file give a report, never a traceback and never a partial import."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.importer import ImportReport, import_file
from app.models import Borrower, Loan, Payment, Phone, User
from app.office import create_office
from tests.core import importer_files as f

TODAY = dt.date(2026, 11, 28)
HEADER = ",".join(f.BORROWER_ZH).encode("gb18030") + b"\r\n"
VALID_ROW = ",".join(f.borrowers(1)[0]).encode("gb18030") + b"\r\n"


@pytest.fixture(scope="module")
def office(tmp_path_factory, template_db):
    import shutil

    from db.store import open_database
    from tests.conftest import TEST_KEY

    path = tmp_path_factory.mktemp("fuzz") / "office.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, TEST_KEY)
    with database.session() as s:
        create_office(s, name="Fuzz", admin_username="admin", admin_password="pw-admin")
    yield database
    database.close()


def _counts(db):
    with db.session() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(m)) for m in (Borrower, Phone, Loan, Payment)
        )


def _run(db, tmp: Path, name: str, data: bytes, kind: str) -> ImportReport:
    path = tmp / name
    path.write_bytes(data)
    before = _counts(db)
    with db.session(write_lock=True) as s:
        report = import_file(s, s.scalar(select(User)), kind, path, today=TODAY, dry_run=False)
        if report.imported:
            s.rollback()  # keep the shared office empty for the next example
    assert isinstance(report, ImportReport)
    if not report.imported:
        assert report.errors and _counts(db) == before  # a report, and nothing written
    for p in report.errors:
        assert p.file and isinstance(p.row, int) and p.message
    return report


SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=st.binary(max_size=2000), kind=st.sampled_from(["borrowers", "loans", "payments"]))
def test_any_bytes_as_csv(office, tmp_path_factory, data, kind):
    _run(office, tmp_path_factory.mktemp("b"), "any.csv", data, kind)


@SETTINGS
@given(data=st.binary(max_size=600))
def test_header_then_any_bytes(office, tmp_path_factory, data):
    # A real header and a valid row, then garbage: the rows must be judged one by one.
    _run(office, tmp_path_factory.mktemp("h"), "b.csv", HEADER + VALID_ROW + data, "borrowers")


@SETTINGS
@given(
    cells=st.lists(st.lists(st.text(max_size=25), min_size=8, max_size=8), min_size=1, max_size=6)
)
def test_any_cells_under_a_real_header(office, tmp_path_factory, cells):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(f.BORROWER_ZH)
    writer.writerows(cells)
    data = buffer.getvalue().encode("utf-8", "surrogatepass")
    _run(office, tmp_path_factory.mktemp("c"), "c.csv", data, "borrowers")


@SETTINGS
@given(data=st.binary(max_size=1500))
def test_any_bytes_as_xlsx(office, tmp_path_factory, data):
    _run(office, tmp_path_factory.mktemp("x"), "any.xlsx", data, "borrowers")


@SETTINGS
@given(data=st.binary(max_size=800))
def test_zip_with_garbage_sheet(office, tmp_path_factory, data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", data[:200])
        z.writestr("xl/workbook.xml", data)
        z.writestr("xl/worksheets/sheet1.xml", data[::-1])
    _run(office, tmp_path_factory.mktemp("z"), "z.xlsx", buffer.getvalue(), "borrowers")
