"""Backups ▸ Restore of a backup made before a borrower's personal data were erased: the
confirmation says the borrower will be erased again in the restored office (en, zh_CN), the
restore does it, and the message as the window closes says so. Real SQLCipher file, screenshots
restore_erased_again_{en,zh_CN}.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.erasure import ERASED_NAME, erase_borrower
from app.i18n import set_language
from app.models import Borrower, User
from tests.conftest import TEST_KEY
from tests.db.test_restore_erasure import _erasable
from tests.ui.test_backups_dialog import back_up_now, confirm_and_wait, dialog_for
from tests.ui.test_queue import grab

pytestmark = pytest.mark.gui
SAID = {
    "en": "1 borrower erased since this backup was made will be erased again in the restored "
    "office.",
    "zh_CN": "此备份制作之后已删除个人信息的 1 位借款人，在恢复后的营业部中将再次删除其个人信息。",
}
DONE = "1 borrower erased since the backup was made was erased again in the restored office."


@pytest.fixture
def database(
    demo_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator:
    from db.store import open_database
    from ui.app import application

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()
    set_language(None)


def _erase_one(database) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with database.session() as s:
        borrower = _erasable(s)
        bid, name = borrower.id, borrower.name
        erase_borrower(s, s.scalar(select(User).where(User.username == "admin")), bid)
    return bid, name


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_confirmation_says_who_is_erased_again(
    qtbot, database, lang: str, screenshot_dir: Path
) -> None:
    set_language(lang)
    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    dialog.table.selectRow(0)
    assert dialog.ask_restore()
    assert SAID[lang] not in dialog.confirm_text.text()  # nothing erased since: nothing said
    dialog.cancel_restore()
    _erase_one(database)
    assert dialog.ask_restore()
    lines = dialog.confirm_text.text().split("\n")
    assert SAID[lang] in lines
    grab(dialog, screenshot_dir / f"restore_erased_again_{lang}.png")


def test_the_restore_erases_again_and_says_so(qtbot, database) -> None:
    from ui.restored_words import restored_text

    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    bid, name = _erase_one(database)
    dialog.table.selectRow(0)
    assert dialog.ask_restore()
    confirm_and_wait(qtbot, dialog)
    assert dialog.restored is not None, dialog.message.text()
    assert len(dialog.restored.reerased) == 1
    assert DONE in restored_text(dialog.restored)
    with database.sessions() as s:  # the window's handle reopens on the restored file
        assert s.get(Borrower, bid).name == ERASED_NAME
        assert s.scalar(select(Borrower.id).where(Borrower.name == name)) is None


UNREAD = {
    "en": "The current office cannot be read, so borrowers erased in it since this backup was "
    "made cannot be erased again in the restored office. After the restore, erase them again ("
    "Rules ▸ records retention ▸ Show them… ▸ Erase personal data…).",
    "zh_CN": "当前营业部的数据无法读取，因此无法得知此备份制作之后删除了哪些借款人的个人信息，"
    "恢复后的营业部中也无法再次删除。恢复完成后，请再次删除（规则 ▸ 记录保存期限 ▸ 查看这些案件… "
    "▸ 删除个人信息…）。",
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_damaged_office_says_its_erasures_are_not_made_again(
    qtbot, database, lang: str, screenshot_dir: Path
) -> None:
    """The office's file damaged after a borrower was erased: its erasures cannot be read, so the
    confirmation and the closing message say to erase them again after the restore."""
    from db.backup import checkpoint
    from tests.db.test_restore_damaged_erasure import damage
    from ui.restored_words import restored_text

    set_language(lang)
    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    bid, name = _erase_one(database)
    checkpoint(database.engine)
    database.engine.dispose()
    damage(database.path)
    dialog.table.selectRow(0)
    assert dialog.ask_restore()
    lines = dialog.confirm_text.text().split("\n")
    assert UNREAD[lang] in lines and SAID[lang] not in lines
    grab(dialog, screenshot_dir / f"restore_damaged_unread_{lang}.png")
    confirm_and_wait(qtbot, dialog)
    assert dialog.restored is not None, dialog.message.text()
    assert dialog.restored.previous_damaged and dialog.restored.reerased == ()
    said = restored_text(dialog.restored)
    assert ("could not be read" if lang == "en" else "无法读取") in said and DONE not in said
    with database.sessions() as s:  # the window's handle reopens on the restored file
        assert s.get(Borrower, bid).name == name  # as the words warned
