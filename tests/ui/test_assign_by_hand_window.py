"""The Work queue's Assign… (found by QA on the reference office): many cases are assigned off the
GUI thread with a progress dialog and a Cancel that saves nothing; past the office's capacity
the window asks first, naming the agent's load; a case already with the agent is said to be;
an agent deactivated at another desk is said to be, and leaves the dialog's list."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from app import settings
from app.i18n import set_language
from app.models import AuditEntry, Case, CaseStatus, User
from tests.ui.shots import grab
from tests.ui.test_queue import database, train, window_for  # noqa: F401 (the fixture)
from tests.ui.test_trust import when_modal
from ui.dialogs.assign import AssignDialog
from ui.dialogs.assign_worker import AssignProgress, AssignWorker

pytestmark = pytest.mark.gui


def _not_theirs(db, username: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open cases below the field stage that `username` does not hold."""
    with db.sessions() as s:
        agent = s.scalar(select(User).where(User.username == username))
        return list(
            s.scalars(
                select(Case.case_no)
                .where(
                    Case.status != CaseStatus.CLOSED,
                    Case.dpd < 30,
                    (Case.assigned_agent_id != agent.id) | Case.assigned_agent_id.is_(None),
                )
                .order_by(Case.id)
            )
        )


def _held(db, username: str) -> int:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return s.scalar(
            select(func.count())
            .select_from(Case)
            .join(User, User.id == Case.assigned_agent_id)
            .where(User.username == username, Case.status != CaseStatus.CLOSED)
        )


def _ended(worker: AssignWorker | None) -> bool:
    """The worker has finished (it deletes itself once it has: then it is gone)."""
    return worker is None or not shiboken6.isValid(worker) or worker.isFinished()


def _capacity(db, value: int) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "assign.capacity_per_agent", value)


def _answer(button: QMessageBox.StandardButton, asked: list[str], shot=None):  # type: ignore[no-untyped-def]
    def act(box: QMessageBox) -> None:
        asked.append(box.text())
        if shot is not None:
            grab(box, shot)
        box.button(button).click()

    return act


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_many_cases_off_the_gui_thread_past_the_capacity_asked_first(
    qtbot,
    database,  # noqa: F811
    lang,
    screenshot_dir,
) -> None:
    train(database, "agent02")
    chosen = _not_theirs(database, "agent02")[:6]
    load = _held(database, "agent02")
    _capacity(database, load + 2)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        page.assign_inline_max = 2  # six cases go to the worker, as 21,426 do
        name = next(a.display_name for a in page.agents if a.username == "agent02")
        asked: list[str] = []
        shot = screenshot_dir / f"qa10-assign-over-capacity-{lang}.png"
        when_modal(QMessageBox, _answer(QMessageBox.StandardButton.No, asked, shot))
        assert page.assign(chosen, "agent02") is True  # started
        qtbot.waitUntil(lambda: page.message.text() != "", timeout=10_000)
        qtbot.waitUntil(lambda: _ended(page.assign_worker), timeout=10_000)
        said_no = page.message.text()
        assert _held(database, "agent02") == load  # No: nothing assigned
        when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Yes, asked))
        page.message.clear()
        assert page.assign(chosen, "agent02") is True
        qtbot.waitUntil(lambda: "6" in page.message.text(), timeout=10_000)
        qtbot.waitUntil(lambda: _ended(page.assign_worker), timeout=10_000)
        done = page.message.text()
        grab(window, screenshot_dir / f"qa10-assign-many-{lang}.png")
    finally:
        set_language("en")
    assert _held(database, "agent02") == load + 6
    assert (
        asked[0]
        == asked[1]
        == {
            "en": f"{name} will hold {load + 6} open cases; the office's capacity is {load + 2}. "
            "Assign them all the same?",
            "zh_CN": f"{name} 将持有 {load + 6} 个未结案件，而本营业部每位催收员的上限为 "
            f"{load + 2} 个。仍要分配吗？",
        }[lang]
    )
    assert (said_no, done) == {
        "en": ("Nothing was assigned.", f"6 cases assigned to {name}."),
        "zh_CN": ("未分配任何案件。", f"已将 6 个案件分配给 {name}。"),
    }[lang]


def test_cancel_saves_nothing(qtbot, database) -> None:  # noqa: F811
    """The worker's Cancel: the first progress report stops it and the transaction rolls back."""
    from app.cases.assignment import assign_cases

    train(database, "agent02")
    chosen = _not_theirs(database, "agent02")[:3]
    window = window_for(qtbot, database)
    with database.sessions() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    worker = AssignWorker(
        database,
        window.user.id,
        lambda s, actor, progress: assign_cases(
            s, actor, chosen, "agent02", over_capacity=True, progress=progress
        ),
        window,
    )
    worker.stop = True  # as the progress dialog's Cancel sets it
    with qtbot.waitSignal(worker.cancelled, timeout=10_000):
        worker.start()
    worker.wait()
    with database.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
        assert set(
            s.scalars(select(Case.assigned_agent_id).where(Case.case_no.in_(chosen)))
        ).isdisjoint({s.scalar(select(User.id).where(User.username == "agent02"))})


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_already_theirs_and_deactivated_meanwhile(qtbot, database, lang) -> None:  # noqa: F811
    train(database, "agent02")
    with database.sessions() as s:
        agent02 = s.scalar(select(User).where(User.username == "agent02"))
        theirs = s.scalar(
            select(Case.case_no).where(
                Case.assigned_agent_id == agent02.id, Case.status != CaseStatus.CLOSED
            )
        )
    other = _not_theirs(database, "agent03")[0]
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        assert page.assign([theirs], "agent02") is True
        already = page.message.text()
        assert "agent03" in {a.username for a in page.agents}
        with database.session() as s:  # another desk deactivates agent03 meanwhile
            s.scalar(select(User).where(User.username == "agent03")).active = False
        assert page.assign([other], "agent03") is False
        refused = page.message.text()
    finally:
        set_language("en")
    assert (
        already
        == {
            "en": f"{theirs} is already assigned to {agent02.display_name}: nothing changed.",
            "zh_CN": f"案件 {theirs} 已由 {agent02.display_name} 负责：未作任何改动。",
        }[lang]
    )
    assert (
        refused
        == {
            "en": "agent03 was deactivated: choose an active agent.",
            "zh_CN": "agent03 已停用：请选择一位在职催收员。",
        }[lang]
    )
    assert "agent03" not in {a.username for a in page.agents}  # the list as it is now


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_assign_dialog_and_the_progress_look_right(
    qtbot,
    database,  # noqa: F811
    lang,
    screenshot_dir,
) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        with database.sessions() as s:
            capacity = int(settings.get(s, "assign.capacity_per_agent"))
        dialog = AssignDialog(page.agents, 1_738, window, None, capacity)
        qtbot.addWidget(dialog)
        dialog.show()
        texts = [dialog.agent.itemText(i) for i in range(dialog.agent.count())]
        grab(dialog, screenshot_dir / f"qa10-assign-dialog-{lang}.png")
        dialog.agent.showPopup()  # the list, each agent with the open cases they hold
        QApplication.processEvents()
        grab(dialog.agent.view().window(), screenshot_dir / f"qa10-assign-list-{lang}.png")
        dialog.agent.hidePopup()
        progress = AssignProgress(window, 21_426)
        qtbot.addWidget(progress)
        progress.on_progress(8_500, 21_426)
        progress.show()
        QApplication.processEvents()
        label = progress.labelText()
        grab(progress, screenshot_dir / f"qa10-assign-progress-{lang}.png")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled()
        dialog.reject()
        progress.close()
    finally:
        set_language("en")
    for agent, text in zip(page.agents, texts, strict=False):
        held = f"{agent.open_cases:,}"
        assert agent.display_name in text and held in text, text
    assert (
        label
        == {
            "en": "Assigning cases: 8,500 of 21,426 done…",
            "zh_CN": "正在分配案件：已完成 8,500 个，共 21,426 个…",
        }[lang]
    )


def test_the_case_page_asks_before_going_past_the_capacity(qtbot, database) -> None:  # noqa: F811
    train(database, "agent02")
    case_no = _not_theirs(database, "agent02")[0]
    load = _held(database, "agent02")
    _capacity(database, load)
    window = window_for(qtbot, database)
    page = window.cases
    with database.sessions() as s:
        window.open_case(s.scalar(select(Case.id).where(Case.case_no == case_no)))
    asked: list[str] = []
    when_modal(QMessageBox, _answer(QMessageBox.StandardButton.No, asked))
    assert page.assign("agent02") is False
    assert page.message.text() == "Nothing was assigned."
    assert _held(database, "agent02") == load
    when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Yes, asked))
    assert page.assign("agent02") is True
    assert _held(database, "agent02") == load + 1
    assert asked[0].endswith(
        f"will hold {load + 1} open cases; the office's capacity is {load}. "
        "Assign them all the same?"
    )
    assert page.message.text() == f"Assigned to {page.detail.agent}."


def test_the_selection_is_kept_in_row_ranges(qtbot, database) -> None:  # noqa: F811
    """A refresh keeps the selected cases selected, as runs of rows (row by row, 21,426 rows
    kept selected after Assign… froze the window for 38 s)."""
    from ui.pages.queue import row_runs

    assert row_runs([1, 2, 3, 7, 9, 10]) == [(1, 3), (7, 7), (9, 10)]
    assert row_runs([]) == []
    window = window_for(qtbot, database)
    page = window.queue
    page.table.selectAll()
    chosen = set(page.selected_ids())
    assert len(chosen) == page.model.rowCount() > 10
    page.refresh()
    assert set(page.selected_ids()) == chosen
