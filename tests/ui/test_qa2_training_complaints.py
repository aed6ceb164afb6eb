"""QA pass, in the window, on the demo office: correcting a training record after the course got
stricter, recording the same attempt twice, and the Complaints page opened from the dashboard's
"Complaints near their deadline" tile saying that tile's number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.complaints import record_complaint
from app.models import Case, CaseStatus, Course, TrainingRecord, User
from app.training.records import update_course
from tests.ui.test_queue import grab, login, open_office, window_for
from ui.dialogs.training_record import TrainingRecordDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _valid_pass(database) -> TrainingRecord:
    """A pass still valid in a month, with a score below 100 (a stricter mark can fail it)."""
    today = dt.date.today()
    with database.sessions() as s:
        record = s.scalar(
            select(TrainingRecord)
            .where(
                TrainingRecord.passed,
                TrainingRecord.score < 100,
                TrainingRecord.expires_on > today + dt.timedelta(days=60),
                TrainingRecord.taken_on < today - dt.timedelta(days=40),
            )
            .order_by(TrainingRecord.id)
            .limit(1)
        )
        assert record is not None
        s.expunge(record)
        return record


def test_correcting_a_record_after_the_course_got_stricter_keeps_it_valid(
    qtbot, database, screenshot_dir
) -> None:
    """The edit form read 'Fail — renews nothing' for a valid pass once the pass mark was raised
    and the validity shortened, and saving a corrected trainer's name lapsed the agent."""
    record = _valid_pass(database)
    user = login(database)
    with database.session() as s:
        course = s.get(Course, record.course_id)
        sup = s.get(User, user.id)
        update_course(s, sup, course.code, validity_months=1, pass_mark=record.score + 1)
    window = window_for(qtbot, database)
    page = window.training
    window.show_page(page)
    dialog = TrainingRecordDialog(database, user, record_id=record.id, parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    expected = f"Pass — valid until {record.expires_on.isoformat()}"
    assert dialog.result_label.text() == expected
    dialog.trainer.setText("李明老师")
    grab(dialog, screenshot_dir / "qa2_training_correction.png")
    assert dialog.save()
    with database.sessions() as s:
        saved = s.get(TrainingRecord, record.id)
        assert (saved.passed, saved.expires_on, saved.trainer) == (
            True,
            record.expires_on,
            "李明老师",
        )


def test_the_same_attempt_twice_is_refused_and_the_form_kept(qtbot, database) -> None:
    record = _valid_pass(database)
    with database.sessions() as s:
        before = s.scalar(select(func.count(TrainingRecord.id)))
    dialog = TrainingRecordDialog(database, login(database), agent_id=record.agent_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.course.setCurrentIndex(dialog.course.findData(record.course_id))
    dialog.date.setDate(record.taken_on)
    dialog.score.setValue(record.score)
    dialog.trainer.setText("王律师")
    dialog.evidence.setPlainText("证书编号 2026-118")
    assert not dialog.save()
    assert dialog.error.isVisible()
    assert dialog.error.text().startswith("This attempt is already recorded: ")
    assert f"on {record.taken_on.isoformat()}, score {record.score}." in dialog.error.text()
    assert dialog.isVisible() and dialog.trainer.text() == "王律师"
    assert dialog.evidence.toPlainText() == "证书编号 2026-118"
    with database.sessions() as s:
        assert s.scalar(select(func.count(TrainingRecord.id))) == before


def test_the_complaints_tile_opens_the_complaints_it_counts(
    qtbot, database, screenshot_dir
) -> None:
    """The tile read 3 and opened a list of 11 open complaints, with nothing on the page saying
    which 3 it meant: it opens Show "Near their deadline", and the longer list says how many."""
    user = login(database)
    with database.session() as s:
        sup = s.get(User, user.id)
        case_no = s.scalar(
            select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id).limit(1)
        )
        for days_ago in (14, 16, 2):  # one day left, one day overdue, 13 days left
            record_complaint(
                s,
                sup,
                case_no=case_no,
                agent_username=None,
                received_on=dt.date.today() - dt.timedelta(days=days_ago),
                source="borrower",
                channel="phone",
                category="harassment",
                description="Called three times in an hour.",
            )
    window = window_for(qtbot, database)
    window.show_page(window.dashboard)
    tile = window.dashboard.figures.complaints_near_deadline
    assert tile >= 2
    page = window.open_list("complaints", None)
    assert page is window.complaints
    assert len(page.rows) == tile  # the page lists what the tile counts
    assert all(r.days_left is not None and r.days_left <= 3 for r in page.rows)
    grab(window, screenshot_dir / "qa2_complaints_from_tile.png")
    page.show_filter.setCurrentIndex(0)  # every open complaint, saying how many are near
    assert len(page.rows) > tile
    assert page.count.text().endswith(f"answer due within 3 days or overdue: {tile}")
