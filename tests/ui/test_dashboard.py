"""The Dashboard on the demo office: the first page, tiles equal to the core's figures, charts
drawn, every tile and chart opening the list behind it (filtered queue, complaints, training,
payments, visits), a refresh on the hub's change signal; screenshots in both languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.cases.payments import record_payment
from app.i18n import set_language
from app.models import Case, CaseStatus, Loan
from app.queries.approvals import waiting_for_approval
from app.queries.cases import QueueFilter, queue_ids
from app.queries.dashboard import dashboard
from tests.ui.cells import cell_icon
from tests.ui.test_queue import grab, login, open_office
from tests.ui.test_queue import window_for as queue_window
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


def window_for(qtbot, database, username: str = "supervisor"):
    """The window, switched from its start page (the work queue) to the dashboard."""
    window = queue_window(qtbot, database, username)
    window.show_page(window.dashboard)
    return window


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _figures(database, username: str = "supervisor"):
    with database.sessions() as s:
        return dashboard(s, login(database, username))


def _click_tile(qtbot, page, key: str) -> None:
    tile = page.tiles[key]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())


def test_dashboard_is_the_first_row_and_shows_the_core_figures(qtbot, database) -> None:
    window = queue_window(qtbot, database)
    assert window.stack.currentWidget() is window.built["queue"]  # the window opens on the queue
    assert "dashboard" not in window.built  # built when first shown
    assert cell_text(window.sidebar, 0, 0) == "Dashboard"
    window.sidebar.setCurrentRow(0)
    page = window.dashboard
    assert window.stack.currentWidget() is page
    d = _figures(database)
    assert page.tiles["promises_due"].value.text() == f"{d.promises_due_today:,}"
    assert page.tiles["training_lapsed"].value.text() == f"{d.training_lapsed:,}"
    assert page.tiles["overdue"].value.text().endswith(f"{d.overdue_amount / 100:,.2f}")
    # Charts drawn from data: five bars whose heights are the bucket amounts, two month lines.
    heights = list(page.aging.bars.opts["height"])
    assert heights == [b.amount for b in d.buckets] and sum(heights) > 0
    assert [label.toPlainText() for label in page.aging.labels][0].endswith("cases")
    assert page.recovery.this_month == d.daily_this_month
    assert max(page.recovery.this_month + page.recovery.last_month) > 0
    assert len(page.recovery.listDataItems()) == 2


def test_a_bar_click_opens_the_queue_filtered_to_its_bucket(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.dashboard
    d = _figures(database)
    bucket = max(d.buckets, key=lambda b: b.count)
    chart = page.aging
    point = chart.mapFromScene(chart.bar_centre(bucket.bucket))
    with qtbot.waitSignal(chart.bucket_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [bucket.bucket]
    assert window.stack.currentWidget() is window.queue
    assert window.queue.filter.bucket == bucket.bucket
    assert window.queue.bucket.currentData() == bucket.bucket
    rows = window.queue.model.all_rows()
    assert len(rows) == bucket.count and {r.bucket for r in rows} == {bucket.bucket}


def test_promise_tiles_open_the_same_cases_the_tile_counts(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.dashboard
    d = _figures(database)
    _click_tile(qtbot, page, "promises_broken")
    assert window.stack.currentWidget() is window.queue
    assert window.queue.filter.promise_broken_from == d.broken_due_from
    assert window.queue.filter.promise_broken_to == d.broken_due_to
    assert window.queue.model.rowCount() == d.promises_broken_this_week
    assert window.queue.message.isVisibleTo(window.queue)
    # Any filter change ends the dashboard's filter.
    window.queue.unassigned.setChecked(True)
    assert window.queue.filter.promise_broken_from is None
    assert not window.queue.message.isVisibleTo(window.queue)  # its note went with it
    window.show_page(page)
    _click_tile(qtbot, page, "promises_due")
    assert window.queue.promise_due.isChecked() and not window.queue.unassigned.isChecked()
    assert window.queue.model.rowCount() == d.promises_due_today
    with database.sessions() as s:
        user = login(database)
        assert window.queue.model.ids() == queue_ids(s, user, QueueFilter(promise_due_today=True))


def _pay_an_open_case_today(database) -> None:
    """A payment dated today on an open case's loan: on the 1st of a month the small demo
    office may have none yet, and the recovery list would be empty."""
    supervisor = login(database)
    with database.session() as s:
        case = s.scalar(
            select(Case)
            .where(Case.status != CaseStatus.CLOSED, Case.amount_overdue > 0)
            .order_by(Case.id)
        )
        loan_no = s.get(Loan, case.loan_id).loan_no
        record_payment(s, supervisor, loan_no, 5_000, settings.as_of(s), reference="DASH-1")


def test_other_tiles_open_complaints_training_payments_and_visits(qtbot, database) -> None:
    _pay_an_open_case_today(database)
    window = window_for(qtbot, database)
    page = window.dashboard
    _click_tile(qtbot, page, "complaints")
    assert window.stack.currentWidget() is window.complaints
    assert window.complaints.show_filter.currentData() == "near"  # what the tile counts
    assert len(window.complaints.rows) == _figures(database).complaints_near_deadline
    window.show_page(page)
    _click_tile(qtbot, page, "training_lapsed")
    assert window.stack.currentWidget() is window.training
    assert window.training.filter.currentData() == "lapsed"
    assert window.training.table.rowCount() == _figures(database).training_lapsed
    window.show_page(page)
    _click_tile(qtbot, page, "recovered")
    dialog = window.list_dialog
    assert dialog is not None and dialog.isVisible() and dialog.rows
    amounts = [float(r[4].replace(",", "")) for r in dialog.rows]
    assert round(sum(amounts) * 100) == _figures(database).recovered_this_month
    dialog.open_row(0)  # double-click → the case page
    assert window.stack.currentWidget() is window.cases
    assert window.cases.detail is not None and window.cases.detail.case_no == dialog.rows[0][1]
    window.show_page(page)
    _click_tile(qtbot, page, "visits_today")
    visits = getattr(window, "visits", None)
    if visits is not None and window.stack.indexOf(visits) >= 0:
        assert window.stack.currentWidget() is visits
    else:
        assert window.list_dialog is not None and window.list_dialog.isVisible()
        assert len(window.list_dialog.rows) == _figures(database).visits_today


def _agreements(n: int) -> str:
    return "1 agreement" if n == 1 else f"{n:,} agreements"


def test_the_approvals_tile_lists_what_waits_and_opens_it_where_it_is_approved(
    qtbot, database
) -> None:
    window = window_for(qtbot, database)
    page = window.dashboard
    d = _figures(database)
    assert d.waiting_agreements > 0 and d.waiting_visits == 0  # the demo needs no visit approval
    tile = page.tiles["approvals"]
    assert tile.value.text() == f"{d.waiting_agreements:,}"
    assert tile.detail.text() == f"{_agreements(d.waiting_agreements)}, 0 visits to approve"
    _click_tile(qtbot, page, "approvals")
    dialog = window.list_dialog
    assert dialog is not None and dialog.windowTitle() == "Waiting for your approval"
    with database.sessions() as s:
        expected = waiting_for_approval(s, login(database))
    assert [r[1] for r in dialog.rows] == [w.number for w in expected]
    assert len(dialog.rows) == d.waiting_agreements
    first = dialog.rows[0]
    assert first[0] == "Agreement" and first[6].startswith("Waiver ")
    assert (
        dialog.count.text()
        == f"{len(dialog.rows)} waiting; double-click one or press Enter to open it"
    )
    dialog.open_row(0)  # double-click → the agreement, where it is approved
    agreements = window.agreements
    assert window.stack.currentWidget() is agreements
    assert agreements.selected_number() == first[1]
    assert agreements.approve_button.isEnabled()
    assert agreements.approve_selected()
    window.show_page(page)
    assert tile.value.text() == f"{d.waiting_agreements - 1:,}"
    # An agent's tile counts their cases' drafts that wait, and says whose the approval is.
    agent = window_for(qtbot, database, "agent01")
    mine = _figures(database, "agent01")
    assert mine.waiting_agreements < d.waiting_agreements
    assert agent.dashboard.tiles["approvals"].detail.text() == (
        f"{_agreements(mine.waiting_agreements)}, 0 visits wait for a supervisor"
    )


def test_refreshes_on_the_hub_not_a_timer(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.dashboard
    before = _figures(database)
    supervisor = login(database)
    with database.session() as s:
        case = s.scalar(
            select(Case)
            .where(Case.status != CaseStatus.CLOSED, Case.amount_overdue > 0)
            .order_by(Case.id)
        )
        loan_no = s.get(Loan, case.loan_id).loan_no
        record_payment(s, supervisor, loan_no, 12_345, settings.as_of(s))
    assert page.figures.recovered_this_month == before.recovered_this_month  # not yet
    window.hub.announce("payment")
    assert page.figures.recovered_this_month == before.recovered_this_month + 12_345
    # A change while another page shows is applied when the dashboard comes back.
    window.show_page(window.queue)
    with database.session() as s:
        record_payment(s, supervisor, loan_no, 100, settings.as_of(s), reference="DASH-2")
    window.hub.announce("payment")
    assert page.stale
    window.show_page(page)
    assert not page.stale
    assert page.figures.recovered_this_month == before.recovered_this_month + 12_445


def _settled(qtbot, window) -> None:
    """Wait for what comes after the first paint (the charts, the side bar's icons), so the
    picture shows the page as the user sees it a moment after it opens."""
    qtbot.waitUntil(
        lambda: (
            window.dashboard._charts is not None and not cell_icon(window.sidebar, 0, 0).isNull()
        )
    )


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots(qtbot, database, screenshot_dir, lang) -> None:
    set_language(lang)
    try:
        for size in ((1366, 768), (1920, 1080)):
            window = window_for(qtbot, database)
            window.resize(*size)
            QApplication.processEvents()
            if lang == "zh_CN":
                assert cell_text(window.sidebar, 0, 0) == "总览"
                assert window.dashboard.tiles["promises_due"].title.text() == "今日到期的承诺"
                assert window.dashboard.tiles["approvals"].title.text() == "待审批"
            _settled(qtbot, window)
            grab(window, screenshot_dir / f"dashboard_{lang}_{size[0]}.png")
            window.close()
        agent = window_for(qtbot, database, "agent01")
        assert agent.dashboard.figures.overdue_count < _figures(database).overdue_count
        _settled(qtbot, agent)
        grab(agent, screenshot_dir / f"dashboard_agent_{lang}.png")
    finally:
        set_language("en")


def test_dates_in_the_heading_are_the_office_day(qtbot, database) -> None:
    window = window_for(qtbot, database)
    with database.sessions() as s:
        as_of = settings.as_of(s)
    assert as_of.isoformat() in window.dashboard.heading.text()
    assert isinstance(window.dashboard.figures.as_of, dt.date)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_tile_shows_its_whole_text_at_1024_by_640(qtbot, database, lang) -> None:
    """At 1024 × 640 a long detail ("+¥23,488.47 against last month …") made its tile wide and
    left the next ones too narrow: "Promises broken this week" lost its date and "and broken"."""
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        window.resize(1024, 640)
        _settled(qtbot, window)
        QApplication.processEvents()
        for key, tile in window.dashboard.tiles.items():
            assert tile.value.width() >= tile.value.sizeHint().width(), key
            for label in (tile.title, tile.detail):
                needed = label.heightForWidth(label.width())
                assert label.height() >= needed, (key, label.text(), label.height(), needed)
                assert label.geometry().bottom() <= tile.contentsRect().bottom(), key
    finally:
        set_language("en")


def test_a_tile_at_its_narrowest_still_shows_its_whole_figure(qtbot) -> None:
    """The narrowest a tile may be counted its layout's margins but not its 1 px border, so a
    tile squeezed to it cut 2 px off the figure (CI, on a day the overdue count was long)."""
    from ui.pages.dashboard import Tile

    tile = Tile("overdue", "Overdue")
    qtbot.addWidget(tile)
    tile.set("¥1,234,567,890.12", "1,234 loans", alert=True)
    tile.show()
    tile.resize(tile.minimumWidth(), 200)
    QApplication.processEvents()
    assert tile.width() == tile.minimumWidth()
    assert tile.value.width() >= tile.value.sizeHint().width()


def test_the_recovered_tile_says_what_it_counts(qtbot, database) -> None:
    """Its figure and the portfolio report's recovery count different loans; the tool tip says
    how (the report prints the tile's way of counting beside its own)."""
    window = window_for(qtbot, database)
    tip = window.dashboard.tiles["recovered"].toolTip()
    assert tip.startswith("Recovered this month: ")
    assert tip.endswith(
        "Paid to the debt this month on loans while they were in collection, those that fell "
        "overdue this month included (an overpayment kept as credit left out). The portfolio "
        "report's recovery rate counts only the loans overdue the day before its period."
    )
    assert "\n" in tip and "Paid to the debt" not in window.dashboard.tiles["overdue"].toolTip()


def test_the_late_check_out_tile_with_none_late_asks_nothing(qtbot, database) -> None:
    """Under a 0 it read "call the team to check they are safe" (QA)."""
    from app.models import Visit, VisitStatus

    with database.session() as s:
        for visit in s.scalars(select(Visit).where(Visit.status == VisitStatus.IN_PROGRESS)):
            visit.late_checkout_resolved_at = visit.scheduled_end
    for username in ("supervisor", "agent01"):
        tile = window_for(qtbot, database, username).dashboard.tiles["late_checkouts"]
        assert tile.value.text() == "0"
        assert tile.detail.text() == "every team past a visit's end has been heard from"
