"""A date the import cannot read says how to write it: in English year first as 2026-03-05 or
2026/3/5 (a UK or US office's lender has no use for 2026年3月5日); in Chinese the Chinese form is
offered too. The Chinese form is read in both."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.importer import cells


def _message(value: str, lang: str) -> str:
    with pytest.raises(ValidationError) as caught:
        cells.date(value)
    return caught.value.translated(lang)


def test_an_english_message_offers_no_chinese_date() -> None:
    message = _message("15/01/2026", "en")
    assert message == (
        "Cannot read the date 15/01/2026: write it year first, as 2026-03-05 or 2026/3/5 (or "
        "format the cell as a date)."
    )
    assert "年" not in message


def test_a_chinese_message_keeps_the_chinese_form() -> None:
    assert "2026年3月5日" in _message("15/01/2026", "zh_CN")


def test_the_chinese_form_is_still_read() -> None:
    assert cells.date("2026年3月5日") == dt.date(2026, 3, 5)
