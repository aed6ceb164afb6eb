"""The visit dialog and the Visits page with pytest-qt on a small office: verify and book through
the dialog with the live verdict, see the visit on the week calendar, check in and out, the late
check-out banner resolved by a supervisor, the visit sheet PDF; screenshots of each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select, update

from app.i18n import set_language
from app.models import Visit, VisitStatus
from app.names import name_key
from tests.conftest import TEST_KEY
from tests.core.test_visits import come_due
from tests.core.visit_office import case_nos, login, slot, visit_office_path
from tests.ui.cells import cell_tip
from tests.ui.shots import grab
from tests.ui.test_trust import when_modal
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


def settle(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)


def book_through_dialog(qtbot, database, screenshot_dir: Path | None = None) -> str:
    from ui.dialogs.visit import VisitDialog

    agent = login(database, "agent01")
    dialog = VisitDialog(database, agent, case_nos(database)[0])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.stack.currentIndex() == 0  # step 1: verify
    with database.sessions() as s:  # the address to confirm is the borrower's home address
        from app.models import Address, Case, Loan

        home = s.scalar(
            select(Address.line)
            .join(Loan, Loan.borrower_id == Address.borrower_id)
            .join(Case, Case.loan_id == Loan.id)
            .where(Case.case_no == case_nos(database)[0], Address.kind == "home")
        )
    assert home and dialog.address_label.text() == home
    assert dialog.try_verify() is False and "identity and address" in dialog.error.text()
    dialog.identity.setChecked(True)
    dialog.address.setChecked(True)
    dialog.phone.setChecked(True)
    assert dialog.try_verify() is True
    assert dialog.stack.currentIndex() == 1 and dialog.visit_no
    dialog.set_start(slot(10))
    dialog.set_agents("agent01", "agent04")
    settle(qtbot, dialog)
    assert dialog.panel.header.text() == "Blocked"
    assert "孙磊" in "\n".join(line.text() for line in dialog.panel.lines)  # agent04, by name
    if screenshot_dir:
        grab(dialog, screenshot_dir / "visit_dialog_blocked.png")
    dialog.set_agents("agent01", "agent02")
    dialog.minutes.setValue(90)
    dialog.agreed.setChecked(True)  # the borrower agreed to the time …
    dialog.enter.setChecked(True)  # … and to the agents entering
    settle(qtbot, dialog)
    assert dialog.panel.header.text() == "Allowed"
    if screenshot_dir:
        grab(dialog, screenshot_dir / "visit_dialog_allowed.png")
    assert dialog.try_book() is True
    assert dialog.result() == dialog.DialogCode.Accepted
    return dialog.booked


def come_due_shown(page, database, number: str) -> None:
    """The booked time comes (a check-in is taken only from two hours before the start): the
    visit moved to have begun ten minutes ago, its week shown and the visit selected."""
    come_due(database, number)
    with database.sessions() as s:
        start = s.scalar(select(Visit.scheduled_start).where(Visit.visit_no == number))
    page.show_week(start.replace(tzinfo=dt.UTC).astimezone(slot(10).tzinfo).date())
    page.select(number)
    assert page.selected is not None and page.selected.visit_no == number


def visits_page(qtbot, database, username: str):
    from ui.pages.visits import VisitsPage
    from ui.signals import ChangeHub

    hub = ChangeHub()
    page = VisitsPage(database, hub, login(database, username))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_book_through_the_dialog_and_see_it_on_the_calendar(qtbot, database, screenshot_dir):
    number = book_through_dialog(qtbot, database, screenshot_dir)
    page = visits_page(qtbot, database, "supervisor")
    day = slot(10).date()
    page.show_week(day)
    data = page.calendar_data
    names = [name for _, name in data.agents]
    assert names == sorted(names, key=name_key)  # the agents in pinyin order of their names
    usernames = [u for u, _ in data.agents]
    assert sorted(usernames) == ["agent01", "agent02", "agent03", "agent04"]
    column = (day - page.week_start).days
    for row in (usernames.index("agent01"), usernames.index("agent02")):  # both agents' rows
        assert cell_text(page.calendar, row, column).splitlines() == ["10:00–11:30", "张伟"]
        assert f"张伟 · {number} · case " in cell_tip(page.calendar, row, column)  # the number
    assert cell_text(page.calendar, usernames.index("agent03"), column) == ""
    grab(page, screenshot_dir / "visits_calendar.png")
    page.tabs.setCurrentIndex(1)
    assert page.list.rowCount() == 1 and cell_text(page.list, 0, 0) == number
    team = dict(data.agents)
    names = f"{team['agent01']}, {team['agent02']}"  # the team by name, lead first
    assert cell_text(page.list, 0, 6) == names and "agent01" not in names
    assert cell_text(page.list, 0, 3)[:1].isupper()  # "Booked", like the other cells
    grab(page, screenshot_dir / "visits_list.png")
    page.tabs.setCurrentIndex(0)
    page._calendar_clicked(0, column)
    assert page.selected.visit_no == number
    assert not page.checkin_button.isEnabled() and not page.checkout_button.isEnabled()
    # Each action off for the visit's status says why (QA s42: greyed with nothing said).
    assert page.checkout_button.toolTip() == "Only a visit under way is checked out."
    assert page.incident_button.toolTip() == (
        "An incident is recorded for a visit under way or over."
    )
    assert page.agreement_button.toolTip() == (
        "An agreement is drafted from a visit once it is completed."
    )
    assert page.cancel_button.isEnabled() and page.cancel_button.toolTip() == ""
    come_due_shown(page, database, number)
    assert page.checkin_button.isEnabled()
    assert page.check_in_selected()
    assert page.selected.status is VisitStatus.IN_PROGRESS and page.checkout_button.isEnabled()
    assert page.checkout_button.toolTip() == ""
    assert not page.cancel_button.isEnabled() and page.cancel_button.toolTip() == (
        "A visit that has started or ended cannot be cancelled."
    )
    assert not page.reschedule_button.isEnabled() and page.reschedule_button.toolTip() == (
        "Only a booked visit that has not started can be moved."
    )
    assert not page.approve_button.isEnabled() and page.approve_button.toolTip() == (
        "A visit is approved once it is booked, with its team and time, and before it starts."
    )
    # Sheet for the selected agent and day.
    target = page.print_sheet(Path(screenshot_dir) / "visits_page_sheet.pdf", preview=False)
    assert target is not None and target.stat().st_size > 5000


def test_late_check_out_banner_and_resolve(qtbot, database, screenshot_dir):
    number = book_through_dialog(qtbot, database)
    agent_page = visits_page(qtbot, database, "agent01")
    agent_page.show_week(slot(10).date())
    assert [u for u, _ in agent_page.calendar_data.agents] == ["agent01"]  # own row only
    agent_page.select(number)
    come_due_shown(agent_page, database, number)
    assert agent_page.check_in_selected()
    with database.session() as s:  # the clock passes the visit's end
        ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
        s.execute(
            update(Visit)
            .where(Visit.visit_no == number)
            .values(scheduled_start=ago - dt.timedelta(hours=1), scheduled_end=ago)
        )
    agent_page.reload()  # the agent sees their own late check-out, without Resolve…
    assert agent_page.banner.isVisible() and number in agent_page.banner_text.text()
    assert agent_page.resolve_button.isHidden()
    page = visits_page(qtbot, database, "supervisor")
    assert page.banner.isVisible() and number in page.banner_text.text()
    assert page.resolve_button.isVisible()
    grab(page, screenshot_dir / "visits_late_banner.png")
    assert page.resolve_first("  ") is False and "needs a note" in page.message.text()
    assert page.resolve_first("电话确认两人平安，已离开") is True
    assert page.banner.isHidden()


def test_check_out_dialog_records_the_outcome(qtbot, database, screenshot_dir):
    from ui.dialogs.visit_outcome import VisitOutcomeDialog

    number = book_through_dialog(qtbot, database)
    page = visits_page(qtbot, database, "agent01")
    page.show_week(slot(10).date())
    page.select(number)
    come_due_shown(page, database, number)
    assert page.check_in_selected()
    dialog = VisitOutcomeDialog(database, login(database, "agent02"), number)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.try_save() is False and "reason for default" in dialog.error.text()
    dialog.reason.setCurrentIndex(dialog.reason.findData("business_failure"))
    dialog.capacity.setPlainText("经营恢复中，预计下月有回款")
    dialog.proposal.setPlainText("先还逾期部分，余款分 6 期")
    dialog.travel.setText("-5")
    assert dialog.try_save() is False and "negative" in dialog.error.text()
    dialog.travel.setText("88.00")
    grab(dialog, screenshot_dir / "visit_checkout_dialog.png")
    assert dialog.try_save() is True
    with database.sessions() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == number))
        assert visit.status is VisitStatus.COMPLETED and visit.travel_cost == 8800


def test_case_page_button_and_side_bar(qtbot, database, screenshot_dir):
    from ui.main_window import MainWindow

    window = MainWindow(database, login(database, "agent01"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    titles = [cell_text(window.sidebar, i, 0) for i in range(window.sidebar.count())]
    assert "Visits" in titles
    window.open_case_no = case_nos(database)[0]
    window.show_page(window.cases)
    assert window.cases.show_case(window.open_case_no)
    assert not window.cases.visit_button.isHidden() and window.cases.visit_button.isEnabled()
    grab(window, screenshot_dir / "case_page_book_visit.png")
    window.show_page(window.visits)
    grab(window, screenshot_dir / "visits_in_window.png")


def test_dialog_in_chinese(qtbot, database, screenshot_dir):
    from ui.dialogs.visit import VisitDialog

    set_language("zh_CN")
    try:
        dialog = VisitDialog(database, login(database, "agent01"), case_nos(database)[1])
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.identity.setChecked(True)
        dialog.address.setChecked(True)
        assert dialog.try_verify()
        dialog.set_start(slot(21, 30))
        settle(qtbot, dialog)
        assert dialog.panel.header.text() == "禁止"
        grab(dialog, screenshot_dir / "visit_dialog_zh.png")
    finally:
        set_language(None)


def test_draft_an_agreement_from_a_visits_outcome(qtbot, database, screenshot_dir):
    """A completed visit's outcome opens the agreement dialog with the borrower's reason and
    capacity filled in; the saved draft names the visit. A visit not yet done cannot."""
    from app.models import Agreement
    from ui.dialogs.agreement import AgreementDialog
    from ui.dialogs.visit_outcome import VisitOutcomeDialog

    number = book_through_dialog(qtbot, database)
    page = visits_page(qtbot, database, "agent01")
    page.show_week(slot(10).date())
    page.select(number)
    assert not page.agreement_button.isHidden()
    assert not page.agreement_button.isEnabled()  # booked: no outcome yet
    come_due_shown(page, database, number)
    assert page.check_in_selected()
    assert not page.agreement_button.isEnabled()
    outcome = VisitOutcomeDialog(database, login(database, "agent01"), number)
    qtbot.addWidget(outcome)
    outcome.reason.setCurrentIndex(outcome.reason.findData("business_failure"))
    outcome.capacity.setPlainText("经营恢复中，预计下月有回款")
    outcome.proposal.setPlainText("先还逾期部分，余款分 6 期")
    assert outcome.try_save()
    page.reload()
    page.select(number)
    assert page.agreement_button.isEnabled()

    seen: dict[str, str] = {}

    def fill_and_save(dialog: AgreementDialog) -> None:
        seen["reason"] = dialog.reason.toPlainText()
        seen["capacity"] = dialog.capacity.toPlainText()
        seen["source"] = dialog.findChild(QLabel, "source").text()
        grab(dialog, screenshot_dir / "agreement_dialog_from_visit.png")
        assert dialog.try_save()

    when_modal(AgreementDialog, fill_and_save)
    drafted = page.draft_agreement_selected()
    assert drafted and drafted in page.message.text()
    assert seen == {
        "reason": "Business failure",
        "capacity": "经营恢复中，预计下月有回款\nProposed at the visit: 先还逾期部分，余款分 6 期",
        "source": f"From the outcome of visit {number}.",
    }
    with database.sessions() as s:
        agreement = s.scalar(select(Agreement).where(Agreement.agreement_no == drafted))
        visit = s.scalar(select(Visit).where(Visit.visit_no == number))
        assert agreement.visit_id == visit.id and agreement.stated_reason == "Business failure"
    # A second draft on the same case is refused before the dialog opens, on the page.
    assert page.draft_agreement_selected() is None
    assert "already has draft agreement" in page.message.text()
    grab(page, screenshot_dir / "visits_page_agreement_drafted.png")


def test_the_late_banner_stays_a_few_lines_high() -> None:
    """Thirty-six late check-outs (the reference office's evening) show as the five most
    overdue and a count of the rest, not a banner that pushes the calendar off the page."""
    from app.visits import LateVisit
    from ui.pages.visits_view import ALERT_LINES, alerts_text

    end = dt.datetime(2026, 12, 1, 3, tzinfo=dt.UTC)
    alerts = [
        LateVisit(
            f"V2026-{n:06d}",
            "C1",
            "王<芳>",
            ("agent01", "agent02"),
            ("刘燕", "Li Qiang"),
            "",
            end,
            None,
            400 - n,
        )
        for n in range(36)
    ]
    text = alerts_text(alerts, dt.UTC)
    assert text.count("<br>") == ALERT_LINES + 1  # heading, five lines, the rest counted
    assert "Late check-outs (36)" in text and "… and 31 more late check-outs." in text
    assert "V2026-000004" in text and "V2026-000005" not in text
    assert "王&lt;芳&gt;" in text  # a name is text, never markup
    one = alerts_text(alerts[:1], dt.UTC)
    assert one.startswith("<b>Late check-out</b><br>") and "more" not in one
    # The team by name, not user name, and how late in hours and minutes.
    assert "刘燕, Li Qiang): expected end 2026-12-01 03:00, 6 h 40 min ago" in one
    assert "agent01" not in one


def test_the_late_banner_in_chinese_lists_the_team_with_dunhao() -> None:
    from app.i18n import set_language
    from app.visits import LateVisit
    from ui.pages.visits_view import alerts_text

    end = dt.datetime(2026, 12, 1, 3, tzinfo=dt.UTC)
    alert = LateVisit("V1", "C1", "王芳", ("a1", "a2"), ("刘燕", "李强"), "", end, None, 45)
    set_language("zh_CN")
    try:
        text = alerts_text([alert], dt.UTC)
    finally:
        set_language(None)
    assert "V1（王芳，刘燕、李强）：预计 2026-12-01 03:00 结束，已过 45 分钟仍未签退" in text


def test_report_an_incident_from_the_visits_page(qtbot, database, screenshot_dir):
    """A visit under way (or done) takes an incident report: a kind from the list in words and
    a description; an empty description is refused in the dialog, nothing saved. The report
    is audited and the case's story tells it."""
    from app.models import AuditEntry, VisitIncident
    from ui.dialogs.incident import IncidentDialog

    number = book_through_dialog(qtbot, database)
    page = visits_page(qtbot, database, "agent01")
    page.show_week(slot(10).date())
    page.select(number)
    assert not page.incident_button.isEnabled()  # booked: nothing has happened yet
    come_due_shown(page, database, number)
    assert page.check_in_selected()
    page.select(number)
    assert page.incident_button.isEnabled()

    seen: dict[str, object] = {}

    def report(dialog: IncidentDialog) -> None:
        seen["kinds"] = [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
        assert dialog.try_save() is False  # no kind chosen yet: none is taken for the agent
        seen["no kind"] = dialog.error.text()
        dialog.kind.setCurrentIndex(dialog.kind.findData("aggressive_dog"))
        assert dialog.try_save() is False  # no description yet
        seen["refusal"] = dialog.error.text()
        dialog.description.setPlainText("院内有犬只，未拴绳；已退至门外等候")
        grab(dialog, screenshot_dir / "incident_dialog.png")
        assert dialog.try_save()

    when_modal(IncidentDialog, report)
    assert page.report_incident_selected() == number
    assert seen["kinds"][:3] == ["— choose —", "Aggressive dog", "Verbal abuse"]
    assert seen["no kind"] == "Choose what happened."
    assert "needs a description" in str(seen["refusal"])
    assert number in page.message.text()
    with database.sessions() as s:
        (incident,) = s.scalars(select(VisitIncident)).all()
        assert incident.kind == "aggressive_dog" and "未拴绳" in incident.description
        assert s.scalar(
            select(AuditEntry.action).where(AuditEntry.entity_id == number).order_by(
                AuditEntry.id.desc()
            )
        ) == "visit.incident"  # fmt: skip
    grab(page, screenshot_dir / "visits_page_incident.png")


def test_incident_dialog_in_chinese(qtbot, database, screenshot_dir):
    from ui.dialogs.incident import IncidentDialog

    number = book_through_dialog(qtbot, database)
    set_language("zh_CN")
    try:
        dialog = IncidentDialog(database, login(database, "agent01"), number)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.kind.itemText(1) == "恶犬"
        assert dialog.try_save() is False and dialog.error.text() == "请选择事件类型。"
        dialog.kind.setCurrentIndex(1)
        assert dialog.windowTitle() == f"报告上门 {number} 的事件"
        dialog.description.setPlainText("家属情绪激动")
        assert dialog.try_save() is False  # booked, not yet under way: the core refuses
        # … naming the statuses in words: 已预约, not "booked".
        assert "已预约" in dialog.error.text() and "进行中" in dialog.error.text()
        assert "booked" not in dialog.error.text()
        grab(dialog, screenshot_dir / "incident_dialog_zh_CN.png")
    finally:
        set_language("en")


def test_only_the_team_checks_a_visit_in(qtbot, database):
    """The case's agent, not on the visit's team, sees it with Check in off and the core's reason
    as its tooltip; an agent on the team may check in."""
    from app.models import User, VisitAgent

    number = book_through_dialog(qtbot, database)
    # The team becomes agent02 and agent03, both trained (an untrained one stops the check-in).
    with database.session() as s:
        visit_id = s.scalar(select(Visit.id).where(Visit.visit_no == number))
        agent01, agent03 = (
            s.scalar(select(User.id).where(User.username == name))
            for name in ("agent01", "agent03")
        )
        s.execute(
            update(VisitAgent)
            .where(VisitAgent.visit_id == visit_id, VisitAgent.agent_id == agent01)
            .values(agent_id=agent03)
        )
    page = visits_page(qtbot, database, "agent01")
    page.show_week(slot(10).date())
    page.select(number)
    assert page.selected is not None and page.selected.visit_no == number
    assert not page.checkin_button.isEnabled()
    assert page.checkin_button.toolTip() == (
        f"You are not on visit {number}'s team: its agents or a supervisor record it."
    )
    team = visits_page(qtbot, database, "agent02")
    team.show_week(slot(10).date())
    team.select(number)
    assert not team.checkin_button.isEnabled()  # on the team, but not yet time (next test)
    come_due_shown(team, database, number)
    assert team.checkin_button.isEnabled() and team.checkin_button.toolTip() == ""


def test_check_in_is_off_until_two_hours_before_the_start(qtbot, database):
    """QA: Check in was on for a visit booked for tomorrow, and the core refused the click."""
    number = book_through_dialog(qtbot, database)
    page = visits_page(qtbot, database, "agent01")
    page.show_week(slot(10).date())
    page.select(number)
    assert not page.checkin_button.isEnabled()
    assert page.checkin_button.toolTip().startswith(f"Visit {number} is booked for ")
    assert "check in no earlier than 2 hours before it starts" in page.checkin_button.toolTip()
    come_due_shown(page, database, number)
    assert page.checkin_button.isEnabled() and page.checkin_button.toolTip() == ""


def test_an_empty_week_points_to_the_next_visit(qtbot, database, screenshot_dir):
    """A week without visits says so and names the next visit after it; its link shows that
    week with the visit selected. After the last visit, it says none is booked."""
    number = book_through_dialog(qtbot, database)
    page = visits_page(qtbot, database, "supervisor")
    day = slot(10).date()
    page.show_week(day - dt.timedelta(days=21))
    assert page.rows == [] and page.selected is None
    assert page.selection_label.text() == (
        f"No visits in this week. The next is {number} on {day:%Y-%m-%d}: "
        '<a href="next">show its week</a>.'
    )
    grab(page, screenshot_dir / "visits_empty_week.png")
    page.selection_label.linkActivated.emit("next")
    assert page.week_start <= day < page.week_start + dt.timedelta(days=7)
    assert page.selected is not None and page.selected.visit_no == number
    assert page.selection_label.text().startswith(f"Selected: {number} · ")
    page.show_week(day + dt.timedelta(days=7))
    assert page.selection_label.text() == "No visits in this week, and none booked after it."
    set_language("zh_CN")
    try:
        page.show_week(day - dt.timedelta(days=21))
        assert page.selection_label.text() == (
            f'本周没有上门。下一次是 {day:%Y-%m-%d} 的 {number}：<a href="next">查看那一周</a>。'
        )
    finally:
        set_language("en")


def _dialog_at_booking(qtbot, database, case_index: int = 0):  # type: ignore[no-untyped-def]
    from ui.dialogs.visit import VisitDialog

    dialog = VisitDialog(database, login(database, "agent01"), case_nos(database)[case_index])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.identity.setChecked(True)
    dialog.address.setChecked(True)
    assert dialog.try_verify()
    dialog.set_agents("agent01", "agent02")
    return dialog


def test_the_dialog_books_without_the_borrowers_agreement_only_with_an_override(
    qtbot, database, screenshot_dir
):
    """QA: both boxes unticked, the visit was booked as Allowed."""
    dialog = _dialog_at_booking(qtbot, database)
    dialog.set_start(slot(10))
    dialog.agreed.setChecked(False)
    dialog.enter.setChecked(False)
    settle(qtbot, dialog)
    assert dialog.try_book() is False
    assert "override" in (dialog.status.text() + dialog.error.text())
    grab(dialog, screenshot_dir / "visit_dialog_no_consent.png")
    with database.sessions() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == dialog.visit_no))
        assert visit.status is VisitStatus.VERIFIED  # not booked
    dialog.agreed.setChecked(True)
    dialog.enter.setChecked(True)
    assert dialog.try_book() is True


def test_a_holiday_reads_in_chinese_in_the_dialog(qtbot, database, screenshot_dir):
    """QA: "2027-01-01 是 CN 的法定节假日（New Year's Day）" in the Chinese dialog."""
    set_language("zh_CN")
    try:
        dialog = _dialog_at_booking(qtbot, database, 1)
        day = dt.date(dt.date.today().year + 1, 1, 1)
        dialog.set_start(dt.datetime.combine(day, dt.time(10), slot(10).tzinfo))
        dialog.agreed.setChecked(True)
        dialog.enter.setChecked(True)
        settle(qtbot, dialog)
        lines = "\n".join(line.text() for line in dialog.panel.lines)
        assert f"{day} 是中国的法定节假日（元旦）" in lines, lines
        assert "CN" not in lines and "New Year" not in lines
        grab(dialog, screenshot_dir / "visit_dialog_holiday_zh.png")
    finally:
        set_language(None)


def test_the_page_refuses_a_check_in_days_before_the_visit(qtbot, database):
    number = book_through_dialog(qtbot, database)
    page = visits_page(qtbot, database, "agent01")
    page.show_week(slot(10).date())
    page.select(number)
    assert page.check_in_selected() is False
    assert "no earlier than 2 hours before it starts" in page.message.text()
    with database.sessions() as s:
        status = s.scalar(select(Visit.status).where(Visit.visit_no == number))
    assert status is VisitStatus.BOOKED
