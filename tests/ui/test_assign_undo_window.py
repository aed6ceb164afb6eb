"""Undo a bulk assignment in the window: after Assign… gives three cases to one agent, an Undo
button beside the message and Edit ▸ Undo last assignment both offer to undo it; asked first
(No changes nothing), Yes gives each case back to its previous holder — a big batch off the GUI
thread with the assignment's worker — and the offer ends; English and Chinese."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.i18n import set_language
from app.models import AuditEntry, Case, CaseStatus, User
from tests.ui.shots import grab
from tests.ui.test_queue import database, train, window_for  # noqa: F401 (the fixture)
from tests.ui.test_trust import when_modal
from ui.actions import Action
from ui.dialogs.assign_worker import AssignWorker

pytestmark = pytest.mark.gui


def _holders(db, numbers: list[str]) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        rows = s.execute(
            select(Case.case_no, Case.assigned_agent_id).where(Case.case_no.in_(numbers))
        )
        return dict(rows.all())


def _three_not_theirs(db, username: str) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        agent = s.scalar(select(User).where(User.username == username))
        query = select(Case.case_no).where(
            Case.status != CaseStatus.CLOSED,
            Case.dpd < 30,
            Case.assigned_agent_id.is_distinct_from(agent.id),
        )
        return list(s.scalars(query.order_by(Case.id)))[:3], agent.id


def _ended(worker: AssignWorker | None) -> bool:
    return worker is None or not shiboken6.isValid(worker) or worker.isFinished()


def _answer(button: QMessageBox.StandardButton, asked: list[str], shot=None):  # type: ignore[no-untyped-def]
    def act(box: QMessageBox) -> None:
        asked.append(box.text())
        if shot is not None:
            grab(box, shot)
        box.button(button).click()

    return act


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_assign_three_then_undo_from_the_button_and_the_edit_menu(
    qtbot,
    database,  # noqa: F811
    lang,
    screenshot_dir,
) -> None:
    train(database, "agent02")
    chosen, agent02 = _three_not_theirs(database, "agent02")
    before = _holders(database, chosen)
    assert len(chosen) == 3 and agent02 not in before.values()
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        undo = window.command_actions.by_id[Action.UNDO_ASSIGNMENT]
        assert not undo.isEnabled() and not page.undo_button.isVisible()
        assert page.assign(chosen, "agent02", over_capacity=True) is True
        assert set(_holders(database, chosen).values()) == {agent02}
        assert undo.isEnabled() and page.undo_button.isVisible()
        grab(window, screenshot_dir / f"undo-assign-offered-{lang}.png")
        asked: list[str] = []
        shot = screenshot_dir / f"undo-assign-question-{lang}.png"
        stop = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.No, asked, shot))
        try:
            page.undo_button.click()  # No: nothing changes, the offer stays
        finally:
            stop()
        assert set(_holders(database, chosen).values()) == {agent02}
        assert undo.isEnabled() and page.undo_button.isVisible()
        page.assign_inline_max = 2  # the three go to the worker, as 500 would
        stop = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Yes, asked))
        try:
            window.sidebar.setCurrentRow(0)  # the menu brings the queue back to say how it went
            undo.trigger()
            qtbot.waitUntil(lambda: _ended(page.assign_worker), timeout=10_000)
            qtbot.waitUntil(lambda: page.undo_batch is None, timeout=10_000)
        finally:
            stop()
        said = page.message.text()
        assert window.stack.currentWidget() is page
        grab(window, screenshot_dir / f"undo-assign-done-{lang}.png")
    finally:
        set_language("en")
    assert _holders(database, chosen) == before
    assert not undo.isEnabled() and not page.undo_button.isVisible()
    assert (
        asked[0]
        == asked[1]
        == {
            "en": "Undo the assignment of 3 cases? Each case still where the assignment put it "
            "goes back to its previous agent, or back to the queue if it was unassigned; cases "
            "reassigned or closed since are left as they are.",
            "zh_CN": "撤销这 3 个案件的分配？仍保持本次分配结果的案件将回到原催收员名下，"
            "原先未分配的退回队列；此后已重新分配或已结案的案件保持不变。",
        }[lang]
    )
    assert (
        said
        == {
            "en": "Assignment undone: 3 cases are back with their previous agents, or "
            "unassigned as they were.",
            "zh_CN": "已撤销分配：3 个案件已回到原催收员名下，原先未分配的恢复为未分配。",
        }[lang]
    )
    with database.sessions() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "case.assign").order_by(AuditEntry.id)
        ).all()[-3:]
        assert [(e.entity_id, e.changes["why"]) for e in entries] == [(n, "undone") for n in chosen]


def test_one_case_is_not_offered_and_ends_the_offer_before(qtbot, database) -> None:  # noqa: F811
    train(database, "agent02")
    chosen, _agent02 = _three_not_theirs(database, "agent02")
    window = window_for(qtbot, database)
    page = window.queue
    undo = window.command_actions.by_id[Action.UNDO_ASSIGNMENT]
    page.assign(chosen[:2], "agent02", over_capacity=True)
    assert undo.isEnabled()
    page.assign(chosen[2:], "agent02", over_capacity=True)  # the next assignment, of one case
    assert not undo.isEnabled() and page.undo_batch is None
    assert not page.undo_button.isVisible()


def test_an_agent_has_no_undo(qtbot, database) -> None:  # noqa: F811
    window = window_for(qtbot, database, "agent01")
    assert Action.UNDO_ASSIGNMENT not in window.command_actions.by_id


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_undo_in_the_window_says_which_cases_stay_for_lapsed_training(
    qtbot,
    database,  # noqa: F811
    lang,
) -> None:
    """QA: the window gave cases back to an agent whose required training had lapsed, and its
    message said nothing of it."""
    import datetime as dt

    from app.cases.assignment import assign_cases, unassign_cases
    from app.models import TrainingRecord

    train(database, "agent02")
    train(database, "agent03")
    chosen, agent02 = _three_not_theirs(database, "agent02")
    with database.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        unassign_cases(s, boss, chosen[:1])
        assign_cases(s, boss, chosen[1:], "agent03", over_capacity=True)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        assert page.assign(chosen, "agent02", over_capacity=True) is True
        with database.session() as s:
            agent03 = s.scalar(select(User).where(User.username == "agent03"))
            for record in s.scalars(
                select(TrainingRecord).where(TrainingRecord.agent_id == agent03.id)
            ):
                record.expires_on = dt.date(2000, 1, 1)
        asked: list[str] = []
        stop = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Yes, asked))
        try:
            page.undo_button.click()
            qtbot.waitUntil(lambda: page.undo_batch is None, timeout=10_000)
        finally:
            stop()
        said = page.message.text()
    finally:
        set_language("en")
    assert _holders(database, chosen) == {chosen[0]: None, chosen[1]: agent02, chosen[2]: agent02}
    assert (
        said
        == {
            "en": "Assignment undone: 1 case is back with its previous agent, or unassigned as "
            "it was. 2 cases stay with their agent: their previous agents' required training "
            "has lapsed.",
            "zh_CN": "已撤销分配：1 个案件已回到原催收员名下，原先未分配的恢复为未分配。2 个案件"
            "仍由现催收员负责：原催收员的必修培训已过期。",
        }[lang]
    )


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_hand_back_to_the_queue_is_offered_for_undo(
    qtbot,
    database,  # noqa: F811
    lang,
    screenshot_dir,
) -> None:
    """Handing cases back to the queue ended the offer and offered nothing: a wrong hand-back of
    many cases could not be undone in the window."""
    from ui.dialogs.assign import BACK_TO_QUEUE

    train(database, "agent02")
    chosen, agent02 = _three_not_theirs(database, "agent02")
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        undo = window.command_actions.by_id[Action.UNDO_ASSIGNMENT]
        assert page.assign(chosen, "agent02", over_capacity=True) is True
        assert page.assign(chosen, BACK_TO_QUEUE) is True
        assert set(_holders(database, chosen).values()) == {None}
        assert undo.isEnabled() and page.undo_button.isVisible() and page.undo_count == 3
        grab(window, screenshot_dir / f"undo-hand-back-offered-{lang}.png")
        asked: list[str] = []
        stop = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Yes, asked))
        try:
            page.undo_button.click()
            qtbot.waitUntil(lambda: page.undo_batch is None, timeout=10_000)
        finally:
            stop()
    finally:
        set_language("en")
    assert len(asked) == 1
    assert set(_holders(database, chosen).values()) == {agent02}
