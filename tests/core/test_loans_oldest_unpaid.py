"""QA round 6, finding 4: the Loans list's and `export loans`' date column is the due date of the
loan's oldest instalment not paid in full, and says so ("Oldest unpaid due", 最早未还应还日): it
was headed "Next due" (下期应还日), where an overdue loan showed a past date. A payment moves it
to the next unpaid instalment; a loan paid off has none. A real database, CSV in both languages."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.cases.payments import find_loan, record_payment
from app.export import export_rows
from app.export_kinds import TextFilter
from app.i18n import set_language
from app.loans.schedule import add_months
from app.queries.loans import loan_rows
from tests.core.test_agreements import DEBT, DISBURSED, _today, _user, build_office

HEADER = {"en": "Oldest unpaid due", "zh_CN": "最早未还应还日"}


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    return build_office(db)  # L1–L3: 12 instalments of 1,000.00 from a month after DISBURSED


def _exported(office, tmp_path: Path, lang: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    set_language(lang)
    try:
        with office.session() as s:
            export_rows(
                s, _user(s, "supervisor"), "loans", tmp_path / "loans.csv", filters=TextFilter("")
            )
    finally:
        set_language("en")
    lines = list(csv.reader((tmp_path / "loans.csv").read_text("utf-8-sig").splitlines()))
    return {row[0]: row for row in lines}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_column_is_the_oldest_unpaid_due_date_and_says_so(office, tmp_path, lang) -> None:
    first, second = add_months(DISBURSED, 1), add_months(DISBURSED, 2)
    with office.session() as s:
        record_payment(s, _user(s, "agent01"), "L1", DEBT // 12, _today(), today=_today())
        record_payment(s, _user(s, "agent01"), "L3", DEBT, _today(), today=_today())
        ids = [find_loan(s, no).id for no in ("L1", "L2", "L3")]
        rows = loan_rows(s, ids)
    # L2 is long overdue: its first instalment, in the past; L1 paid its first: the second.
    assert [rows[i].oldest_unpaid_due_on for i in ids] == [second, first, None]
    assert first < second < _today()
    exported = _exported(office, tmp_path, lang)
    header = exported[{"en": "Loan", "zh_CN": "贷款"}[lang]]
    assert header[-1] == HEADER[lang]
    assert [exported[no][-1] for no in ("L1", "L2", "L3")] == [
        second.isoformat(),
        first.isoformat(),
        "",
    ]
