"""Add record… on a new office's agent opens on the course the agent still lacks (法律合规 once
沟通技巧 and 谈判技巧 are recorded), not on the catalogue's first course, passed already; each
choice names its course as the page heads it, so the pass mark and validity are not cut off."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.auth import add_user
from app.i18n import set_language
from app.models import Course, Role, User
from app.office import create_office
from app.training import record_training
from tests.conftest import TEST_KEY
from tests.office_day import office_today
from tests.ui.shots import grab

pytestmark = pytest.mark.gui


@pytest.fixture
def database(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    with db.session() as s:
        _, admin = create_office(
            s, name="浦东营业部", admin_username="admin", admin_password="demo"
        )
        add_user(s, admin, "agent01", Role.AGENT, "Agent-2026ab", "王芳")
    yield db
    db.close()


def _users(db) -> dict[str, User]:
    with db.sessions() as s:
        users = {u.username: u for u in s.scalars(select(User))}
        s.expunge_all()
    return users


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_add_record_opens_on_the_course_the_agent_lacks(
    qtbot, database, screenshot_dir, lang
) -> None:
    from ui.dialogs.training_record import TrainingRecordDialog

    users = _users(database)
    with database.session() as s:
        admin, agent = s.get(User, users["admin"].id), s.get(User, users["agent01"].id)
        courses = {c.code: c for c in s.scalars(select(Course))}
        today = office_today()
        for code in ("COMM", "NEGO"):  # the first two of the page's columns
            record_training(s, admin, agent, courses[code], taken_on=today, score=90, today=today)
        law = courses["LAW"].id
    set_language(lang)
    try:
        dialog = TrainingRecordDialog(database, users["admin"], agent_id=users["agent01"].id)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.course_id() == law
        # the name as the page heads its column, so the pass mark and validity fit in the box
        shown = {
            "en": "Legal compliance — pass mark 70, valid 12 months",
            "zh_CN": "法律合规——及格分 70，有效期 12 个月",
        }[lang]
        assert dialog.course.currentText() == shown
        width = dialog.course.fontMetrics().horizontalAdvance(shown)
        assert width < dialog.course.width() - 30  # beside the arrow, not cut
        tip = dialog.course.itemData(dialog.course.currentIndex(), Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith(
            {"en": "Legal compliance (Civil", "zh_CN": "法律合规（含民法典"}[lang]
        )
        grab(dialog, screenshot_dir / f"training_record_first_gap_{lang}.png")
    finally:
        set_language("en")
