"""The Audit page on the demo office, with real widgets: the supervisor sees the trail newest
first, filters by action prefix and by user; agents have no Audit page; screenshots (en, zh_CN)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import audit
from app.i18n import set_language
from app.models import User
from app.queries.audit_log import audit_ids
from tests.conftest import TEST_KEY
from tests.ui.shots import grab
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
SIZE = (1366, 768)


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _user(session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return user


def window_for(qtbot, database, username: str = "supervisor"):
    from app.auth import authenticate
    from ui.main_window import MainWindow

    window = MainWindow(database, authenticate(database.sessions, username, "demo"))
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return window


def _titles(window) -> list[str]:
    return [cell_text(window.sidebar, i, 0) for i in range(window.sidebar.count())]


def _add_entries(database) -> None:
    with database.session(write_lock=True) as s:
        agent = _user(s, "agent01")
        audit.record(
            s, agent, "contact.log", "case", "C-0001", {"channel": "call", "verdict": "warning"}
        )
        audit.record(
            s, None, "setting.change", "setting", "office.timezone", {"old": "UTC", "new": "CN"}
        )


def test_supervisor_lists_and_filters_the_trail(qtbot, database, screenshot_dir) -> None:
    _add_entries(database)
    window = window_for(qtbot, database)
    titles = _titles(window)
    assert titles.index("Audit") == titles.index("Rules") + 1
    assert titles.index("Agents & training") == titles.index("Audit") + 1
    page = window.audit
    window.show_page(page)
    assert window.stack.currentWidget() is page
    rows = page.rows()
    with database.sessions() as s:
        boss = _user(s, "supervisor")
        assert [r.id for r in rows] == audit_ids(s, boss)
        agent_id, agent_name = _user(s, "agent01").id, _user(s, "agent01").display_name
    actions = {r.action for r in rows}
    assert {"office.create", "demo.build", "queue.rebuild", "user.login"} <= actions
    assert rows == sorted(rows, key=lambda r: (r.at, r.id), reverse=True)  # newest first
    assert rows[0].action == "user.login" and rows[0].user == boss.display_name
    assert page.count.text() == f"{len(rows)} audit entries"
    first = page.model.index(0, 1)
    assert page.model.data(first, Qt.ItemDataRole.ToolTipRole)
    # Each entry's number, which the chain's check names an altered entry by (QA s42)
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "No."
    numbers = [page.model.data(page.model.index(n, 0)) for n in range(min(50, len(rows)))]
    assert numbers == [str(r.id) for r in rows[:50]]
    setting = next(n for n, r in enumerate(rows) if r.action == "setting.change")
    tooltip = page.model.data(page.model.index(setting, 5), Qt.ItemDataRole.ToolTipRole)
    assert '"old": "UTC"' in tooltip and rows[setting].user == "(system)"
    # The Changes column says it in words; the tooltip keeps what was written.
    assert page.model.data(page.model.index(setting, 5)) == "Value: UTC → CN"
    logged = next(n for n, r in enumerate(rows) if r.action == "contact.log")
    assert page.model.data(page.model.index(logged, 5)) == "Channel: Call; Verdict: Warning"
    tip = page.model.data(page.model.index(logged, 5), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Channel: Call\nVerdict: Warning\n\n") and '"verdict": "warning"' in tip
    header = page.table.horizontalHeader()
    fm = page.table.fontMetrics()
    for column in range(page.model.columnCount() - 1):  # the last one stretches
        title = page.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= fm.horizontalAdvance(title), title
    grab(window, screenshot_dir / "audit_page.png")

    page.set_filter(action="queue")
    queued = page.rows()
    assert queued and all(r.action.startswith("queue.") for r in queued)
    assert page.action.currentText() == "Work queue: all"
    # The table says what happened in words; the filter lists them under their kind.
    assert page.model.data(page.model.index(0, 3)) == "Work queue rebuilt"
    assert page.action.itemText(page.action.findData("queue.rebuild")).strip() == (
        "Work queue rebuilt"
    )

    page.set_filter(user_id=agent_id)
    mine = page.rows()
    assert page.who.currentData() == agent_id and len(mine) < len(rows)
    assert {r.user for r in mine} == {agent_name} and "contact.log" in {r.action for r in mine}

    page.set_filter(entity="setting", entity_id="office.timezone")
    assert [r.action for r in page.rows()] == ["setting.change"]
    page.set_filter()
    assert len(page.rows()) == len(rows)


def test_refreshes_on_any_announcement(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.audit
    before = len(page.rows())
    _add_entries(database)
    window.hub.announce("promise")
    assert len(page.rows()) == before + 2
    assert page.action.findData("contact.log") >= 0


def test_agent_has_no_audit_page(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    assert "Audit" not in _titles(window)
    assert window.audit is None
    row = _titles(window).index("Agents & training")
    window.sidebar.setCurrentRow(row)
    assert window.stack.currentWidget() is window.training


def test_audit_in_chinese(qtbot, database, screenshot_dir) -> None:
    _add_entries(database)
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        page = window.audit
        window.show_page(page)
        assert "审计日志" in _titles(window)
        assert page.model.headerData(1, Qt.Orientation.Horizontal) == "时间"
        assert page.count.text().startswith("共 ")
        assert any(r.user == "（系统）" for r in page.rows())
        login = next(n for n, r in enumerate(page.rows()) if r.action == "user.login")
        assert page.model.data(page.model.index(login, 3)) == "登录"
        # The kind of record in words and an account by name (账户 王慧 (2)), in the column and
        # the filter; the code and the id stay.
        row = page.rows()[login]
        shown = page.model.data(page.model.index(login, 4))
        with database.sessions() as s:
            name = s.scalar(select(User.display_name).where(User.id == int(row.entity_id)))
        assert shown == f"账户 {name} ({row.entity_id})" and row.entity == "user"
        assert page.entity.itemData(page.entity.findText("账户")) == "user"
        logged = next(n for n, r in enumerate(page.rows()) if r.action == "contact.log")
        assert page.model.data(page.model.index(logged, 5)) == "渠道：电话；判定：警告"
        grab(window, screenshot_dir / "audit_page_zh_CN.png")
    finally:
        set_language("en")


def _app_calls() -> Iterator[tuple[str, str, list[ast.expr]]]:
    """(file name, called name, positional arguments) of every call in app/."""
    for path in (Path(__file__).resolve().parents[2] / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                yield path.name, name, node.args


def _block_entry(args: list[ast.expr]) -> ast.Tuple | None:
    """record_block's audit entry tuple: its last argument but the optional `what` (a visit's
    booking or move names it after the tuple)."""
    return next((a for a in reversed(args) if isinstance(a, ast.Tuple)), None)


def _recorded_actions() -> set[str]:
    """Every action code app/ can write to the trail: the literal codes given to audit.record
    and record_many (and the backups' _record, the compliance gate's record_block and the
    agreements' watch transitions, the decisions on a loan), import.{kind} for every kind."""
    from app.importer import IMPORT_KINDS

    found: set[str] = set()
    passed_on: set[tuple[str, str]] = set()
    for file, name, args in _app_calls():
        if name in ("record", "_record") and len(args) > 2:
            code = args[2]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.add(code.value)
            elif isinstance(code, ast.JoinedStr):  # f"import.{kind}"
                head = code.values[0]
                assert isinstance(head, ast.Constant), ast.unparse(code)
                found |= {f"{head.value}{kind}" for kind in IMPORT_KINDS}
            else:  # a code passed along: each place that does so is read below
                passed_on.add((file, ast.unparse(code)))
        elif name == "record_many" and len(args) > 1:
            entries = args[1]  # (user, code, entity, key, changes, at) in a list or generator
            tuples = (
                [entries.elt]
                if isinstance(entries, ast.GeneratorExp | ast.ListComp)
                else getattr(entries, "elts", [])
            )
            assert tuples and all(isinstance(t, ast.Tuple) for t in tuples), ast.unparse(entries)
            for entry in tuples:
                code = entry.elts[1]
                if isinstance(code, ast.Constant) and isinstance(code.value, str):
                    found.add(code.value)
                else:  # passed along, as for record
                    passed_on.add((file, ast.unparse(code)))
        elif name == "record_block" and (entry := _block_entry(args)) is not None:
            first = entry.elts[0]  # (code, entity, key, details), for gate.record_block
            assert isinstance(first, ast.Constant), ast.unparse(entry)
            found.add(first.value)
        elif name == "append" and args and isinstance(args[0], ast.Tuple):
            first = args[0].elts[0] if args[0].elts else None
            if isinstance(first, ast.Constant) and str(first.value).startswith("agreement."):
                found.add(first.value)
    from app.loans.closure import ACTION

    found |= set(ACTION.values())  # the decisions on a loan, app/loans/closure.py's table
    # A new place that hands a code on to the trail must be taught to this scan.
    assert passed_on == {
        ("closure.py", "ACTION[decision]"),  # the table above
        ("backups.py", "action"),  # its _record calls, read above
        ("watch.py", "action"),  # the agreement.* tuples, read above
        ("gate.py", "event"),  # record_block's tuples, read above
        ("staff.py", "course_id"),  # the demo's training records: not the trail
        ("complaint_history.py", "action"),  # the demo's complaint.* entries, app.complaints'
        ("booking_flags.py", "action"),  # the demo's visit.book / visit.blocked, app.visits'
        ("agreement_trail.py", "action"),  # the demo's agreement.* entries, app.agreements'
    }, passed_on
    return found


def _recorded_entities() -> set[str]:
    """The kinds of record app/ writes to the trail: the literal entity given to audit.record
    (and the backups' _record) and in the compliance gate's record_block tuples."""
    found: set[str] = set()
    for _file, name, args in _app_calls():
        entity = None
        if name in ("record", "_record") and len(args) > 3:
            entity = args[3]
        elif name == "record_block" and (entry := _block_entry(args)) is not None:
            entity = entry.elts[1]
        if isinstance(entity, ast.Constant) and isinstance(entity.value, str):
            found.add(entity.value)
    return found


def test_every_kind_of_record_has_words_in_both_languages() -> None:
    from app.i18n import _catalog
    from app.labels import AUDIT_ENTITY

    kinds = _recorded_entities()
    assert {"case", "user", "visit", "agreement", "database"} <= kinds
    assert sorted(kinds - AUDIT_ENTITY.keys()) == []
    catalog = _catalog("zh_CN")
    assert [w for w in AUDIT_ENTITY.values() if w not in catalog] == []


def test_every_audit_action_has_words_in_both_languages() -> None:
    from app.i18n import _catalog
    from app.labels import AUDIT_ACTION, AUDIT_GROUP

    codes = _recorded_actions()
    assert {"user.login", "database.backup", "agreement.breached", "import.loans"} <= codes
    assert {"contact.blocked", "visit.blocked"} <= codes
    assert sorted(codes - AUDIT_ACTION.keys()) == []
    assert {code.split(".", 1)[0] for code in AUDIT_ACTION} <= AUDIT_GROUP.keys()
    catalog = _catalog("zh_CN")
    words = [*AUDIT_ACTION.values(), *AUDIT_GROUP.values()]
    assert [w for w in words if w not in catalog] == []


def test_who_fits_the_system_and_every_user_past_the_first_screen(qtbot, database) -> None:
    """Columns are fitted to a screenful of rows; Who still fits "（系统）" and every user's name
    when the newest entries are all one agent's."""
    from ui.pages.audit import WHO_COLUMN

    _add_entries(database)  # the system's entry first, then a screen and more of one agent's
    with database.session(write_lock=True) as s:
        agent = _user(s, "agent01")
        for n in range(60):
            audit.record(s, agent, "contact.log", "case", f"C-{n:04d}", {"channel": "call"})
        names = list(s.scalars(select(User.display_name)))
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        page = window.audit
        window.show_page(page)
        rows = page.rows()
        assert "（系统）" not in {r.user for r in rows[:60]}  # past the rows fitted to
        assert "（系统）" in {r.user for r in rows[60:]}
        metrics = page.table.fontMetrics()
        width = page.table.columnWidth(WHO_COLUMN)
        assert all(metrics.horizontalAdvance(t) < width for t in ["（系统）", *names])
    finally:
        set_language("en")
