"""The borrower pane's "Copy of their data…" names the office's law (app/access_law.py): its tool
tip and the dialog it opens say PIPL Art. 45 in a Chinese office, UK GDPR Art. 15 in a UK one and
no law in a US one, in English and in Chinese; the copy's opening says the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.compliance.versions import select_jurisdiction
from tests.core.access_copy_office import user
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_trust import show_borrower
from ui.dialogs.borrower_copy import BorrowerCopyDialog

pytestmark = pytest.mark.gui

# jurisdiction → language → (words the tip and the dialog hold, words they must not)
CITES = {
    "cn": {"en": ("(PIPL Art. 45)", "GDPR"), "zh_CN": ("（《个人信息保护法》第四十五条）", "GDPR")},
    "uk": {
        "en": ("(UK GDPR Art. 15)", "PIPL"),
        "zh_CN": ("（英国 GDPR 第 15 条）", "个人信息保护法"),
    },
    "us": {"en": ("for them:", "Art."), "zh_CN": ("查阅、复制：", "第")},
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _office_of(database, jurisdiction: str) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        select_jurisdiction(s, user(s, "admin"), jurisdiction)
        s.commit()


def _dialog_words(pane) -> str:  # type: ignore[no-untyped-def]
    """Click the pane's button and read the real modal dialog's first words, then cancel."""
    seen: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, BorrowerCopyDialog)
        seen.append(dialog.intro.text())
        dialog.reject()

    QTimer.singleShot(0, run)
    assert not pane.ask_copy()  # cancelled
    assert len(seen) == 1
    return seen[0]


@pytest.mark.parametrize("jurisdiction", sorted(CITES))
def test_the_button_and_the_dialog_name_the_offices_law(
    qtbot, database, lang, jurisdiction, screenshot_dir
) -> None:
    _office_of(database, jurisdiction)
    window = window_for(qtbot, database)
    borrower = show_borrower(window)
    pane = window.borrowers.detail
    assert pane.copy_button.isVisible()
    cited, not_cited = CITES[jurisdiction][lang]
    tip = pane.copy_button.toolTip()
    assert cited in tip and not_cited not in tip
    words = _dialog_words(pane)
    assert borrower.borrower_no in words and not_cited not in words
    if jurisdiction != "us":
        assert cited in words
    if jurisdiction == "uk":
        dialog = BorrowerCopyDialog(pane, borrower.borrower_no, borrower.name, "GB")
        qtbot.addWidget(dialog)
        dialog.show()
        grab(dialog, screenshot_dir / f"qabits2-copy-dialog-uk-{lang}.png")
