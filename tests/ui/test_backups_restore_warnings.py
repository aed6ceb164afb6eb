"""The Backups dialog's confirmation warns before a restore that may put another office's data in
this one's place, or an audit trail that does not verify (QA qa7 #1, #4), and says that the work
done since the backup leaves the office (#6); the list leaves another office's backups out, and
marks those that may be another's."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import AuditEntry
from db.backup import manifest_path, read_manifest
from tests.conftest import TEST_KEY
from tests.db.helpers import alter_audit_entry
from tests.ui.shots import grab
from tests.ui.test_backups_dialog import back_up_now, confirm_and_wait, dialog_for
from tests.ui.test_queue import login
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


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


@pytest.fixture
def other_backup(demo_path: Path, tmp_path: Path) -> Path:
    """A backup, in the same folder, of another office's "demo.db" (a copy in another folder)."""
    from app.backups import back_up
    from db.store import open_database

    (tmp_path / "branchB").mkdir()
    other = open_database(shutil.copyfile(demo_path, tmp_path / "branchB" / "demo.db"), TEST_KEY)
    try:
        return back_up(other, login(other, "admin")).path
    finally:
        other.close()


def test_a_broken_trail_is_warned_of_and_restored_once_confirmed(
    qtbot, database, lang, screenshot_dir: Path
) -> None:
    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    backup = dialog.found[0].path
    alter_audit_entry(backup, TEST_KEY, 20)
    dialog.table.selectRow(0)
    assert dialog.ask_restore()
    assert dialog.confirm_warning.isVisibleTo(dialog)
    warned = dialog.confirm_warning.text()
    shown = dialog.confirm_text.text()
    if lang == "en":
        assert "does not verify: it is broken at entry 20" in warned
        assert "Work done since this backup was made (" in shown
    else:
        assert "校验未通过：在第 20 条记录处断裂" in warned
        assert "之后所做的工作将从营业部中移除" in shown
    grab(dialog, screenshot_dir / f"backups_confirm_broken_trail_{lang}.png")
    confirm_and_wait(qtbot, dialog)
    assert dialog.restored is not None, dialog.message.text()
    with database.sessions() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "database.restore"))
        assert entry is not None and entry.changes["backup_trail_broken_at"] == 20


def test_an_intact_backup_of_this_office_has_no_warning(qtbot, database) -> None:
    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    dialog.table.selectRow(0)
    assert dialog.ask_restore()
    assert not dialog.confirm_warning.isVisibleTo(dialog)
    assert "leaves the office" in dialog.confirm_text.text()


def test_another_offices_backup_is_not_listed_and_its_restore_warned_of(
    qtbot, database, other_backup: Path, tmp_path: Path, lang, screenshot_dir: Path
) -> None:
    dialog = dialog_for(qtbot, database)
    assert dialog.table.rowCount() == 0  # the same file name, another office's: not listed
    assert dialog.ask_restore(other_backup)  # Restore from a file…
    warned = dialog.confirm_warning.text()
    source = str(tmp_path / "branchB" / "demo.db")
    assert dialog.confirm_warning.isVisibleTo(dialog) and source in warned
    assert str(database.path) in warned
    if lang == "en":
        assert "This backup was made from another database" in warned
    else:
        assert "此备份来自另一个数据库" in warned
    grab(dialog, screenshot_dir / f"backups_confirm_other_office_{lang}.png")


def test_a_backup_made_before_the_office_moved_is_listed_and_marked(
    qtbot, database, tmp_path: Path, lang, screenshot_dir: Path
) -> None:
    dialog = dialog_for(qtbot, database)
    back_up_now(qtbot, dialog)
    own = dialog.found[0].path
    made = read_manifest(own)
    assert made is not None
    before = own.with_name(own.name.replace(".bak", "-2.bak"))
    shutil.copyfile(own, before)
    moved = made.__dict__ | {"source": str(tmp_path / "gone" / "demo.db")}
    manifest_path(before).write_text(type(made)(**moved).to_json(), "utf-8")
    dialog.refresh()
    assert dialog.table.rowCount() == 2
    kinds = {cell_text(dialog.table, r, 1): cell_text(dialog.table, r, 2) for r in range(2)}
    marked = "may be another office's" if lang == "en" else "可能属于其他营业部"
    assert marked in kinds[before.name] and marked not in kinds[own.name]
    grab(dialog, screenshot_dir / f"backups_list_moved_{lang}.png")
