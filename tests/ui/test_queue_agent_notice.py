"""A supervisor who filters the Work queue to an agent whose training has lapsed is told so above
the table, with how to move the cases; the score's tooltip is headed as its column and uses the
language's colon; the case page's story lists every holder. Screenshots in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.cases.assignment import assign_cases, unassign_cases
from app.i18n import set_language
from app.models import Case, CaseStatus, User
from app.office import office_today
from app.training.status import AgentTraining, WorkKind, office_training
from tests.ui.test_queue import grab, open_office, train, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _agents(database) -> tuple[AgentTraining, list[AgentTraining]]:
    """(an agent unfit for phone work, the agents fit for all work)."""
    with database.sessions() as s:
        states = office_training(s, office_today(s))
    unfit = next(a for a in states if a.missing_for(WorkKind.PHONE))
    fit = [a for a in states if a.qualified(WorkKind.PHONE) and a.qualified(WorkKind.FIELD)]
    return unfit, fit


def _choose(page, agent_id: int | None) -> None:
    page.agent.setCurrentIndex(page.agent.findData(agent_id))


def test_the_supervisor_is_told_of_the_agents_lapsed_training(
    qtbot, database, screenshot_dir
) -> None:
    unfit, fit = _agents(database)
    window = window_for(qtbot, database)
    page = window.queue
    notice = page.agent_notice
    assert not notice.isVisible()
    _choose(page, unfit.agent_id)
    assert notice.isVisible()
    assert notice.text().startswith(f"{unfit.display_name}'s training for phone and field work")
    assert "each call, SMS or letter they make needs a supervisor's override." in notice.text()
    assert notice.text().endswith(f"use Assign by rule… with Cases of: {unfit.display_name}.")
    assert {page.model.row_data(r).agent for r in range(3)} == {unfit.display_name}
    grab(window, screenshot_dir / "queue_agent_training_notice.png")
    _choose(page, fit[0].agent_id)
    assert not notice.isVisible()
    _choose(page, unfit.agent_id)
    assert notice.isVisible()
    train(database, unfit.username)  # passed again: the notice goes with the change
    page.hub.changed.emit({"training"})
    qtbot.waitUntil(lambda: not notice.isVisible())
    _choose(page, None)
    assert not notice.isVisible()


def test_the_notice_and_the_tooltip_in_chinese(qtbot, database, screenshot_dir) -> None:
    unfit, _fit = _agents(database)
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        page = window.queue
        _choose(page, unfit.agent_id)
        text = page.agent_notice.text()
        assert page.agent_notice.isVisible()
        assert text.startswith(f"{unfit.display_name} 的电话催收与上门所需培训已过期或缺失（")
        assert text.endswith(f"请使用“按规则分配…”，案件来源选 {unfit.display_name}。")
        tip = page.model.data(page.model.index(0, 7), Qt.ItemDataRole.ToolTipRole)
        header = page.model.headerData(7, Qt.Orientation.Horizontal)
        assert tip.splitlines()[0] == f"{header}：{page.model.row_data(0).score}"
        assert header == "分数" and ":" not in tip and "逾期金额：+" in tip
        grab(window, screenshot_dir / "queue_agent_training_notice_zh_CN.png")
    finally:
        set_language("en")


def _reassigned(database) -> tuple[int, str, list[str]]:
    """A case of the unfit agent moved to two fit agents, handed back and given to a third:
    (its id, its first holder, the three in order)."""
    unfit, fit = _agents(database)
    with database.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        case = s.scalars(
            select(Case)
            .where(Case.assigned_agent_id == unfit.agent_id, Case.status != CaseStatus.CLOSED)
            .order_by(Case.id)
        ).first()
        assert case is not None
        a, b, c = fit[:3]
        assign_cases(s, boss, [case.case_no], a.username)
        assign_cases(s, boss, [case.case_no], b.username)
        unassign_cases(s, boss, [case.case_no])
        assign_cases(s, boss, [case.case_no], c.username)
        return case.id, unfit.display_name, [a.display_name, b.display_name, c.display_name]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_case_page_lists_every_holder(qtbot, database, screenshot_dir, lang) -> None:
    case_id, first, (a, b, c) = _reassigned(database)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        window.open_case(case_id)
        table = window.cases.timeline
        rows = [[cell_text(table, r, n) for n in (2, 3)] for r in range(table.rowCount())]
        held = [
            r for r in rows if r[0].startswith(("Assigned to", "Handed back", "分配给", "退回"))
        ]
        if lang == "en":
            assert [r[0] for r in held] == [
                f"Assigned to {c}",
                "Handed back to the queue",
                f"Assigned to {b}",
                f"Assigned to {a}",
                f"Assigned to {first}",
            ]
            assert held[1][1].endswith(f"from {b}")
        else:
            assert [r[0] for r in held][:2] == [f"分配给 {c}", "退回队列"]
            assert held[-1] == [f"分配给 {first}", "分配日期未记录"]
        suffix = "" if lang == "en" else "_zh_CN"
        grab(window, screenshot_dir / f"case_page_holders{suffix}.png")
    finally:
        set_language("en")
