"""The window opening an older office upgrades it and says so once, after the window appears,
without blocking it: from which schema to which, and where the copy made before upgrading is,
as `casedesk db upgrade` says it (QA: the window upgraded an office silently); English and
Chinese. An office at head tells nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.i18n import set_language
from app.models import User
from db.migrate import head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_migrations import REVISIONS, seeded_at
from tests.ui.shots import grab

pytestmark = pytest.mark.gui

HEADING = {
    "en": "This office's database was upgraded for this version of Casedesk.",
    "zh_CN": "本营业部的数据库已升级，以配合此版本的 Casedesk。",
}
FROM = {"en": "Upgraded from {old} to {new}.", "zh_CN": "已从 {old} 升级到 {new}。"}
COPY = {"en": "Copy made before upgrading: {backup}", "zh_CN": "升级前的副本：{backup}"}


def _notices(window) -> list[QMessageBox]:  # type: ignore[no-untyped-def]
    return [b for b in window.findChildren(QMessageBox) if b.objectName() == "upgradeNotice"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_window_says_it_upgraded_the_office(qtbot, tmp_path: Path, lang, screenshot_dir):  # type: ignore[no-untyped-def]
    from ui.app import open_window

    # The day's rebuild runs as the window appears, beside the checks after the first paint:
    # the rule-set check's first store (this office has none) waits for it, never "busy".

    path = tmp_path / "old.db"
    old = REVISIONS[-2]
    seeded_at(path, old).dispose()
    database = open_database(path, TEST_KEY)
    try:
        backup = database.backup_before_upgrade
        assert backup is not None and backup.exists()
        with database.sessions() as s:
            user = s.scalar(select(User).where(User.username == "zhang"))
            s.expunge_all()
        window = open_window(database, user, lang)
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        try:
            notices = _notices(window)
            assert len(notices) == 1
            box = notices[0]
            assert box.isVisible() and not box.isModal()
            assert box.text().split("\n") == [
                HEADING[lang],
                FROM[lang].format(old=old, new=head_revision()),
                COPY[lang].format(backup=str(backup)),
            ]
            grab(box, screenshot_dir / f"upgrade-notice-{lang}.png")
            box.close()
        finally:
            window.close()
    finally:
        set_language("en")
        database.close()


def test_an_office_at_head_tells_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.app import open_window

    path = tmp_path / "new.db"
    seeded_at(path, REVISIONS[-1]).dispose()
    database = open_database(path, TEST_KEY)
    try:
        assert database.backup_before_upgrade is None
        with database.sessions() as s:
            user = s.scalar(select(User).where(User.username == "zhang"))
            s.expunge_all()
        window = open_window(database, user, "en")
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        assert _notices(window) == []
        window.close()
    finally:
        database.close()
