"""A new office's empty work queue says what fills it (app.first_steps): fill in the office's
details, add the staff, record their training, import the loan book — each ticked as it is done,
in the user's language; the note goes once the first loan is in."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select

from app.auth import add_user
from app.i18n import set_language
from app.importer import import_file
from app.models import Role, User
from app.office import create_office
from tests.conftest import TEST_KEY
from tests.core import importer_files as f

pytestmark = pytest.mark.gui


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


def _admin(db) -> User:
    with db.sessions() as s:
        user = s.scalar(select(User).where(User.username == "admin"))
        s.expunge(user)
        return user


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_new_office_queue_says_what_fills_it(
    qtbot, database, tmp_path, screenshot_dir, lang
) -> None:
    from ui.main_window import MainWindow

    set_language(lang)
    try:
        window = MainWindow(database, _admin(database))
        qtbot.addWidget(window)
        window.resize(1024, 700)
        window.show()
        assert window.stack.currentWidget() is window.queue
        steps = window.queue.findChild(QLabel, "first_steps")
        assert steps is not None and steps.isVisible()
        staff = {"en": "○ 2. Add the staff", "zh_CN": "○ 2. 添加人员"}[lang]
        assert steps.text().splitlines()[2].startswith(staff)  # after the office's details
        window.grab().save(str(screenshot_dir / f"first_steps_queue_{lang}_1024.png"))
        with database.session() as s:
            add_user(s, _admin(database), "liming", Role.AGENT, "Agent-2026ab", "李明")
        window.hub.announce("user")
        assert steps.text().splitlines()[2].startswith(staff.replace("○", "✓"))
        path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(1))
        loans = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(1))
        with database.session(write_lock=True) as s:
            admin = s.get(User, _admin(database).id)
            assert import_file(s, admin, "borrowers", path).ok
            assert import_file(s, admin, "loans", loans).ok
        window.hub.announce("borrower", "loan")
        assert not steps.isVisible()
    finally:
        set_language("en")
