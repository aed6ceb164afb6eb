"""A case's summary on the Cases page has more form labels than its words have letters: in English
a label whose letters the others took goes without an Alt key, as Qt's and KDE's English does — it
read "Name(6):", "Bucket(0):" (noticed and left alone by the keyboard walk). Since session 35 the
summary's read-only values take no letter at all, in either language (Alt+letter put the keys on
text outside the Tab chain; Chinese gave them 状态(&J)… 最近联系(&1)): the buttons keep theirs."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import tr
from tests.ui import test_queue
from tests.ui.test_mnemonics import CHINESE_END
from ui.mnemonic_text import letters_of, mnemonic, plain
from ui.mnemonics import candidates, reserved

pytestmark = pytest.mark.gui
database = test_queue.database
APPENDED = re.compile(r"[(（]&[A-Z0-9][)）]")


def test_a_case_summary_s_labels_never_append_a_letter_in_english(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    window = test_queue.window_for(qtbot, database, "supervisor")
    window.activateWindow()
    page = window.page("cases")
    window.show_page(page)
    page.show_case(1)
    window.sidebar.setFocus()  # the keyboard moves: the window's controls get their letters
    page.setFocus()
    QApplication.processEvents()
    texts = [w.text() for w in candidates(window)]
    assert not any(plain(t) == tr("Name:") for t in texts), texts  # a read-only value
    assert any(plain(t) == plain(page.contact_button.text()) for t in texts), texts
    taken = {m for t in texts if (m := mnemonic(t))} | reserved(window)  # the menus' too
    for text in texts:
        if lang == "en":
            assert not APPENDED.search(text), text
            if mnemonic(text) is None:  # only when its every letter is another's
                assert set(letters_of(plain(text))) <= taken, text
        elif mnemonic(text) is not None:
            assert CHINESE_END.search(text), text
    assert len(taken) >= 10, taken  # the page's buttons and the menus'
