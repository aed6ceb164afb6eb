"""An amount with another currency's sign or name after the number ("100$", "1,000.00$",
"100美元") is refused by the import in the words `payment post` uses: another currency, to be
converted; not "write the number alone", which invited booking dollars as yuan (QA). The office's
own sign after the number is read as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ValidationError
from app.i18n import set_language
from app.importer import cell_amounts
from app.money import to_minor
from tests.core.importer_files import BORROWER_ZH, LOAN_ZH, PAYMENT_ZH, borrowers, loans, write_csv
from tests.core.test_import_us_uk import _import, _office, _problems

ANOTHER = (
    "The amount {value} is in {sign}, but this office's amounts are in {currency}: "
    "convert it to {currency} and write the converted amount, without a currency sign."
)


@pytest.mark.parametrize(
    ("written", "sign"),
    [
        ("100$", "$"),
        ("1,000.00$", "$"),
        ("100美元", "美元"),
        ("100 美金", "美金"),
        ("1,000港币", "港币"),
        ("100欧元", "欧元"),
    ],
)
def test_the_import_and_payment_post_refuse_it_alike(written: str, sign: str) -> None:
    said = []
    for read in (
        lambda: cell_amounts.amount(written, currency="CNY"),
        lambda: to_minor(written, "CNY"),
    ):
        with pytest.raises(ValidationError) as refused:
            read()
        assert refused.value.msgid == ANOTHER
        assert refused.value.params == {"value": written, "sign": sign, "currency": "CNY"}
        said.append(refused.value.translated("zh_CN"))
    assert said[0] == said[1] and "请换算为 CNY" in said[0] and "不是有效金额" not in said[0]


@pytest.mark.parametrize(
    ("written", "currency"), [("100$", "USD"), ("100元", "CNY"), ("100 USD", "USD")]
)
def test_the_offices_own_sign_after_the_number_is_read(written: str, currency: str) -> None:
    assert cell_amounts.amount(written, currency=currency) == 10_000
    assert to_minor(written, currency) == 10_000


def test_a_payments_file_with_dollars_says_to_convert_them(db, tmp_path: Path) -> None:
    _office(db, "cn", "Asia/Shanghai", "CNY")
    assert (
        _problems(
            _import(db, "borrowers", write_csv(tmp_path / "b.csv", BORROWER_ZH, borrowers(3)))
        )
        == []
    )
    assert _problems(_import(db, "loans", write_csv(tmp_path / "l.csv", LOAN_ZH, loans(3)))) == []
    rows = [
        ["L000001", "2025-02-10", "100$", "R1", ""],
        ["L000002", "2025-02-10", "1,000.00$", "R2", ""],
        ["L000003", "2025-02-10", "100美元", "R3", ""],
    ]
    path = write_csv(tmp_path / "p.csv", PAYMENT_ZH, rows)
    set_language("zh_CN")
    try:
        report = _import(db, "payments", path)
    finally:
        set_language(None)
    problems = _problems(report)
    assert [(r, c) for r, c, _m in problems] == [(2, "还款金额"), (3, "还款金额"), (4, "还款金额")]
    for (_r, _c, message), (written, sign) in zip(
        problems, (("100$", "$"), ("1,000.00$", "$"), ("100美元", "美元")), strict=True
    ):
        assert message == (
            f"金额 {written} 以 {sign} 计价，但本营业部的金额以 CNY 计："
            "请换算为 CNY，填写换算后的金额，不带货币符号。"
        )
    assert not report.imported
