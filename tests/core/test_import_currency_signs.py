"""An amount written with another currency's sign than the office's ($ in a yuan office, ¥ or £
in a dollar one) is a row problem naming the sign and the office's currency, not read as the
office's money; ¥, the full-width ￥ and 元 are all yuan."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ValidationError
from app.importer import cell_amounts
from tests.core.importer_files import (
    BORROWER_ZH,
    LOAN_ZH,
    PAYMENT_ZH,
    borrowers,
    loans,
    write_csv,
)
from tests.core.test_import_us_uk import B_HEAD, L_HEAD, _csv, _import, _office, _problems


def _sign_problem(problems, row: int, column: str) -> str:
    found = [m for r, c, m in problems if (r, c) == (row, column)]
    assert len(found) == 1, problems
    return found[0]


def test_a_us_office_refuses_yuan_and_pound_amounts(db, tmp_path: Path) -> None:
    _office(db, "us", "America/New_York", "USD")
    people = _csv(
        tmp_path / "b.csv",
        B_HEAD,
        *(
            f"B{n},Jo Smith,23145678{n},+1 646 203 445{n},young,5 Elm Ave,Brooklyn,NY,"
            for n in "123"
        ),
    )
    assert _problems(_import(db, "borrowers", people)) == []
    book = _csv(
        tmp_path / "l.csv",
        L_HEAD,
        *(
            f"L{n},B{n},PCL,{principal},12.5%,12,2026-01-15,2026-02-15,equal_instalment,yes,yes"
            for n, principal in ((1, '"$1,200.00"'), (2, "¥500"), (3, "£800"))
        ),
    )
    report = _import(db, "loans", book)
    problems = _problems(report)
    assert [(r, c) for r, c, _m in problems] == [(3, "principal"), (4, "principal")]
    yuan = _sign_problem(problems, 3, "principal")
    assert "¥500" in yuan and "is in ¥" in yuan and "in USD" in yuan
    assert "is in £" in _sign_problem(problems, 4, "principal")


def test_a_chinese_office_refuses_a_dollar_amount_and_takes_both_yuan_signs(
    db, tmp_path: Path
) -> None:
    _office(db, "cn", "Asia/Shanghai", "CNY")
    people = write_csv(tmp_path / "b.csv", BORROWER_ZH, borrowers(5))
    assert _problems(_import(db, "borrowers", people)) == []
    rows = loans(5)
    for row, principal in zip(rows, ("$1,200.00", "¥500", "￥500", "500元", "US$800"), strict=True):
        row[3] = principal
    report = _import(db, "loans", write_csv(tmp_path / "l.csv", LOAN_ZH, rows))
    problems = _problems(report)
    assert [r for r, _c, _m in problems] == [2, 6]
    dollar = _sign_problem(problems, 2, "本金")
    assert "$1,200.00" in dollar and "is in $" in dollar and "in CNY" in dollar
    yuan_only = write_csv(tmp_path / "l2.csv", LOAN_ZH, rows[1:4])  # ¥500, ￥500, 500元
    assert _problems(_import(db, "loans", yuan_only)) == []
    payments = write_csv(
        tmp_path / "p.csv",
        PAYMENT_ZH,
        [
            ["L000002", "2025-02-10", "$300", "R1", ""],
            ["L000003", "2025-02-10", "￥300", "R2", ""],
        ],
    )
    paid = _problems(_import(db, "payments", payments))
    assert [(r, "is in $" in m and "CNY" in m) for r, _c, m in paid] == [(2, True)]


@pytest.mark.parametrize(
    ("cell", "currency"),
    [
        ("$800", "CNY"),
        ("¥800", "USD"),
        ("￥800", "GBP"),
        ("£800", "USD"),
        ("800元", "USD"),
        ("-€800", "CNY"),
        ("€ 800", "USD"),
    ],
)
def test_a_sign_of_another_currency_is_refused(cell: str, currency: str) -> None:
    with pytest.raises(ValidationError) as caught:
        cell_amounts.amount(cell, currency=currency)
    assert currency in caught.value.translated()


@pytest.mark.parametrize(
    ("cell", "currency"),
    [
        ("$800", "USD"),
        ("¥800", "CNY"),
        ("￥800", "CNY"),
        ("800元", "CNY"),
        ("£800", "GBP"),
        ("800", "USD"),
        ("８００", "GBP"),
    ],
)
def test_the_offices_own_sign_or_none_is_read(cell: str, currency: str) -> None:
    assert cell_amounts.amount(cell, currency=currency) == 80_000
