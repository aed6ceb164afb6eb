"""The Backups dialog (back up now, restore after seeing the contents, folder warnings) and the
Export… buttons of the list pages, with real widgets on a copy of the demo office."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, text

from app.i18n import set_language
from app.models import Borrower, User
from db.migrate import head_revision
from tests.conftest import TEST_KEY
from tests.ui.test_queue import grab, login, window_for
from ui.mnemonic_text import plain
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
MARK = "changed after the backup"


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


def dialog_for(qtbot, database, username: str = "admin"):
    from ui.dialogs.backups import BackupsDialog

    dialog = BackupsDialog(database, login(database, username))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def back_up_now(qtbot, dialog) -> None:
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.table.rowCount() > 0, timeout=30000)


def confirm_and_wait(qtbot, dialog) -> None:
    """Confirm the pending restore and wait for its worker (off the GUI thread) to end."""
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60000)


def test_back_up_now_then_restore_after_confirming(
    qtbot, database, tmp_path: Path, screenshot_dir: Path
) -> None:
    dialog = dialog_for(qtbot, database)
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert dialog.warnings.isVisibleTo(dialog)  # the default folder shares the database's disk
    assert "same disk" in dialog.warnings.text()
    back_up_now(qtbot, dialog)
    assert dialog.table.rowCount() == 1
    assert "verified" in dialog.message.text()
    assert cell_text(dialog.table, 0, 4) == str(
        database.engine.connect().execute(text("SELECT count(*) FROM borrower")).scalar()
    )
    # The database version as a number, this Casedesk's own (not the migration's id).
    head = head_revision()
    assert cell_text(dialog.table, 0, 3) == str(int(head.split("_")[0]))
    grab(dialog, screenshot_dir / "backups_dialog.png")

    with database.session() as session:  # a change after the backup, which the restore undoes
        session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = MARK

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_box.isVisibleTo(dialog)
    shown = dialog.confirm_text.text()
    assert "Holds:" in shown and "Borrowers" in shown and "Database version:" in shown
    grab(dialog, screenshot_dir / "backups_dialog_confirm.png")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.confirm_box.isVisibleTo(dialog) and dialog.restored is None

    dialog.ask_restore()
    confirm_and_wait(qtbot, dialog)
    assert dialog.restored is not None, dialog.message.text()
    assert dialog.result() == dialog.DialogCode.Accepted
    with database.sessions() as session:  # the window's handle reopens on the new file
        assert session.scalar(select(Borrower).where(Borrower.employer == MARK)) is None
    kept = dialog.restored.previous
    assert "before-restore" in kept.name and kept.exists()


def test_two_backups_by_hand_make_two_rows(qtbot, database) -> None:
    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    back_up_now(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=30000)
    assert {cell_text(dialog.table, r, 2) for r in range(2)} == {"By hand"}
    # Made when the office's clock said so (Asia/Shanghai), whatever this computer's zone.
    import datetime as dt
    from zoneinfo import ZoneInfo

    made = dialog.found[0].created
    made = made.replace(tzinfo=dt.UTC) if made.tzinfo is None else made
    shown = made.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    assert cell_text(dialog.table, 0, 0) == shown


def test_a_folder_that_cannot_be_written_is_said_in_chinese(
    qtbot, database, tmp_path: Path, screenshot_dir: Path
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("a file, not a folder")
    folder = a_file / "backups"
    set_language("zh_CN")
    try:
        dialog = dialog_for(qtbot, database)
        dialog.folder.setText(str(folder))
        assert dialog.save_settings() is True
        dialog._say("")
        dialog.backup_button.click()
        qtbot.waitUntil(
            lambda: dialog.worker is None and bool(dialog.message.text()), timeout=30000
        )
        assert dialog.message.text() == f"无法将备份写入 {folder}：路径中有一部分不是文件夹。"
        assert dialog.table.rowCount() == 0 and dialog.backup_button.isEnabled()
        grab(dialog, screenshot_dir / "backups_dialog_unwritable_zh.png")
    finally:
        set_language(None)


def test_a_bad_backup_is_explained_and_nothing_changes(qtbot, database, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, database)
    fake = tmp_path / "fake.bak"
    fake.write_bytes((b"not a database at all" * 400)[:8192])  # whole pages: looks encrypted
    # It may be a backup under another recovery key: that key is asked, and Cancel says why.
    from tests.ui.test_backups_restore_other_key import cancel_prompt
    from tests.ui.test_recovery_key_window import answer_modals

    seen = answer_modals([cancel_prompt])
    assert dialog.ask_restore(fake) is False
    assert len(seen) == 1
    assert "wrong key" in dialog.message.text()
    assert not dialog.confirm_box.isVisibleTo(dialog)


def test_a_backup_cut_short_is_called_damaged_not_a_wrong_key(
    qtbot, database, screenshot_dir: Path
) -> None:
    """QA: a truncated backup was refused as "wrong key or not a Casedesk backup"."""
    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    made = dialog.found[0].path
    with open(made, "r+b") as handle:
        handle.truncate(made.stat().st_size - 1000)
    dialog.table.selectRow(0)
    assert dialog.ask_restore() is False
    said = dialog.message.text()
    assert "incomplete or damaged" in said and "wrong key" not in said
    assert said.endswith("Choose another backup.")
    assert not dialog.confirm_box.isVisibleTo(dialog)
    set_language("zh_CN")
    try:
        assert dialog.ask_restore() is False
        assert dialog.message.text().endswith("请选择另一个备份。")
        grab(dialog, screenshot_dir / "backups_dialog_cut_short_zh_CN.png")
    finally:
        set_language(None)


def test_a_folder_on_a_drive_taken_out_is_warned_of(qtbot, database, tmp_path: Path) -> None:
    """QA: the office's folder on a drive not plugged in was warned of as "on the same disk"."""
    from app import settings

    drive = tmp_path / "Volumes" / "USB-BACKUP"
    with database.session() as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        settings.put(session, admin, "backup.folder", str(drive / "casedesk"))
    dialog = dialog_for(qtbot, database)
    assert dialog.warnings.isVisibleTo(dialog)
    assert dialog.warnings.text() == (
        f"The backup folder {drive / 'casedesk'} is not there, nor the folder it would be made "
        "in (is the drive plugged in?): no backup is made until it is, or another is chosen."
    )
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.worker is None and bool(dialog.message.text()), timeout=30000)
    assert dialog.message.text().endswith("(is the drive plugged in?). Nothing was written.")
    assert not drive.exists()


def test_folder_setting_and_its_warning(qtbot, database, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, database)
    dialog.folder.setText("relative/folder")
    assert dialog.save_settings() is False and "full path" in dialog.message.text()
    dialog.folder.setText(str(tmp_path / "usb"))
    dialog.schedule.setCurrentIndex(dialog.schedule.findData("off"))
    assert dialog.save_settings() is True
    dialog.refresh()
    assert dialog.folder.text() == str(tmp_path / "usb")
    assert dialog.schedule.currentData() == "off"


def test_only_admins_see_the_backups_button(qtbot, database) -> None:
    admin = window_for(qtbot, database, "admin")
    assert not admin.backups_button.isHidden()
    supervisor = window_for(qtbot, database, "supervisor")
    assert supervisor.backups_button.isHidden()


def test_the_core_refuses_the_list_to_a_supervisor_and_the_dialog_says_so(
    qtbot, database, screenshot_dir: Path
) -> None:
    """Were the dialog reached without the button (the core, not the button, holds the rule):
    no backup is listed to a supervisor, and the refusal is said in the dialog."""
    from app.backups import back_up

    back_up(database, login(database, "admin"))
    admin = dialog_for(qtbot, database)
    assert admin.table.rowCount() == 1 and admin.message.text() == ""
    dialog = dialog_for(qtbot, database, "supervisor")
    assert dialog.table.rowCount() == 0 and dialog.found == []
    assert dialog.message.text() == "supervisor (Supervisor) may not manage backups; ask an admin."
    assert not dialog.restore_button.isEnabled()
    dialog.grab().save(str(screenshot_dir / "backups_refused_supervisor.png"))


def test_the_dialog_in_chinese(qtbot, database, screenshot_dir: Path) -> None:
    set_language("zh_CN")
    try:
        dialog = dialog_for(qtbot, database)
        back_up_now(qtbot, dialog)
        dialog.ask_restore()
        assert "内容：" in dialog.confirm_text.text()
        assert plain(dialog.backup_button.text()) == "立即备份"
        grab(dialog, screenshot_dir / "backups_dialog_zh.png")
    finally:
        set_language(None)


def _export(qtbot, button, path: Path) -> None:
    button.last_message = ""
    worker = button.export(path)
    assert worker is not None
    qtbot.waitUntil(lambda: button.isEnabled() and bool(button.last_message), timeout=30000)


def test_export_buttons_write_what_the_page_lists(
    qtbot, database, tmp_path: Path, screenshot_dir: Path
) -> None:
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.queue)
    pick = window.queue.bucket.findData("M1")
    window.queue.bucket.setCurrentIndex(pick)
    QApplication.processEvents()
    shown = window.queue.model.rowCount()
    assert shown > 0
    _export(qtbot, window.queue.export_button, tmp_path / "queue.csv")
    rows = list(csv.reader((tmp_path / "queue.csv").read_text("utf-8-sig").splitlines()))
    assert len(rows) - 1 == shown and {r[5] for r in rows[1:]} == {"M1"}
    first = window.queue.model.row_data(0)
    assert rows[1][0] == first.case_no  # the page's order
    assert "Exported" in window.statusBar().currentMessage()
    grab(window, screenshot_dir / "queue_export_button.png")

    window.show_page(window.borrowers)
    window.borrowers.set_search("王")
    _export(qtbot, window.borrowers.export_button, tmp_path / "borrowers.xlsx")
    from openpyxl import load_workbook

    values = list(load_workbook(tmp_path / "borrowers.xlsx").active.iter_rows(values_only=True))
    assert len(values) - 1 == window.borrowers.model.rowCount()
    assert all("*" in v[2] for v in values[1:])  # masked for a supervisor
    grab(window, screenshot_dir / "borrowers_export_button.png")

    for page, kind in (
        (window.complaints, "complaints"),
        (window.compliance_log, "compliance"),
        (window.training, "training"),
        (window.loans, "loans"),
    ):
        assert not page.export_button.isHidden(), kind
        _export(qtbot, page.export_button, tmp_path / f"{kind}.csv")
        assert (tmp_path / f"{kind}.csv").exists(), page.export_button.last_message
    assert window.audit is not None
    assert window.audit.export_button.export(tmp_path / "audit.csv") is None  # the admin's
    admin = window_for(qtbot, database, "admin")
    _export(qtbot, admin.audit.export_button, tmp_path / "audit.csv")
    audit_rows = list(csv.reader((tmp_path / "audit.csv").read_text("utf-8-sig").splitlines()))
    assert any(r[6] == "list.export" for r in audit_rows[1:])  # the exports are audited


def test_an_export_the_role_may_not_make_is_explained(qtbot, database, tmp_path: Path) -> None:
    window = window_for(qtbot, database, "agent01")
    button = window.borrowers.export_button
    with database.sessions() as session:
        agent = session.scalar(select(User).where(User.username == "agent01"))
    assert agent is not None
    _export(qtbot, button, tmp_path / "b.csv")
    assert (tmp_path / "b.csv").exists()  # masked is fine for an agent
    worker = button.export(tmp_path / "full.csv", personal_data=True)
    assert worker is not None and worker.personal_data is False  # never unmasked for an agent
    qtbot.waitUntil(lambda: button.isEnabled(), timeout=30000)
    rows = list(csv.reader((tmp_path / "full.csv").read_text("utf-8-sig").splitlines()))
    assert all("*" in r[2] for r in rows[1:])


def test_the_daily_backup_runs_after_the_window_opens_and_close_waits_for_it(
    qtbot, database, screenshot_dir: Path
) -> None:
    from app.backups import backups

    window = window_for(qtbot, database, "supervisor")
    admin = login(database, "admin")
    assert backups(database, admin) == []
    window.start_daily_backup()  # returns at once: the copy is made off the GUI thread
    assert window.backup_job.isRunning() or window.backup_job.isFinished()
    window.wait_for_backup()
    qtbot.waitUntil(lambda: "verified" in window.statusBar().currentMessage(), timeout=30000)
    made = backups(database, admin)
    assert len(made) == 1
    grab(window, screenshot_dir / "daily_backup_status.png")
    window.start_daily_backup()  # one a day: the second start finds today's and makes none
    window.wait_for_backup()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=30000)
    assert len(backups(database, admin)) == 1


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_restore_whose_folder_cannot_be_made_says_so_and_changes_nothing(
    qtbot, database, tmp_path: Path, screenshot_dir: Path, lang: str
) -> None:
    set_language(lang)
    try:
        dialog = dialog_for(qtbot, database)
        back_up_now(qtbot, dialog)
        made = dialog.selected_path()
        assert made is not None
        with database.session() as session:  # a change after the backup, which stays
            session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = MARK
        a_file = tmp_path / "notes.txt"
        a_file.write_text("a file, not a folder")
        folder = a_file / "backups"
        dialog.folder.setText(str(folder))
        assert dialog.save_settings() is True
        assert dialog.ask_restore(made)
        confirm_and_wait(qtbot, dialog)  # no traceback
        expected = {
            "en": f"Cannot keep the current database in {folder} before restoring: a part of "
            "the path is not a folder. Nothing was changed.",
            "zh_CN": f"恢复前无法把当前数据库保存到 {folder}：路径中有一部分不是文件夹。"
            "数据库没有任何改动。",
        }[lang]
        assert dialog.message.text() == expected
        assert dialog.restored is None and dialog.isVisible()
        with database.sessions() as session:  # the database as it was, and still usable
            assert session.scalar(select(Borrower).where(Borrower.employer == MARK)) is not None
        assert not list(database.path.parent.glob(f".{database.path.name}.restore-*"))
        grab(dialog, screenshot_dir / f"backups_dialog_restore_refused_{lang}.png")
        Path("/tmp/shots-c").mkdir(parents=True, exist_ok=True)
        grab(dialog, Path("/tmp/shots-c") / f"restore_error_{lang}.png")
    finally:
        set_language(None)


def test_an_unforeseen_file_error_in_a_restore_is_one_line_not_a_traceback(
    qtbot, database, tmp_path: Path
) -> None:
    import os

    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    made = dialog.selected_path()
    assert made is not None
    # A folder where the restore prepares its copy, beside the database: it cannot be replaced.
    prepared = database.path.with_name(f".{database.path.name}.restore-{os.getpid()}.partial")
    prepared.mkdir()
    assert dialog.ask_restore(made)
    confirm_and_wait(qtbot, dialog)
    assert dialog.message.text() == f"The restore failed at {prepared}: it is a folder."
    assert dialog.restored is None and dialog.isVisible()
    with database.sessions() as session:  # the database as it was, and still usable
        assert session.scalar(select(text("count(*)")).select_from(text("borrower"))) > 0
