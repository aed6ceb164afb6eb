"""ImportDialog on a first day: a column the file names that Casedesk does not read is said in the
preview, before Import, in the user's language."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import User
from app.office import create_office
from tests.conftest import TEST_KEY
from tests.core import importer_files as f

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def database(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    with db.session() as s:
        create_office(s, name="成都武侯营业部", admin_username="admin", admin_password="demo")
    yield db
    db.close()


def _dialog(qtbot, db, path):
    from ui.dialogs.import_data import ImportDialog

    with db.sessions() as s:
        user = s.scalar(select(User).where(User.username == "admin"))
        s.expunge(user)
    dialog = ImportDialog(db, user, today=TODAY, kind="borrowers", path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=30_000)
    return dialog


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_preview_names_the_columns_it_will_not_read(
    qtbot, database, tmp_path, screenshot_dir, lang
):
    set_language(lang)
    try:
        header = [*f.BORROWER_ZH, "客户经理"]
        rows = [[*row, "王经理"] for row in f.borrowers(3)]
        path = f.write_csv(tmp_path / "客户信息.csv", header, rows)
        dialog = _dialog(qtbot, database, path)
        assert dialog.import_button.isEnabled()  # a column left out is no problem …
        assert dialog.unread.isVisible()  # … but it is said before Import
        words = {"en": "Not read — Casedesk has no column by that name", "zh_CN": "未读取以下列"}
        assert words[lang] in dialog.unread.text() and "I: 客户经理" in dialog.unread.text()
        dialog.resize(1024, 700)
        dialog.grab().save(str(screenshot_dir / f"import_unread_{lang}.png"))
        dialog.file.setText(str(f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)))
        dialog.preview()
        qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None)
        assert not dialog.unread.isVisible()
    finally:
        set_language("en")
