"""A US office's search boxes say they find a borrower by the full Social Security number (a UK
office's the National Insurance number), and neither offers pinyin; a
Chinese office's keep "full ID number"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.ui.test_queue import open_office, window_for
from tests.ui.test_us_uk_verdicts_window import _switch

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _placeholders(qtbot, database) -> list[str]:
    window = window_for(qtbot, database)
    return [window.page(name).search.placeholderText() for name in ("queue", "borrowers", "loans")]


def test_a_us_offices_search_boxes_find_by_the_full_social_security_number(qtbot, database) -> None:
    _switch(database, "us")
    for text in _placeholders(qtbot, database):
        assert "full Social Security number" in text and "ID number" not in text
    set_language("zh_CN")
    try:
        for text in _placeholders(qtbot, database):
            assert "完整社会安全号" in text and "身份证" not in text
    finally:
        set_language("en")


def test_a_chinese_offices_search_boxes_keep_the_full_id_number(qtbot, database) -> None:
    queue, borrowers, loans = _placeholders(qtbot, database)
    assert queue == "Search: name or its pinyin, full ID number, phone, case or loan number"
    assert "(zhangsan, zs), full ID number, phone" in borrowers
    assert loans.endswith("its pinyin, full ID number or phone")


@pytest.mark.parametrize("jurisdiction", ["uk", "us"])
def test_a_uk_or_us_offices_search_boxes_do_not_offer_pinyin(qtbot, database, jurisdiction) -> None:
    """Names written in Latin letters have no pinyin to type: the boxes of a UK or US office name
    the name alone (the search still finds a Chinese name's pinyin)."""
    _switch(database, jurisdiction)
    queue, borrowers, loans = _placeholders(qtbot, database)
    for text in (queue, borrowers, loans):
        assert "pinyin" not in text and "zhangsan" not in text
    if jurisdiction == "uk":
        number = "full National Insurance number"
        assert queue == f"Search: name, {number}, phone, case or loan number"
        assert borrowers == f"Search: name, {number}, phone, loan or case number"
        assert loans == f"Search: loan or case number, borrower name, {number} or phone"
    set_language("zh_CN")
    try:
        for text in _placeholders(qtbot, database):
            assert "拼音" not in text and "姓名" in text
    finally:
        set_language("en")
