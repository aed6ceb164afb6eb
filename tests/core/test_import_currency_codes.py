"""An amount written with its currency's code or name, as bank statements and ledger exports
write it ("RMB 12,000.00", "1,070.60 CNY", "人民币1,000元"), is read as the office's money when it
is the office's currency and refused, naming the code, when it is another's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.importer import cell_amounts
from app.models import Loan
from tests.core.importer_files import BORROWER_ZH, LOAN_ZH, borrowers, loans, write_csv
from tests.core.test_import_us_uk import _import, _office, _problems


@pytest.mark.parametrize(
    ("cell", "minor"),
    [
        ("RMB 1,000", 100_000),
        ("rmb1,000.50", 100_050),
        ("1,000.00 CNY", 100_000),
        ("人民币1,000元", 100_000),
        ("人民币 ¥1,000", 100_000),
        ("ＲＭＢ　１，０００．００", 100_000),
    ],
)
def test_the_offices_own_currency_code_is_read(cell: str, minor: int) -> None:
    assert cell_amounts.amount(cell, currency="CNY") == minor


@pytest.mark.parametrize(
    ("cell", "currency", "code"),
    [("RMB 800", "USD", "RMB"), ("800 USD", "CNY", "USD"), ("HK$800", "CNY", "HK$")],
)
def test_another_currencys_code_is_refused(cell: str, currency: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        cell_amounts.amount(cell, currency=currency)
    message = caught.value.translated()
    assert f"is in {code}" in message and f"in {currency}" in message


def test_a_loan_book_written_in_rmb_imports(db, tmp_path: Path) -> None:
    _office(db, "cn", "Asia/Shanghai", "CNY")
    people = write_csv(tmp_path / "客户.csv", BORROWER_ZH, borrowers(3))
    assert _problems(_import(db, "borrowers", people)) == []
    rows = loans(3)
    for row, principal in zip(
        rows, ("RMB 12,000.00", "12,000.00 CNY", "人民币12,000元"), strict=True
    ):
        row[3] = principal
    report = _import(db, "loans", write_csv(tmp_path / "借据.csv", LOAN_ZH, rows))
    assert _problems(report) == []
    with db.sessions() as s:
        assert s.scalar(select(func.sum(Loan.principal))) == 3 * 1_200_000
