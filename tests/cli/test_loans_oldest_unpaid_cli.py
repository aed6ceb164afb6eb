"""QA round 6, finding 4 in the terminal: `export loans` heads its date column "Oldest unpaid due"
(最早未还应还日), as the Loans page does (tests/ui/test_loans_oldest_unpaid.py); it was "Next
due", over a past date for an overdue loan."""

from __future__ import annotations

import csv

import pytest

from tests.cli.test_payment_overpaying_cli import _run, office  # noqa: F401 (a fixture)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_export_loans_heads_the_date_column_as_the_page(
    office,  # noqa: F811
    capsys,
    tmp_path,
    lang,
) -> None:
    target = tmp_path / "loans.csv"
    code, _out, _err = _run(office, capsys, "--lang", lang, "export", "loans", str(target))
    assert code == 0
    header = next(csv.reader(target.read_text("utf-8-sig").splitlines()))
    assert header[-1] == {"en": "Oldest unpaid due", "zh_CN": "最早未还应还日"}[lang]
