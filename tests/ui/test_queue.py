"""The Work queue page on the demo office: filters, bulk assignment (granted and refused), the
agent's own queue, assignment by rule, the off-thread rebuild, screenshots (en and zh_CN)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.auth import authenticate
from app.cases.rebuild import rebuild_queue
from app.i18n import plural, set_language
from app.i18n import tr as _
from app.models import Case, Course, User
from app.queries.cases import QueueFilter, queue_ids
from tests.conftest import TEST_KEY
from tests.office_day import office_today
from tests.ui.office import office_path
from tests.ui.shots import grab
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
SIZE = (1366, 768)
MY_UI_FILES = (
    "pages/queue.py",
    "pages/case_page.py",
    "pages/case_timeline.py",
    "dialogs/payment.py",
    "dialogs/assign.py",
    "dialogs/rebuild.py",
)


def open_office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    """A copy of the demo office with its queue rebuilt by the core (real scores)."""
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(office_path(request, tmp_path), TEST_KEY)
    with db.session() as s:
        rebuild_queue(s, None)
    yield db
    db.close()


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def login(database, username: str = "supervisor") -> User:
    return authenticate(database.sessions, username, "demo")


def window_for(qtbot, database, username: str = "supervisor"):
    from ui.main_window import MainWindow

    window = MainWindow(database, login(database, username))
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return window


def train(database, username: str) -> None:
    """Fresh passes on every course for one agent, recorded by the supervisor."""
    from app.training import record_training

    with database.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        agent = s.scalar(select(User).where(User.username == username))
        today = settings.as_of(s)
        for course in s.scalars(select(Course).where(Course.active)):
            record_training(
                s, sup, agent, course, taken_on=today - dt.timedelta(days=1), score=95, today=today
            )


def agents_of(database, case_ids: list[int]) -> dict[int, int | None]:
    with database.sessions() as s:
        return dict(
            s.execute(select(Case.id, Case.assigned_agent_id).where(Case.id.in_(case_ids))).all()
        )


def click_rows(qtbot, page, rows: list[int]) -> None:
    """Select rows the way a person does: click, then Ctrl+click."""
    for n, row in enumerate(rows):
        rect = page.table.visualRect(page.model.index(row, 0))
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def three_unassigned(database, bucket: str = "M1") -> None:
    """Three open cases of `bucket` in no agent's hands: the demo leaves a handful unassigned,
    spread over the buckets as its history falls on the day (on some, none has three)."""
    from app.cases.assignment import unassign_cases

    with database.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        held = queue_ids(s, sup, QueueFilter(bucket=bucket, unassigned=True))
        if len(held) >= 3:
            return
        ids = [i for i in queue_ids(s, sup, QueueFilter(bucket=bucket)) if i not in held]
        numbers = s.scalars(select(Case.case_no).where(Case.id.in_(ids[: 3 - len(held)])))
        unassign_cases(s, sup, list(numbers))


def test_supervisor_filters_and_bulk_assigns(qtbot, database, screenshot_dir) -> None:
    three_unassigned(database)
    window = window_for(qtbot, database)
    page = window.queue
    assert window.stack.currentWidget() is page  # the page shown after login
    window.show_page(page)
    assert [cell_text(window.sidebar, i, 0) for i in range(5)] == [
        "Dashboard",
        "Work queue",
        "Cases",
        "Borrowers",
        "Loans",
    ]
    assert page.assign_button.isVisible() and page.agent.isVisible()
    total = page.model.rowCount()
    with database.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        bucket = next(
            b
            for b in ("M1", "M2", "M3", "M4+", "180+")
            if len(queue_ids(s, sup, QueueFilter(bucket=b, unassigned=True))) >= 3
        )
        expected = queue_ids(s, sup, QueueFilter(bucket=bucket, unassigned=True))
        agent01 = s.scalar(select(User).where(User.username == "agent01"))
        before = set(queue_ids(s, agent01))
    page.bucket.setCurrentIndex(page.bucket.findData(bucket))
    assert 0 < page.model.rowCount() < total
    qtbot.mouseClick(page.unassigned, Qt.MouseButton.LeftButton)
    assert page.unassigned.isChecked()
    assert page.model.ids() == expected
    rows = [page.model.row_data(r) for r in range(page.model.rowCount())]
    assert all(r.bucket == bucket and r.agent == "" for r in rows)
    assert page.count.text() == plural(len(expected), "{count} open case", "{count} open cases")

    click_rows(qtbot, page, [0, 1, 2])
    chosen = page.selected_case_nos()
    chosen_ids = page.selected_ids()
    assert len(chosen) == 3 and chosen_ids == expected[:3]
    grab(window, screenshot_dir / "queue_page_filtered.png")

    # agent01's negotiation course has lapsed in the demo office: refused, nothing changes.
    assert page.assign(chosen, "agent01") is False
    assert page.message.isVisible()
    assert "agent01" not in page.message.text() and "training" in page.message.text()
    assert set(agents_of(database, chosen_ids).values()) == {None}
    assert page.model.ids() == expected

    train(database, "agent01")
    assert page.assign(chosen, "agent01") is True
    assert page.message.text() == f"3 cases assigned to {agent01.display_name}."
    assert set(agents_of(database, chosen_ids).values()) == {agent01.id}
    assert page.model.ids() == expected[3:]  # the unassigned filter no longer lists them

    page.unassigned.setChecked(False)
    page.bucket.setCurrentIndex(0)
    page.agent.setCurrentIndex(page.agent.findData(agent01.id))
    assert set(chosen_ids) <= set(page.model.ids())
    page.agent.setCurrentIndex(0)
    assert page.model.rowCount() == total
    page.table.clearSelection()
    grab(window, screenshot_dir / "queue_page.png")

    agent_window = window_for(qtbot, database, "agent01")
    mine = agent_window.queue
    assert set(mine.model.ids()) == before | set(chosen_ids)
    assert set(mine.model.ids()) - before == set(chosen_ids)
    assert not mine.assign_button.isVisible() and not mine.agent.isVisible()
    assert not mine.unassigned.isVisible()
    assert {mine.model.row_data(r).agent for r in range(mine.model.rowCount())} == {
        agent01.display_name
    }
    grab(agent_window, screenshot_dir / "queue_page_agent.png")


def test_one_case_reads_singular_in_english_and_chinese_reads_one_form(qtbot, database) -> None:
    """The count line and the assignment message say "1 open case" and "1 case assigned", not
    "1 open cases"; Chinese has no plural and reads the same words for one case and for many."""
    window = window_for(qtbot, database)
    page = window.queue
    total = len(page.model.ids())
    qtbot.waitUntil(lambda: page.count.text() == f"{total:,} open cases", timeout=2000)
    row = page.model.row_data(0)
    with qtbot.waitSignal(page.search.search, timeout=2000):
        qtbot.keyClicks(page.search, row.case_no)
    qtbot.waitUntil(lambda: page.count.text() == "1 open case", timeout=2000)
    for username in ("agent01", "agent02"):
        train(database, username)
    names = {a.username: a.display_name for a in page.agents}
    assert page.assign([row.case_no], "agent01") is True
    assert page.message.text() == f"1 case assigned to {names['agent01']}."
    set_language("zh_CN")
    try:
        page.search.fire()
        qtbot.waitUntil(lambda: page.count.text() == "未结案件 1 个", timeout=2000)
        assert page.assign([row.case_no], "agent02") is True
        assert page.message.text() == f"已将 1 个案件分配给 {names['agent02']}。"
    finally:
        set_language("en")


def test_assign_dialog_needs_a_selection(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.queue
    page.table.clearSelection()
    page.choose_agent()  # nothing selected: says so, opens no dialog
    assert page.message.text() == _("Choose at least one case to assign.")


def test_assign_by_rule_shows_summary(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.queue
    page.unassigned.setChecked(True)
    unassigned = page.model.rowCount()
    assert unassigned > 0
    summary = page.assign_by_rule("round-robin")
    assert summary is not None and summary.assigned + sum(summary.skipped.values()) == unassigned
    assert page.message.text().startswith(
        plural(summary.assigned, "{count} case assigned.", "{count} cases assigned.")
    )
    assert page.model.rowCount() == sum(summary.skipped.values())


def test_rebuild_runs_off_thread_and_refreshes(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.queue
    with database.session() as s:  # make the stored figures stale
        case = s.get(Case, page.model.id_at(0))
        case.score, case.score_breakdown = 0, {}
    page.refresh()
    assert page.model.id_at(0) != case.id
    seen: list[str] = []
    worker = page.rebuild()
    worker.progress.connect(lambda stage, done, total: seen.append(stage))
    assert not page.rebuild_button.isEnabled()
    qtbot.waitUntil(lambda: page.rebuild_button.isEnabled(), timeout=20_000)
    assert page.message.text().startswith("Queue rebuilt as of")
    assert page.model.id_at(0) == case.id  # its score is back, and so is its place


def test_score_tooltip_and_search(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.queue
    tip = page.model.data(page.model.index(0, 7), Qt.ItemDataRole.ToolTipRole)
    row = page.model.row_data(0)
    assert tip.splitlines()[0] == f"Score: {row.score}"
    assert "Days past due: +" in tip and "Amount overdue: +" in tip
    with qtbot.waitSignal(page.search.search, timeout=2000):
        qtbot.keyClicks(page.search, row.case_no)
    assert page.model.ids() == [row.id]
    page.search.clear()
    page.search.fire()
    page.model.sort(4, Qt.SortOrder.AscendingOrder)  # DPD, in SQL
    dpds = [page.model.row_data(r).dpd for r in range(page.model.rowCount())]
    assert dpds == sorted(dpds)


def test_queue_in_chinese(qtbot, database, screenshot_dir) -> None:
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        assert cell_text(window.sidebar, 1, 0) == "工作队列"
        page = window.queue
        window.show_page(page)
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "案件编号"
        assert page.assign_button.text() == "分配…"
        grab(window, screenshot_dir / "queue_page_zh_CN.png")
        window.open_case(page.model.id_at(0))
        assert window.cases.tabs.tabText(0).startswith("时间线")
        grab(window, screenshot_dir / "case_page_zh_CN.png")
    finally:
        set_language("en")


def test_every_string_of_these_pages_has_a_chinese_translation(tmp_path, monkeypatch) -> None:
    import ast

    from tests.ui import msgids

    ui = Path(msgids.UI)
    for name in MY_UI_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ui / name, tmp_path / name)
    monkeypatch.setattr(msgids, "UI", tmp_path)
    folder = resources.files("resources.i18n").joinpath("zh_CN")
    catalog: dict[str, str] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            catalog.update(json.loads(entry.read_text("utf-8")))
    assert sorted(msgids.ui_msgids() - set(catalog)) == []
    # The core strings of the queue and case-page queries: tr()/t() literals and label tables.
    queries = Path(__file__).resolve().parents[2] / "app" / "queries"
    found: set[str] = set()
    trees = [
        ast.parse((queries / n).read_text("utf-8"))
        for n in ("cases.py", "case_page.py", "case_story.py")
    ]
    for node in (n for tree in trees for n in ast.walk(tree)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
            "t",
            "tr",
            "NotFound",
            "PermissionDenied",
        ):
            if node.args and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            found.update(
                v.value
                for v in node.value.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
    assert sorted(found - set(catalog)) == []
    own = json.loads(folder.joinpath("ui_queue.json").read_text("utf-8"))
    for msgid, text in own.items():
        assert text.count("{") == msgid.count("{"), msgid


def _pay_off(s, supervisor: User, case: Case) -> None:  # type: ignore[no-untyped-def]
    """Everything the case's loan owes, paid: the case closes, whatever its status (paying what
    is overdue leaves a case in legal in legal, and the queue's tail is such cases on some build
    days, as on 1 January 2027)."""
    from app.cases.delinquency import loan_position
    from app.cases.payments import record_payment

    day = settings.as_of(s)
    owed = loan_position(s, case.loan_id, day).outstanding
    record_payment(s, supervisor, case.loan.loan_no, owed, day)


def test_the_first_screen_reads_only_the_head_of_the_queue(qtbot, database) -> None:
    """A refresh reads the first page of ids; the count comes on the next turn of the event loop
    (after the paint) and the table grows to it; the rest of the ids is read once, when a row
    past the head is needed; a case closed in between leaves a list of the new length. (A model
    of its own, with a head smaller than the demo office's queue and no view reading rows.)"""
    from ui.pages.queue import COLUMNS, SCORE_COLUMN, QueueModel

    page = window_for(qtbot, database).queue
    with database.sessions() as s:
        everything = queue_ids(s, login(database), QueueFilter())
    assert len(everything) > 12
    model = QueueModel(
        COLUMNS,
        page._query_ids,
        page._fetch_rows,
        query_head=page._query_head,
        query_count=page._query_count,
    )
    counts: list[int] = []
    model.counted.connect(counts.append)
    model.head_size = 10
    model.sort(SCORE_COLUMN, Qt.SortOrder.DescendingOrder)  # the queue's order, as on the page
    assert model.rowCount() == 10 and model.counting and counts == []  # the head alone, first
    assert [model.id_at(r) for r in range(10)] == everything[:10] and not model.complete
    qtbot.waitUntil(lambda: counts == [len(everything)], timeout=2000)
    assert model.rowCount() == len(everything) and not model.counting and not model.complete
    assert model.row_data(3).id == everything[3]
    assert model.id_at(len(everything) - 1) == everything[-1]  # past the head: the rest is read
    assert model.complete and model.ids() == everything

    model.refresh()  # a case past the head asked for before the count: the table grows at once
    assert model.rowCount() == 10 and model.counting
    assert model.row_of(everything[-1]) == len(everything) - 1
    assert model.rowCount() == len(everything) and counts[-1] == len(everything)
    assert not model.counting and model.complete

    model.refresh()
    model.refresh()  # the first refresh's count is dropped: one count per list shown
    qtbot.waitUntil(lambda: not model.counting, timeout=2000)
    QApplication.processEvents()
    assert counts == [len(everything)] * 3 and not model.complete

    model.refresh()
    with database.session() as s:  # paid in full elsewhere: the last case of the list closes
        case = s.get(Case, everything[-1])
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        _pay_off(s, supervisor, case)
    qtbot.waitUntil(lambda: counts[-1] == len(everything) - 1, timeout=2000)  # counted since
    assert model.rowCount() == len(everything) - 1 and not model.complete
    assert model.ids() == everything[:-1]
    assert model.id_at(len(everything) - 2) == everything[-2]

    model.refresh()  # counted first, then closed: the rows past the head are read anew
    qtbot.waitUntil(lambda: not model.counting, timeout=2000)
    with database.session() as s:
        case = s.get(Case, everything[-2])
        _pay_off(s, supervisor, case)
    assert model.ids() == everything[:-2]
    assert model.id_at(len(everything) - 2) is None  # a blank row until the view is told
    qtbot.waitUntil(lambda: model.rowCount() == len(everything) - 2, timeout=2000)
    assert model.id_at(model.rowCount() - 1) == everything[-3] and counts[-1] == model.rowCount()

    page.model.head_size = 10  # the page itself: its count line follows the painted head
    page.refresh()
    assert page.model.rowCount() == 10
    assert page.count.text() == _("Counting open cases…")
    left = plural(len(everything) - 2, "{count} open case", "{count} open cases")
    qtbot.waitUntil(lambda: page.count.text() == left, timeout=2000)
    assert page.model.rowCount() == len(everything) - 2


def test_the_days_first_rebuild_runs_by_itself(qtbot, database) -> None:
    """Opened on a new day, the window brings the queue up to date off the GUI thread and says
    so in its status bar; the queue shows the new figures."""
    from sqlalchemy import func, update

    from app.models import CaseStatus

    yesterday = office_today() - dt.timedelta(days=1)
    with database.session() as s:
        top = queue_ids(s, login(database), QueueFilter())[0]
        s.execute(
            update(Case).where(Case.status != CaseStatus.CLOSED).values(computed_as_of=yesterday)
        )
        s.execute(update(Case).where(Case.id == top).values(score=0))
    window = window_for(qtbot, database)
    assert window.queue.model.id_at(0) != top
    window.start_daily_rebuild()
    qtbot.waitUntil(lambda: window.rebuild_job.isFinished(), timeout=30_000)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Queue rebuilt"))
    assert window.queue.model.id_at(0) == top  # its score is back, and so is its place
    with database.sessions() as s:
        stale = (
            select(func.count())
            .select_from(Case)
            .where(Case.status != CaseStatus.CLOSED, Case.computed_as_of != office_today())
        )
        assert s.scalar(stale) == 0
    window.start_daily_rebuild()  # current now: nothing to do, nothing said
    window.statusBar().clearMessage()
    qtbot.waitUntil(lambda: window.rebuild_job.isFinished(), timeout=30_000)
    qtbot.wait(50)
    assert window.statusBar().currentMessage() == ""
