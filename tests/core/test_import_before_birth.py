"""A loan disbursed before its borrower was born (the birth date read from the ID number) is
refused by the loans import, row and column named, nothing saved (QA s44: a loan of 1900-01-01
for a borrower born in 1985 showed 46,330 days past due); one disbursed on the birthday or later
is booked, and a loan booked already is compared, not judged again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.i18n import tr
from app.models import Borrower, Loan
from tests.core import importer_files as f
from tests.core.test_importer import _count, _import, _problems
from tests.core.test_importer import office as office  # noqa: F401 (the fixture)


def _born(db, number: str) -> dt.date:
    with db.sessions() as s:
        born = s.scalar(select(Borrower.birth_date).where(Borrower.borrower_no == number))
        assert born is not None
        return born


def test_a_loan_disbursed_before_the_borrower_was_born_is_refused(office, tmp_path) -> None:
    _import(office, "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(2)))
    born = _born(office, "B000001")
    early = born - dt.timedelta(days=1)
    rows = f.loans(1, disbursed=early) + f.loans(1, start=2, disbursed=dt.date(1900, 1, 1))
    report = _import(office, "loans", f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, rows))
    assert _problems(report) == [
        (
            2,
            "放款日期",
            f"The disbursement date {early} is before borrower B000001 was born "
            f"({born}, from the ID number).",
        ),
        (
            3,
            "放款日期",
            "The disbursement date 1900-01-01 is before borrower B000002 was born "
            f"({_born(office, 'B000002')}, from the ID number).",
        ),
    ]
    assert _count(office, Loan) == 0
    zh = tr(
        "The disbursement date {date} is before borrower {borrower} was born "
        "({born}, from the ID number).",
        "zh_CN",
        date=early,
        borrower="B000001",
        born=born,
    )
    assert "B000001" in zh and str(born) in zh and "出生" in zh
    on_the_day = f.loans(1, disbursed=born)
    report = _import(office, "loans", f.write_csv(tmp_path / "ok.csv", f.LOAN_ZH, on_the_day))
    assert report.ok and report.new == 1, _problems(report)
