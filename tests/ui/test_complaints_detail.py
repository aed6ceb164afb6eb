"""The Complaints page's detail pane and its investigator action, on the demo office with real
widgets: the selected complaint's fields, description, notes (who, when, what) and outcome;
a supervisor assigns the investigator (never the agent it is against) and it reads
Investigating; the agent a complaint is against cannot add a note, and the button says why.
Screenshots at a laptop's and a desktop's size, in English and Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from app.complaint_list import complaints_list
from app.complaints import add_note, assign_complaint, record_complaint
from app.i18n import set_language
from app.models import Case, ComplaintStatus, User
from tests.office_day import office_today
from tests.ui.cells import header_text
from tests.ui.test_queue import grab, login, open_office, window_for
from tests.ui.test_trust import when_modal
from ui.dialogs.complaint_assign import AssignInvestigatorDialog
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
INVESTIGATOR_COLUMN, STATUS_COLUMN = 6, 8  # Agent is 5, Category 7
DAYS_COLUMN = 3
SIZES = ((1024, 640), (1600, 1000))


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _agent01_case(database) -> str:
    with database.sessions() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        return str(
            s.scalar(
                select(Case.case_no)
                .where(Case.assigned_agent_id == agent.id, Case.closed_on.is_(None))
                .order_by(Case.id)
                .limit(1)
            )
        )


def _investigated(
    database, *, against: str | None = "agent01", investigated: bool = True, days_ago: int = 2
) -> str:
    """A complaint on agent01's case received `days_ago`, with (`investigated`) an investigator
    named and a two-line note."""
    with database.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        complaint = record_complaint(
            s,
            sup,
            case_no=_agent01_case(database),
            agent_username=against,
            received_on=office_today() - dt.timedelta(days=days_ago),
            source="relative",
            channel="letter",
            category="third_party_disclosure",
            description=(
                "The borrower's sister says the agent told her about the debt when he called "
                "her at work, and that he called again the next morning although she asked "
                "him not to."
            ),
        )
        if not investigated:
            return complaint.complaint_no
        assign_complaint(s, sup, complaint.complaint_no, "admin")
        add_note(
            s,
            sup,
            complaint.complaint_no,
            "Listened to both recordings: the debt was named in the first call.\n"
            "Asked the agent for his account in writing.",
        )
        return complaint.complaint_no


def _shoot(window, page, screenshot_dir: Path, lang: str) -> None:
    for width, height in SIZES:
        window.resize(width, height)
        QApplication.processEvents()
        grab(window, screenshot_dir / f"complaints_detail_{lang}_{width}x{height}.png")
        # Nothing is cut off: every button lies within the page, the pane shows its title.
        for button in (page.record_button, page.note_button, page.assign_button):
            right = button.mapTo(page, button.rect().topRight()).x()
            assert right <= page.width(), (width, button.text())
        assert page.detail.height() > 120, (width, height)


def test_the_pane_shows_the_selected_complaint(qtbot, database, screenshot_dir) -> None:
    number = _investigated(database)
    window = window_for(qtbot, database)
    page = window.complaints
    window.show_page(page)
    assert page.detail.title.text().startswith("Select a complaint")
    assert not page.detail.content.isVisibleTo(page.detail)
    assert page.select(number)
    pane = page.detail
    assert pane.title.text() == f"Complaint {number}"
    shown = {
        msgid: value.text()
        for form in (pane.left, pane.right)
        for msgid, value in form.values.items()
    }
    assert shown["Case no."] == _agent01_case(database)
    assert shown["Borrower"] and shown["Borrower"] != "—"
    assert (shown["Source"], shown["Channel"]) == ("Relative", "Letter")
    assert shown["Category"] == "Third-party disclosure"
    assert shown["Received"] == (office_today() - dt.timedelta(days=2)).isoformat()
    assert shown["Status"] == "Investigating"
    assert shown["Answer by"].endswith("· 13 days left")
    assert shown["Against agent"].endswith("(agent01)")
    assert shown["Investigator"].endswith("(admin)")
    assert shown["Contact paused"] == "Yes"
    assert pane.description.text().startswith("The borrower's sister says")
    notes = [[cell_text(pane.notes, r, c) for c in range(3)] for r in range(pane.notes.rowCount())]
    assert [n[1] for n in notes] == [login(database).display_name] * 2
    assert notes[0][2].startswith("Named ") and notes[0][2].endswith(" to investigate.")
    assert notes[1][2].endswith("Asked the agent for his account in writing.")
    assert all(len(n[0]) == len("2026-05-03 10:15") for n in notes)
    assert pane.outcome.text() == "No outcome yet: the complaint is open."
    assert page.note_button.isEnabled() and page.note_button.toolTip() == ""
    _shoot(window, page, screenshot_dir, "en")

    with database.session() as s:
        from app.complaints import resolve_complaint

        sup = s.scalar(select(User).where(User.username == "supervisor"))
        resolve_complaint(s, sup, number, "Apologised to the sister in writing.", True)
    page.show_filter.setCurrentIndex(1)  # all complaints
    page.hub.announce("complaint")
    assert page.selected_no() == number
    assert pane.outcome.text() == (
        f"Closed on {office_today().isoformat()}: Apologised to the sister in writing."
    )
    assert pane.right.values["Status"].text() == "Resolved"
    assert not page.note_button.isEnabled()
    assert page.note_button.toolTip() == f"Complaint {number} is closed."
    grab(window, screenshot_dir / "complaints_detail_closed_en.png")


def test_the_pane_in_chinese(qtbot, database, screenshot_dir) -> None:
    number = _investigated(database)
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        page = window.complaints
        window.show_page(page)
        assert page.select(number)
        pane = page.detail
        assert pane.title.text() == f"投诉 {number}"
        assert pane.right.values["Status"].text() == "调查中"
        assert pane.left.values["Source"].text() != "relative"  # a label, not the code
        assert header_text(pane.notes, 0) == "时间"
        assert cell_text(pane.notes, 0, 2).startswith("指定 ")
        assert pane.outcome.text() == "尚无处理结果：投诉仍在处理中。"
        assert page.assign_button.text() == "指定调查人…"
        _shoot(window, page, screenshot_dir, "zh_CN")
    finally:
        set_language("en")


def test_a_supervisor_assigns_the_investigator(qtbot, database, screenshot_dir) -> None:
    sup = login(database)
    number = _investigated(database, investigated=False)
    with database.sessions() as s:
        waiting = next(r for r in complaints_list(s, sup) if r.complaint_no == number)
    assert waiting.status is ComplaintStatus.OPEN and waiting.agent == "agent01"
    window = window_for(qtbot, database)
    page = window.complaints
    window.show_page(page)
    assert page.select(waiting.complaint_no)
    assert page.assign_button.isVisible() and page.assign_button.isEnabled()

    dialog = AssignInvestigatorDialog(database, sup, waiting.complaint_no, parent=window)
    qtbot.addWidget(dialog)
    offered = dialog.choices()
    assert "supervisor" in offered and "admin" in offered
    assert waiting.agent not in offered  # the agent it is against
    dialog.show()
    grab(dialog, screenshot_dir / "complaint_assign_dialog.png")
    first = dialog.investigator.currentData()
    assert not dialog.choose(waiting.agent) and dialog.investigator.currentData() == first

    def pick(found) -> None:
        assert found.choose("supervisor")
        found.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    when_modal(AssignInvestigatorDialog, pick)
    page.assign_button.click()
    row = page.rows.index(next(r for r in page.rows if r.complaint_no == waiting.complaint_no))
    assert cell_text(page.table, row, STATUS_COLUMN) == "Investigating"
    assert cell_text(page.table, row, INVESTIGATOR_COLUMN) == sup.display_name  # in the list too
    assert page.selected_no() == waiting.complaint_no
    grab(window, screenshot_dir / "complaints_investigator_column.png")
    assert page.detail.right.values["Investigator"].text().endswith("(supervisor)")
    assert page.message.text() == (
        f"{page.detail.right.values['Investigator'].text()} investigates complaint "
        f"{waiting.complaint_no}."
    )


def test_the_agent_it_is_against_cannot_add_a_note(qtbot, database) -> None:
    against = _investigated(database)
    about_case = _investigated(database, against=None)
    window = window_for(qtbot, database, "agent01")
    page = window.complaints
    window.show_page(page)
    assert not page.assign_button.isVisible()  # handling complaints is a supervisor's
    assert page.select(against)
    assert page.note_button.isVisible() and not page.note_button.isEnabled()
    assert page.note_button.toolTip() == (
        f"agent01 is the subject of complaint {against} and cannot add notes to it."
    )
    assert page.detail.title.text() == f"Complaint {against}"  # they may still read it
    assert page.detail.notes.isHidden() and page.detail.no_notes.isVisible()  # not the notes
    assert page.detail.no_notes.text() == (
        "The investigation notes are not shown to the person the complaint is against."
    )
    assert page.select(about_case)
    assert page.note_button.isEnabled() and page.note_button.toolTip() == ""
    assert page.detail.notes.isVisible() and page.detail.notes.rowCount() == 2


def test_a_supervisor_it_is_against_cannot_handle_it(qtbot, database) -> None:
    """Assign, Resolve and Lift pause are off for the supervisor a complaint is against, and say
    why; another complaint is theirs to handle."""
    against = _investigated(database, against="supervisor", investigated=False)
    other = _investigated(database, investigated=False)
    window = window_for(qtbot, database, "supervisor")
    page = window.complaints
    window.show_page(page)
    assert page.select(against)
    why = f"supervisor is the subject of complaint {against}; another supervisor handles it."
    for button in (page.assign_button, page.resolve_button, page.lift_button):
        assert not button.isEnabled() and button.toolTip() == why, button.text()
    assert page.select(other)
    for button in (page.assign_button, page.resolve_button, page.lift_button):
        assert button.isEnabled() and button.toolTip() == "", button.text()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_late_answer_is_shown_as_late(qtbot, database, screenshot_dir, lang) -> None:
    """A complaint closed after its deadline says how late, in the list's "Days left" and the
    pane's "Answer by" (QA s46 #4: both were blank); one closed in time says nothing of it."""
    from app.complaints import resolve_complaint

    late, in_time = _investigated(database, days_ago=60), _investigated(database)
    with database.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        deadline = resolve_complaint(s, sup, late, "Not borne out.", False).deadline_on
        resolve_complaint(s, sup, in_time, "Apologised in writing.", True)
    days = (office_today() - deadline).days
    assert days > 1
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.complaints
        window.show_page(page)
        page.show_filter.setCurrentIndex(1)  # all complaints
        words = {
            "en": f"Answered late ({days} days after the deadline)",
            "zh_CN": f"逾期答复（超过期限 {days} 天）",
        }[lang]
        row = next(n for n, r in enumerate(page.rows) if r.complaint_no == late)
        assert cell_text(page.table, row, DAYS_COLUMN) == words
        other = next(n for n, r in enumerate(page.rows) if r.complaint_no == in_time)
        assert cell_text(page.table, other, DAYS_COLUMN) == ""
        assert page.select(late)
        assert page.detail.right.values["Answer by"].text().split(" · ")[1] == words
        grab(window, screenshot_dir / f"complaints_late_{lang}.png")
        assert page.select(in_time)
        assert page.detail.right.values["Answer by"].text().split(" · ")[1:] == []
    finally:
        set_language("en")
