"""QA round 6, findings 5 and 6 in the core. An amount over all a loan owes (an extra zero typed by
mistake) is named before it is posted, with what would be kept as credit, for the dialog and
`payment post` to ask about; the payments import, which asks nothing, names such loans in its
check and its summary. A payment dated before the disbursement names both dates; an amount with
a decimal comma says to use a point. In English and Chinese; a real database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cases.overpaying import Overpaying, overpaying
from app.cases.payments import find_loan, record_payment
from app.errors import PermissionDenied, ValidationError
from app.importer import import_payments
from app.importer.report import ImportReport
from app.models import Payment
from app.money import to_minor
from tests.core import importer_files as f
from tests.core.test_agreements import DEBT, DISBURSED, _today, _user, build_office

WORDS = {
    "en": (
        "120,000.00 is 108,000.00 more than the loan owes (12,000.00).",
        "Post it and keep 108,000.00 as credit on the loan?",
    ),
    "zh_CN": (
        "120,000.00 比该贷款的全部欠款（12,000.00）多出 108,000.00。",
        "仍要入账，并将 108,000.00 记为该贷款的溢缴款吗？",
    ),
}


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    return build_office(db)  # L1–L3 each owe 12,000.00 (no interest), agent01's cases


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_amount_over_all_the_loan_owes_is_named_with_the_credit(office, lang) -> None:
    with office.sessions() as s:
        over = overpaying(s, _user(s, "agent01"), "l2", 10 * DEBT, _today())
    assert over == Overpaying("L2", 10 * DEBT, DEBT) and over.credit == 9 * DEBT
    assert (over.words(lang), over.question(lang)) == WORDS[lang]


def test_what_the_loan_owes_or_less_is_not_asked_about(office) -> None:
    with office.session() as s:
        agent = _user(s, "agent01")
        assert overpaying(s, agent, "L2", DEBT, _today()) is None  # the whole debt, exactly
        assert overpaying(s, agent, "L2", DEBT - 1, _today()) is None
        # Over what is overdue but not over all it owes: no question (the rest is not yet due).
        record_payment(s, agent, "L2", DEBT - 100_000, _today(), today=_today())
        assert overpaying(s, agent, "L2", 100_000, _today()) is None
        over = overpaying(s, agent, "L2", 100_001, _today())
        assert over is not None and (over.owed, over.credit) == (100_000, 1)


def test_a_payment_the_posting_refuses_is_left_to_its_refusal(office) -> None:
    with office.session() as s:
        agent = _user(s, "agent01")
        before = DISBURSED - dt.timedelta(days=1)
        assert overpaying(s, agent, "L2", 10 * DEBT, before) is None  # refused: before disbursal
        record_payment(s, agent, "L3", DEBT, _today(), today=_today())  # L3 paid off
        assert overpaying(s, agent, "L3", 100, _today()) is None  # refused: no longer owed
        with pytest.raises(PermissionDenied):  # not agent02's loan: asked as the posting is
            overpaying(s, _user(s, "agent02"), "L2", 10 * DEBT, _today())


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The payment on {day} predates the loan's disbursement on {disbursed}."),
        ("zh_CN", "{day} 的还款早于贷款的放款日期 {disbursed}。"),
    ],
)
def test_a_payment_before_the_disbursement_names_both_dates(office, lang, said) -> None:
    day = DISBURSED - dt.timedelta(days=3)
    with office.session() as s:
        with pytest.raises(ValidationError) as refused:
            record_payment(s, _user(s, "agent01"), "L2", 10_000, day, today=_today())
    assert refused.value.translated(lang) == said.format(day=day, disbursed=DISBURSED)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1 000,50", "1000.50"),
        ("1.000,50", "1000.50"),
        ("1000,5", "1000.5"),
        ("12,05", "12.05"),
        ("1\u00a0000\u00a0000,05", "1000000.05"),
        ("１ ０００，５０", "1000.50"),  # full width, as a Chinese input method types it
    ],
)
def test_a_decimal_comma_says_to_use_a_point(typed: str, number: str) -> None:
    with pytest.raises(ValidationError) as refused:
        to_minor(typed)
    assert refused.value.translated("en") == (
        f"Not an amount: {typed}. Use a point for the decimals: {number}."
    )
    assert refused.value.translated("zh_CN") == (
        f"不是有效金额：{typed}。小数请用小数点：{number}。"
    )
    assert to_minor(number) == round(float(number) * 100)  # what it says to write is read


def test_a_comma_between_thousands_is_still_a_thousand() -> None:
    assert to_minor("1,000") == 100_000 and to_minor("1,000,50".replace(",50", "")) == 100_000
    for text in ("1,0000", "1 000.000,50", "¥1 000,50", ",50"):  # no amount to suggest
        with pytest.raises(ValidationError) as refused:
            to_minor(text)
        assert refused.value.msgid == "Not an amount: {value}"


def _statement(tmp_path: Path, *rows: list[object]) -> Path:
    header = ["loan_no", "paid_on", "amount", "reference", "method"]
    return f.write_csv(tmp_path / "statement.csv", header, list(rows), encoding="utf-8")


def test_the_payments_import_names_the_loans_it_overpays(office, tmp_path) -> None:
    today = _today().isoformat()
    path = _statement(
        tmp_path,
        ["L1", today, "10.00", "BANK-1", ""],
        ["L2", today, "120000.00", "BANK-2", ""],  # an extra zero: 120,000.00 for 12,000.00
    )
    with office.session() as s:
        checked = import_payments(s, _user(s, "admin"), path, dry_run=True, today=_today())
    assert checked.ok and checked.overpaid == {"L2": 9 * DEBT}
    assert checked.overpaid_text() == (
        "Paid more than the loan owes, to be kept as credit on it: L2 (108,000.00). Check these "
        "amounts before importing: a posted payment cannot be taken back."
    )
    from app.i18n import set_language

    with office.session() as s:
        report = import_payments(s, _user(s, "admin"), path, today=_today())
        credit = find_loan(s, "L2").credit_balance
        assert s.scalar(select(func.count(Payment.id))) == 2
    assert report.imported and credit == 9 * DEBT  # posted: the import asks nothing
    assert report.overpaid_text() == (
        "Paid more than the loan owes, kept as credit on it: L2 (108,000.00)."
    )
    set_language("zh_CN")
    try:
        assert report.overpaid_text() == (
            "还款超过贷款的全部欠款，多付部分已记为溢缴款：L2（108,000.00）。"
        )
    finally:
        set_language("en")


def test_a_file_paying_nothing_over_says_nothing_and_many_loans_are_counted() -> None:
    assert ImportReport("payments", ["p.csv"], False, imported=True).overpaid_text() == ""
    many = ImportReport("payments", ["p.csv"], False, imported=True)
    many.overpaid = {f"L{n:02}": 100 for n in range(1, 13)}
    said = many.overpaid_text()
    assert said.startswith("Paid more than the loan owes, kept as credit on it: L01 (1.00), ")
    assert "L10 (1.00), 2 more loans." in said and "L11" not in said
