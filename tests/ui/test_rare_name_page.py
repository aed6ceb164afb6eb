"""The Borrowers page with a name in rarer Chinese characters (王𡈼明: 𡈼 is in CJK Extension B,
outside the Basic Multilingual Plane): found by its pinyin's initials and by the rare character,
shown whole in the list and as the pane's title, in English and Chinese (screenshots)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Borrower
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui
NAME = "王𡈼明"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.mark.parametrize("typed", ["wtm", "𡈼"])
def test_the_page_finds_and_shows_the_name_whole(
    qtbot, database, lang, typed, screenshot_dir
) -> None:
    with database.session() as s:
        borrower = s.scalar(select(Borrower).order_by(Borrower.id).limit(1))
        borrower.name = NAME
        number = borrower.borrower_no
    window = window_for(qtbot, database)
    page = window.borrowers
    window.show_page(page)
    page.set_search(typed)
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    rows = [
        [str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole)) for column in range(2)]
        for row in range(model.rowCount())
    ]
    assert [number, NAME] in rows  # other names may share the initials
    page.table.selectRow(rows.index([number, NAME]))
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.name == NAME)
    assert NAME in page.detail.title.text()
    if typed == "wtm":
        grab(window, screenshot_dir / f"qabits2-rare-name-{lang}.png")
