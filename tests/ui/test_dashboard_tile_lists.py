"""A dashboard tile opens a list of as many rows as its figure, on the demo office with the
cases QA found miscounted (found by QA on the dashboard)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, text

from app import settings
from app.agreements import approve, draft_plan, sign
from app.cases.payments import record_payment
from app.i18n import set_language
from app.models import Agreement, Case, CaseStatus, Loan, Visit, VisitAgent, VisitStatus
from tests.ui.test_dashboard import _click_tile, _figures, window_for
from tests.ui.test_queue import login, open_office

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _up_to_date_under_a_plan(database) -> str:
    """agent01's first overdue case without an agreement: a plan for the whole debt signed, then
    the arrears paid, so the case stays open (the plan runs) at 0 days past due."""
    agent, supervisor = login(database, "agent01"), login(database)
    with database.session() as s:
        as_of = settings.as_of(s)
        case = s.scalar(
            select(Case)
            .where(
                Case.assigned_agent_id == agent.id,
                Case.status != CaseStatus.CLOSED,
                Case.dpd > 0,
                ~select(Agreement.id).where(Agreement.case_id == Case.id).exists(),
            )
            .order_by(Case.dpd, Case.id)
        )
        assert case is not None
        case_no, loan_no = case.case_no, s.get(Loan, case.loan_id).loan_no
        start = as_of + dt.timedelta(days=10)
        number = draft_plan(s, agent, case_no, count=3, start=start).agreement_no
        approve(s, supervisor, number)
        sign(s, agent, number, as_of)
        record_payment(s, agent, loan_no, case.amount_overdue, as_of, today=as_of)
    with database.sessions() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        assert case.status is CaseStatus.AGREEMENT and case.dpd == 0
    return case_no


@pytest.mark.parametrize("username", ["supervisor", "agent01"])
def test_the_overdue_tile_opens_as_many_cases_as_it_counts(qtbot, database, username) -> None:
    """QA: "63 open overdue cases" opened a queue of 64: the 64th, up to date under its plan,
    is open but not overdue. The queue says what it leaves out."""
    case_no = _up_to_date_under_a_plan(database)
    window = window_for(qtbot, database, username)
    d = _figures(database, username)
    assert f"{d.overdue_count:,}" in window.dashboard.tiles["overdue"].detail.text()
    _click_tile(qtbot, window.dashboard, "overdue")
    queue = window.queue
    assert window.stack.currentWidget() is queue
    assert queue.model.rowCount() == d.overdue_count
    assert queue.message.isVisibleTo(queue) and "agreement" in queue.message.text()
    queue.unassigned.setChecked(True)
    assert not queue.message.isVisibleTo(queue)  # the note went with the filter it named
    queue.unassigned.setChecked(False)  # any filter change lists every open case again
    assert queue.model.rowCount() == d.overdue_count + 1
    assert case_no in [row.case_no for row in queue.model.all_rows()]


def test_the_visits_today_tile_says_how_many_are_over(qtbot, database) -> None:
    """QA: a visit completed this morning was still "booked or under way" on the tile."""
    agent = login(database, "agent01")
    with database.session() as s:
        zone = zoneinfo.ZoneInfo(s.scalar(text("SELECT timezone FROM office")))
        as_of = settings.as_of(s)
        case = s.scalar(select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id))
        ten = dt.datetime.combine(as_of, dt.time(10), zone)
        for n, status in enumerate((VisitStatus.COMPLETED, VisitStatus.BOOKED)):
            visit = Visit(
                visit_no=f"VQ-{n}",
                case_id=case.id,
                status=status,
                scheduled_start=ten + dt.timedelta(hours=2 * n),
                scheduled_end=ten + dt.timedelta(hours=2 * n + 1),
            )
            visit.agents.append(VisitAgent(agent_id=agent.id, lead=True))
            s.add(visit)
    window = window_for(qtbot, database)
    d = _figures(database)
    tile = window.dashboard.tiles["visits_today"]
    assert tile.value.text() == f"{d.visits_today:,}"
    assert d.visits_today_over >= 1 and d.visits_today_ahead >= 1
    assert tile.detail.text() == (
        f"{d.visits_today_ahead:,} booked or under way, {d.visits_today_over:,} finished"
    )


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_broken_promises_tile_names_the_days_it_counts(qtbot, database, lang) -> None:
    """QA: "Promises broken this week" counted the last seven days (Saturday to Friday on a
    Friday), as the command line says; the title now says so too."""
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        d = _figures(database)
        # Due on one of the 7 days before today: broken (its day over) in the 7 ending today.
        assert d.broken_due_to == d.training_as_of - dt.timedelta(days=1)
        assert (d.broken_due_to - d.broken_due_from).days + 1 == 7
        tile = window.dashboard.tiles["promises_broken"]
        title = {"en": "Promises broken in the last 7 days", "zh_CN": "近 7 天违约的承诺"}[lang]
        assert tile.title.text() == title
        assert d.broken_due_from.isoformat() in tile.detail.text()
        assert d.broken_due_to.isoformat() in tile.detail.text()
    finally:
        set_language("en")
