"""The window on a server that stops: saving a contact says, in the dialog, that the server cannot
be reached and what to do (it raised psycopg's OperationalError out of the dialog, which the
window showed as "Something went wrong: OperationalError …"), nothing is saved, and once the
server is back the same dialog checks and saves. Skipped without CASEDESK_TEST_PG_URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from app.cases.rebuild import rebuild_queue
from app.contacts import check_contact
from app.i18n import set_language
from app.models import Case, ContactAttempt, User, VerdictKind
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.office_day import SHANGHAI, office_today
from tests.pg.relay import url_through
from tests.ui.test_queue import grab, window_for

pytestmark = pytest.mark.gui


@contextmanager
def as_the_window_runs() -> Iterator[list[str]]:
    """Uncaught errors said in the window's message box, as ui.app.run says them (a list the
    queue behind could not read while the server was down, say), each box read and closed as a
    person would: the texts of the boxes shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui import crash

    boxes: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            boxes.append(box.text())
            box.accept()

    closer = QTimer()
    closer.timeout.connect(close_box)
    closer.start(50)
    try:
        with crash.reported():
            yield boxes
    finally:
        closer.stop()


@pytest.fixture
def office(pg_server, pg_demo_template, relay, qapp) -> Iterator:
    """The demo office on the server, reached through the relay, its queue built."""
    from ui.app import application

    application()
    name = pg_server.create(pg_demo_template)
    database = open_database(url_through(pg_server, relay, name), TEST_KEY)
    with database.session() as s:
        rebuild_queue(s, None)
    yield database
    database.close()
    pg_server.drop(name)


def _yesterday_at_eleven() -> dt.datetime:
    return dt.datetime.combine(office_today() - dt.timedelta(days=1), dt.time(11), SHANGHAI)


def _allowed_case(database) -> str:
    """An open case on which the supervisor's unanswered call yesterday at 11:00 is allowed."""
    with database.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        for case_no in s.scalars(
            select(Case.case_no).where(Case.closed_on.is_(None)).order_by(Case.id)
        ):
            verdict = check_contact(
                s,
                supervisor,
                case_no,
                channel="call",
                party="borrower",
                at=_yesterday_at_eleven(),
                outcome="no_answer",
            )
            if verdict.kind is VerdictKind.ALLOWED:
                return case_no
    raise AssertionError("the demo office has no such case")


def _attempts(database) -> int:
    with database.sessions() as s:
        return s.scalar(select(func.count()).select_from(ContactAttempt))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_contact_saved_while_the_server_is_down_says_what_to_do(
    qtbot,
    office,
    relay,
    lang,
    screenshot_dir,
) -> None:
    from ui.dialogs.contact import ContactDialog

    window = window_for(qtbot, office, "supervisor")
    case_no = _allowed_case(office)
    set_language(lang)
    try:
        dialog = ContactDialog(office, window.user, case_no, window.cases, window.hub)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.set_time(_yesterday_at_eleven())
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("no_answer"))
        before = _attempts(office)
        relay.stop()
        with as_the_window_runs():  # the queue behind may repaint rows it cannot read
            assert dialog.try_save() is False  # the dialog stays open, with the fields as typed
            said = dialog.error.text()
            assert not dialog.error.isHidden()
            grab(dialog, screenshot_dir / f"qapg_contact_server_gone_{lang}.png")
            relay.start()
            qtbot.wait(100)  # what the server's absence left to say is said in here
        if lang == "en":
            assert said.startswith(f"Cannot reach the office's server {office.url}")
            assert "check that the server is running" in said
        else:
            assert (
                said.startswith(f"无法连接营业部的服务器 {office.url}") and "服务器正在运行" in said
            )
        assert _attempts(office) == before  # nothing was saved
        assert dialog.refresh_verdict() is not None  # the same dialog carries on
        assert dialog.try_save() is True
        assert dialog.error.isHidden()
        assert _attempts(office) == before + 1
    finally:
        set_language("en")


def test_the_queue_painted_while_the_server_is_down_says_so_once(
    qtbot, office, relay, screenshot_dir
) -> None:
    """Each repaint of rows not yet read raised again; in the window, a message box followed
    each message box until the server was back. Now the rows stay blank, it is said once, and
    Refresh (F5) reads them again once the server is back."""
    window = window_for(qtbot, office, "supervisor")
    window.show_page(window.queue)
    model = window.queue.model
    first = model.index(0, 0)
    assert model.data(first)  # the case number, read from the server
    relay.stop()
    model.invalidate_rows()  # as after a change elsewhere: the rows are read again
    with as_the_window_runs() as boxes:
        grab(window, screenshot_dir / "qapg_queue_server_gone.png")
        qtbot.waitUntil(lambda: len(boxes) == 1, timeout=5000)
        for _ in range(3):  # repaints, the one after the box closed among them
            window.queue.table.viewport().repaint()
            qtbot.wait(100)
    assert len(boxes) == 1
    assert boxes[0].startswith(f"Cannot reach the office's server {office.url}")
    assert model.data(first) == ""  # blank, not a stale or a wrong row
    relay.start()
    window.refresh_all()  # F5
    assert model.data(first)
