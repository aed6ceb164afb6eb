"""The window's This clock is right… (ui/clock_behind_notice.py, ui/dialogs/clock_right.py): an
admin's clock-behind box offers it, opening a dialog with both times and a reason box; once
confirmed the status bar's warning goes, the status bar says so, and the day's rebuild (as of
today) and backup run; the admin's text names the button. A supervisor's box has no such button;
its text says to ask an admin, naming none.
English and Chinese. The office's last work is put two days after this moment: no hour or day
matters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMessageBox, QPushButton
from sqlalchemy import func, select

from app.clock_behind import latest_work
from app.i18n import set_language
from app.models import AuditEntry, User
from app.office import office_today, office_zone
from tests.core.test_clock_behind import built_ahead
from tests.core.test_clock_behind_import import open_days
from tests.ui.test_queue import grab, open_office, window_for
from ui.clock_behind_notice import BOX, LABEL, RIGHT
from ui.dialogs.clock_right import ClockRightDialog
from ui.start_checks import start_checks

pytestmark = pytest.mark.gui

SIZE = (1024, 640)
BUTTON = {"en": "This clock is right…", "zh_CN": "本机时钟无误…"}
INTRO = {
    "en": "This computer's clock says {now}; the office's last work was recorded at {last}.",
    "zh_CN": "本机时钟显示为 {now}；营业部最近一次工作记录于 {last}。",
}
DONE = {"en": "This computer's clock is confirmed right.", "zh_CN": "已确认本机时钟无误。"}
# How to confirm is said as the reader may (QA s47 O-7): an admin is told the box's own button,
# anyone else to ask an admin, with no button named (theirs has none).
ASK = {
    "en": "ask an admin to confirm this computer's clock is right; the backup",
    "zh_CN": "请管理员确认本机时钟无误，之后备份",
}
CONFIRM = {
    "en": "confirm it with This clock is right… (or casedesk db confirm-clock --reason TEXT);",
    "zh_CN": "请点“本机时钟无误…”加以确认（或运行 casedesk db confirm-clock --reason 原因），",
}
REASON = "前台电脑的日期被误设为下个月，已用手机核对本机时钟"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _box(window) -> QMessageBox:  # type: ignore[no-untyped-def]
    box = next((b for b in window.findChildren(QMessageBox) if b.objectName() == BOX), None)
    assert box is not None and box.isVisible()
    return box


def _warned(window) -> bool:  # type: ignore[no-untyped-def]
    """The status bar's warning is up (one taken down is hidden, then deleted)."""
    label = window.statusBar().findChild(QLabel, LABEL)
    return label is not None and label.isVisible()


def _count(database, action: str) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        return s.scalar(query)


def _own_backup_folder(database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A backup folder of this test's own (another test's copy may have backed up today)."""
    from app.backups import configure

    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        configure(s, admin, folder=str(tmp_path / "backups"))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_admin_confirms_from_the_warning(  # type: ignore[no-untyped-def]
    qtbot, database, screenshot_dir, tmp_path, lang
) -> None:
    built = built_ahead(database)
    _own_backup_folder(database, tmp_path)
    with database.sessions() as s:
        today, zone, last = office_today(s), office_zone(s), latest_work(s)
    assert last is not None
    backups = _count(database, "database.backup")
    set_language(lang)
    try:
        window = window_for(qtbot, database, "admin")
        window.resize(*SIZE)
        start_checks(window, database, window.user)
        assert _warned(window)
        box = _box(window)
        right = box.findChild(QPushButton, RIGHT)
        assert right is not None and right.isVisible()
        assert right.text().replace("&", "").startswith(BUTTON[lang].rstrip("…"))
        assert CONFIRM[lang] in box.text() and ASK[lang] not in box.text()
        assert "ask an admin" not in box.text() and "请管理员" not in box.text()
        assert CONFIRM[lang] in window.statusBar().findChild(QLabel, LABEL).toolTip()
        grab(box, screenshot_dir / f"clock_right_box_{lang}.png")
        right.click()
        QApplication.processEvents()
        assert not box.isVisible()
        dialog = window.findChild(ClockRightDialog)
        assert dialog is not None and dialog.isVisible()
        shown = last.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        head = INTRO[lang].split("{now}")[0]
        assert dialog.intro.text().startswith(head)
        assert INTRO[lang].split("{now}")[1].format(last=shown) in dialog.intro.text()
        grab(dialog, screenshot_dir / f"clock_right_dialog_{lang}.png")
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        dialog.reason.setPlainText("ok")  # too short: said in the dialog, which stays open
        save.click()
        assert dialog.isVisible() and dialog.error.isVisible()
        assert _count(database, "clock.confirm") == 0
        dialog.reason.setPlainText(REASON)
        save.click()
        assert not dialog.isVisible()
        assert _count(database, "clock.confirm") == 1
        assert not _warned(window)
        assert window.statusBar().currentMessage() == DONE[lang]
        grab(window, screenshot_dir / f"clock_right_window_{lang}.png")
        # The day's rebuild runs as of today, then the backup that waited.
        qtbot.waitUntil(lambda: getattr(window, "backup_job", None) is not None, timeout=60_000)
        window.wait_for_backup()
        assert open_days(database) == {today} and today != built
        qtbot.waitUntil(lambda: _count(database, "database.backup") > backups, timeout=30_000)
        window.show_page(window.queue)
        QApplication.processEvents()
        assert not window.queue.day_notice.isVisible()  # the figures are today's
        grab(window, screenshot_dir / f"clock_right_after_{lang}.png")
        # The minute's check brings no warning back.
        window.day_watch.check()
        QApplication.processEvents()
        assert not _warned(window)
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_supervisor_is_told_to_ask_an_admin(qtbot, database, screenshot_dir, lang) -> None:  # type: ignore[no-untyped-def]
    built_ahead(database)
    set_language(lang)
    try:
        window = window_for(qtbot, database)  # the supervisor
        window.resize(*SIZE)
        start_checks(window, database, window.user)
        box = _box(window)
        assert box.findChild(QPushButton, RIGHT) is None
        assert ASK[lang] in box.text()
        assert BUTTON[lang] not in box.text() and CONFIRM[lang] not in box.text()
        assert "in this warning" not in box.text() and "此警告" not in box.text()
        grab(box, screenshot_dir / f"clock_right_box_supervisor_{lang}.png")
        box.button(QMessageBox.StandardButton.Ok).click()
        label = window.statusBar().findChild(QLabel, LABEL)
        assert label is not None and ASK[lang] in label.toolTip()
        assert BUTTON[lang] not in label.toolTip()
    finally:
        set_language("en")


def test_the_status_bars_what_to_do_offers_it_too(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    """The login box dismissed, the status bar's What to do opens the box again, button and all."""
    built_ahead(database)
    window = window_for(qtbot, database, "admin")
    start_checks(window, database, window.user)
    _box(window).button(QMessageBox.StandardButton.Ok).click()
    QApplication.processEvents()
    label = window.statusBar().findChild(QLabel, LABEL)
    assert label is not None and label.isVisible()
    label.linkActivated.emit("details")
    again = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    right = again.findChild(QPushButton, RIGHT)
    assert right is not None and right.isVisible()
    right.click()
    QApplication.processEvents()
    dialog = window.findChild(ClockRightDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()  # nothing typed
    QApplication.processEvents()
    assert _count(database, "clock.confirm") == 0 and _warned(window)
