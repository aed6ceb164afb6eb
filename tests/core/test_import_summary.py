"""An import's one-line summary in English (one or many of each count) and in Chinese."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from app.importer.report import ImportReport


@pytest.mark.parametrize(
    ("kind", "new", "unchanged", "lang", "line"),
    [
        (
            "borrowers",
            1,
            2,
            "en",
            "Imported 1 new borrower; 2 borrowers already in Casedesk were skipped.",
        ),
        ("loans", 3, 1, "en", "Imported 3 new loans; 1 loan already in Casedesk was skipped."),
        ("payments", 1, 1, "en", "Imported 1 new payment; 1 payment already posted was skipped."),
        (
            "training",
            1,
            0,
            "en",
            "Imported 1 new training record; 0 training records already in Casedesk were skipped.",
        ),
        (
            "training",
            4,
            1,
            "en",
            "Imported 4 new training records; 1 training record already in Casedesk was skipped.",
        ),
        ("borrowers", 1, 2, "zh_CN", "已导入 1 位新借款人；2 位已在 Casedesk 中，已跳过。"),
        ("payments", 5, 0, "zh_CN", "已导入 5 笔新还款；0 笔已入账，已跳过。"),
        ("training", 1, 2, "zh_CN", "已导入 1 条新培训记录；2 条已在 Casedesk 中，已跳过。"),
    ],
)
def test_what_an_import_did(kind, new, unchanged, lang, line) -> None:
    report = ImportReport(kind, ["a.csv"], dry_run=False, rows=new + unchanged, new=new,
                          unchanged=unchanged)  # fmt: skip
    set_language(lang)
    try:
        assert report.summary() == line
    finally:
        set_language("en")


def test_a_dry_run_and_a_refusal_count_their_rows_and_problems() -> None:
    dry = ImportReport("loans", ["l.csv"], dry_run=True, rows=1, new=1, unchanged=0)
    assert dry.summary() == (
        "1 row checked: 1 new, 0 already imported; nothing was saved (dry run)."
    )
    refused = ImportReport("loans", ["l.csv", "s.csv"], dry_run=False, rows=2)
    refused.problem("l.csv", 2, "amount", "not a number")
    assert refused.summary() == "1 problem in l.csv, s.csv; nothing was imported."
    refused.problem("l.csv", 3, "amount", "not a number")
    assert refused.summary() == "2 problems in l.csv, s.csv; nothing was imported."
