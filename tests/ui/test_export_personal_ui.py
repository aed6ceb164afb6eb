"""The Export… button with full personal data (QA s23), real widgets on a copy of the demo office:
an admin's button offers "Include full personal data…", which asks the reason (the reveal
dialog's pattern), proposes a "-personal-data" file name and says in the status line that the
file holds full personal data; others' buttons do not offer it; a masked export says so."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog
from sqlalchemy import select

from app.i18n import set_language
from app.models import AuditEntry
from tests.conftest import TEST_KEY
from tests.ui.test_queue import window_for
from tests.ui.test_trust import grab_over, when_modal

pytestmark = pytest.mark.gui
REASON = "Court order 2026-88, Pudong court"


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


def _save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The Save dialog answers `path`; returns the names it proposed."""
    proposed: list[str] = []

    def answer(parent, caption, name, filters, *rest, **kw):  # type: ignore[no-untyped-def]
        proposed.append(name)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return proposed


def _wait(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: button.isEnabled() and bool(button.last_message), timeout=30000)


def _actions(button) -> list[str]:  # type: ignore[no-untyped-def]
    menu = button.menu()
    return [] if menu is None else [a.objectName() for a in menu.actions()]


def _grab_menu(window, button, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window with the button's menu open under it, as a person sees it."""
    menu = button.menu()
    menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
    QApplication.processEvents()
    image = window.grab()
    painter = QPainter(image)
    painter.drawPixmap(window.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    menu.hide()
    assert image.save(str(path))


def test_only_an_admin_is_offered_full_personal_data(qtbot, database, screenshot_dir: Path) -> None:
    admin = window_for(qtbot, database, "admin")
    both = ["export_masked", "export_personal_data"]
    assert _actions(admin.borrowers.export_button) == both
    admin.show_page(admin.borrowers)
    _grab_menu(admin, admin.borrowers.export_button, screenshot_dir / "qapdexport-menu-en.png")
    assert _actions(admin.queue.export_button) == both
    assert _actions(admin.training.export_button) == []  # nothing masked in that list
    for username in ("supervisor", "agent01"):
        window = window_for(qtbot, database, username)
        assert _actions(window.borrowers.export_button) == [], username
        assert _actions(window.queue.export_button) == [], username


def test_full_personal_data_asks_why_marks_the_file_and_says_so(
    qtbot, database, tmp_path: Path, monkeypatch, screenshot_dir: Path
) -> None:
    from ui.dialogs.export_reason import PersonalExportDialog

    window = window_for(qtbot, database, "admin")
    window.show_page(window.borrowers)
    button = window.borrowers.export_button
    path = tmp_path / "borrowers-personal-data.csv"
    proposed = _save_as(monkeypatch, path)
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, PersonalExportDialog)
        assert "“Borrowers”" in dialog.intro.text()
        assert not dialog.try_accept("court")  # a reveal's minimum, in its words
        seen.append(dialog.error.text())
        grab_over(window, dialog, screenshot_dir / "qapdexport-reason-en.png")
        assert dialog.try_accept(REASON)

    when_modal(PersonalExportDialog, fill)
    full = next(a for a in button.menu().actions() if a.objectName() == "export_personal_data")
    assert full.text() == "Include full personal data…"
    full.trigger()
    _wait(qtbot, button)
    assert seen == ["Write a reason of at least 10 characters (a Chinese character counts as two)."]
    from ui.date_widgets import office_day

    # dated, in the folder last saved to (QA s47: "borrowers-personal-data.xlsx", no folder)
    assert [Path(p).name for p in proposed] == [
        f"borrowers-personal-data-{office_day(database).isoformat()}.xlsx"
    ]
    message = window.statusBar().currentMessage()
    assert "full personal data" in message and button.last_result.reason == REASON
    header, *rows = csv.reader(path.read_bytes().decode("utf-8-sig").splitlines())
    assert header[-1] == "Full personal data" and rows
    assert all(r[-1].endswith(f"for: {REASON}") and "*" not in r[2] for r in rows)
    with database.sessions() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.changes["reason"] == REASON and entry.changes["file"] == path.name

    # Cancelled at the reason: no file dialog, no file.
    proposed.clear()
    when_modal(PersonalExportDialog, lambda dialog: dialog.reject())
    assert button.export(personal_data=True) is None
    assert proposed == []

    # The masked choice says so; its file is masked.
    masked_path = tmp_path / "masked.csv"
    _save_as(monkeypatch, masked_path)
    button.last_message = ""
    next(a for a in button.menu().actions() if a.objectName() == "export_masked").trigger()
    _wait(qtbot, button)
    assert window.statusBar().currentMessage().endswith("Personal data is masked.")
    masked = list(csv.reader(masked_path.read_bytes().decode("utf-8-sig").splitlines()))
    assert masked[0][-1] == "City" and all("*" in r[2] for r in masked[1:])


def test_the_reason_dialog_in_chinese(qtbot, database, screenshot_dir: Path) -> None:
    from ui.dialogs.export_reason import PersonalExportDialog

    set_language("zh_CN")
    try:
        window = window_for(qtbot, database, "admin")
        window.show_page(window.borrowers)
        names = [a.text() for a in window.borrowers.export_button.menu().actions()]
        assert names == ["导出（个人信息脱敏）…", "包含完整个人信息…"]
        _grab_menu(
            window, window.borrowers.export_button, screenshot_dir / "qapdexport-menu-zh_CN.png"
        )
        dialog = PersonalExportDialog(window, "借款人")
        qtbot.addWidget(dialog)
        dialog.show()
        assert not dialog.try_accept("法院要求")  # 8 of 10: a Chinese character counts two
        assert dialog.windowTitle() == "导出完整个人信息"
        grab_over(window, dialog, screenshot_dir / "qapdexport-reason-zh_CN.png")
        assert dialog.try_accept("法院调查函")
        assert dialog.reason_text == "法院调查函"
    finally:
        set_language(None)
