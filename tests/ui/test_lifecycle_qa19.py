"""A walk through the lifecycle in the Chinese window (QA): a visit whose team is not the case's
agent. The team agent was offered Draft agreement… and then refused with "may open only the cases
assigned to them"; the case's agent had no way to start from the visit's outcome (the Visits page
lists only their own team's visits, the case page drafted from nothing); after Check out… the
page still said "Checked in"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from app.i18n import set_language
from app.i18n import tr as _
from app.models import Agreement, Visit
from app.visits import check_in, check_out
from tests.core.test_visits import _run, come_due
from tests.core.visit_office import book, case_nos, login, slot, verified_visit
from tests.ui import test_visits_page
from tests.ui.test_visit_qa_unbooked import _page
from tests.ui.test_visits_page import grab
from ui.dialogs.agreement import AgreementDialog
from ui.dialogs.visit_outcome import VisitOutcomeDialog

pytestmark = pytest.mark.gui

database = test_visits_page.database  # the visit office (every case agent01's), a fresh copy

TEAM = ("agent02", "agent03")  # not agent01, whose case it is


def _in_progress(database) -> str:
    """A visit on agent01's first case, booked for and checked in by agent02 and agent03."""
    visit_no = verified_visit(database, case_nos(database)[0])
    assert book(database, visit_no, agents=TEAM, start=slot(10)).saved
    come_due(database, visit_no)
    _run(database, TEAM[0], check_in, visit_no)
    return visit_no


def _completed(database) -> str:
    visit_no = _in_progress(database)
    _run(
        database,
        TEAM[0],
        check_out,
        visit_no,
        default_reason="job_loss",
        capacity_note="月收入约 4000 元",
        proposal="分 6 期偿还",
        notes="借款人在家",
        next_step="起草还款协议",
    )
    return visit_no


def _in_dialog(act: Callable[[QDialog], None], failed: list[BaseException]) -> None:
    """Run `act` on the modal dialog once it is up; a failed check closes it (not left hanging)."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, QDialog)
            act(dialog)
        except BaseException as error:  # noqa: BLE001 - told by the test after exec returns
            failed.append(error)
            if isinstance(dialog, QDialog):
                dialog.reject()

    QTimer.singleShot(0, run)


def _show(page, visit_no: str) -> None:
    with page.database.sessions() as s:
        start = s.scalar(select(Visit.scheduled_start).where(Visit.visit_no == visit_no))
    page.show_week(start.replace(tzinfo=dt.UTC).astimezone(slot(10).tzinfo).date())
    page.select(visit_no)
    assert page.selected is not None and page.selected.visit_no == visit_no


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_team_agent_is_told_whose_case_drafts_the_agreement(
    qtbot, database, screenshot_dir, lang
) -> None:
    visit_no = _completed(database)
    case_no = case_nos(database)[0]
    set_language(lang)
    try:
        page = _page(qtbot, database, TEAM[0])
        _show(page, visit_no)
        words = _(
            "Case {case} is {agent}'s: {agent} drafts the agreement from the outcome of visit "
            "{visit} on the case page (Draft agreement…), or a supervisor does.",
            case=case_no,
            agent=login(database, "agent01").display_name,
            visit=visit_no,
        )
        assert not page.agreement_button.isEnabled()
        assert page.agreement_button.toolTip() == words
        # Reached anyway (a shortcut, the command palette): the same words, nothing drafted.
        assert page.draft_agreement_selected() is None
        assert page.message.text() == words
        grab(page, screenshot_dir / f"lifecycle_team_agent_draft_{lang}.png")
        # The case's own agent and a supervisor are offered it.
        for who in ("agent01", "supervisor"):
            other = _page(qtbot, database, who)
            _show(other, visit_no)
            assert other.agreement_button.isEnabled() and not other.agreement_button.toolTip()
    finally:
        set_language("en")


def test_the_cases_agent_drafts_from_the_visit_on_the_case_page(qtbot, database) -> None:
    from ui.pages.case_page import CasePage
    from ui.signals import ChangeHub

    visit_no = _completed(database)
    case_no = case_nos(database)[0]
    page = CasePage(database, ChangeHub(), login(database, "agent01"))
    qtbot.addWidget(page)
    page.show()
    assert page.show_case(case_no)
    seen: list[tuple[str, str, str]] = []
    failed: list[BaseException] = []

    def fill_and_save(dialog: QDialog) -> None:
        assert isinstance(dialog, AgreementDialog)
        assert dialog.visit is not None
        seen.append(
            (dialog.visit.visit_no, dialog.reason.toPlainText(), dialog.capacity.toPlainText())
        )
        assert dialog.try_save(), dialog.error.text()

    _in_dialog(fill_and_save, failed)
    number = page.draft_agreement()
    assert not failed, failed
    assert number is not None
    assert seen == [(visit_no, "Job loss", "月收入约 4000 元\nProposed at the visit: 分 6 期偿还")]
    with database.sessions() as s:
        agreement = s.scalar(select(Agreement).where(Agreement.agreement_no == number))
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        assert agreement is not None and visit is not None and agreement.visit_id == visit.id
    assert page.message.text() == _("Drafted agreement {number}.", number=number)


def test_a_case_without_a_completed_visit_drafts_from_nothing(qtbot, database) -> None:
    from ui.pages.case_page import CasePage
    from ui.signals import ChangeHub

    _in_progress(database)  # under way: no outcome to start from yet
    page = CasePage(database, ChangeHub(), login(database, "agent01"))
    qtbot.addWidget(page)
    page.show()
    assert page.show_case(case_nos(database)[0])
    seen: list[object] = []
    failed: list[BaseException] = []

    def look_and_cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, AgreementDialog)
        seen.append(dialog.visit)
        dialog.reject()

    _in_dialog(look_and_cancel, failed)
    assert page.draft_agreement() is None
    assert not failed and seen == [None]


def test_check_out_says_checked_out(qtbot, database) -> None:
    visit_no = _in_progress(database)
    page = _page(qtbot, database, TEAM[0])
    _show(page, visit_no)
    page.show_message(_("Checked in to visit {number}.", number=visit_no))  # as after Check in

    failed: list[BaseException] = []

    def fill_and_save(dialog: QDialog) -> None:
        assert isinstance(dialog, VisitOutcomeDialog)
        dialog.reason.setCurrentIndex(dialog.reason.findData("job_loss"))
        assert dialog.try_save(), dialog.error.text()

    _in_dialog(fill_and_save, failed)
    assert page.check_out_selected()
    assert not failed, failed
    assert page.message.text() == _("Checked out of visit {number}.", number=visit_no)


@pytest.mark.parametrize("chart", ["recovery", "aging"])
def test_a_tick_at_the_top_of_a_chart_shows_its_whole_label(qtbot, screenshot_dir, chart) -> None:
    """The supervisor's dashboard: last month's recovery topped out at 409,970.21, the axis ran
    to 450,967 and its top tick, 450,000, showed only the lower half of its label."""
    from PySide6.QtGui import QFontMetrics

    from app.queries.dashboard import BucketFigure
    from ui.charts import AgingChart, RecoveryChart

    widget: AgingChart | RecoveryChart
    if chart == "recovery":
        widget = RecoveryChart()
        widget.set_series([2_500_000, 3_300_000, 9_645_400], [0, 900_000] + [40_997_021] * 28)
    else:
        widget = AgingChart(["M1", "M2"])
        widget.set_figures([BucketFigure("M1", 3, 1_000_000), BucketFigure("M2", 2, 39_130_435)])
    qtbot.addWidget(widget)
    widget.resize(580, 450)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    box = widget.getPlotItem().vb.sceneBoundingRect()
    axis = widget.getAxis("left")
    top = box.top()  # where a tick at the top of the range is drawn
    ticks = [v for _spacing, values in axis.tickValues(*axis.range, box.height()) for v in values]
    assert max(ticks) >= axis.range[1] * 0.99  # the case: a tick at the very top
    half = QFontMetrics(axis.style["tickFont"]).height() / 2
    assert top - half >= 0, (top, half)
    grab(widget, screenshot_dir / f"lifecycle_chart_top_{chart}.png")
