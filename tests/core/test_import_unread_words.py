"""The "Not read" note speaks of what the import writes (QA s47 O #3): a borrowers or loans
import warns that a borrower or loan once imported is never rewritten; a payments or training
import, that a row once imported is skipped — not of borrowers and loans. And the training
export's own columns (Overall, Status, Valid until, the agent's name beside the user name) are
known to the training import, in either language: none is noted."""

from __future__ import annotations

import pytest

from app.i18n import tr
from app.importer.columns import own_export_names
from app.importer.report import ImportReport
from app.tabular import SCORE_UNITS, norm_header

TAIL = {
    "borrowers": {
        "en": "a borrower or loan once imported is never rewritten by a later import.",
        "zh_CN": "已导入的借款人和贷款，以后再导入也不会被改写。",
    },
    "payments": {
        "en": "a payment once imported is skipped by a later import.",
        "zh_CN": "已导入的还款，以后再导入会被跳过。",
    },
    "training": {
        "en": "a training record once imported is skipped by a later import.",
        "zh_CN": "已导入的培训记录，以后再导入会被跳过。",
    },
}


@pytest.mark.parametrize("kind", ["borrowers", "loans", "payments", "training"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_note_speaks_of_what_the_import_writes(kind: str, lang: str) -> None:
    from app.i18n import set_language

    report = ImportReport(kind, ["x.csv"], True)
    report.unread["x.csv"] = ["H: 客户经理"]
    set_language(lang)
    try:
        said = report.unread_text()
    finally:
        set_language("en")
    assert said.endswith(TAIL.get(kind, TAIL["borrowers"])[lang]), said
    assert "H: 客户经理" in said
    if kind in ("payments", "training"):
        assert "借款人" not in said and "borrower" not in said


def test_the_training_exports_columns_are_known_in_either_language() -> None:
    known = own_export_names("training")
    for header in (
        "Overall",
        "Status",
        "Valid until",
        "Agent",
        "总体",
        "状态",
        "有效期至",
        "催收员",
    ):
        assert norm_header(header, SCORE_UNITS) in known, header
    assert tr("Valid until", "zh_CN") == "有效期至"
    assert norm_header("培训师x", SCORE_UNITS) not in known
    assert own_export_names("borrowers") == frozenset()
