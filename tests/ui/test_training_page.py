"""Agents & training page on the demo office: statuses, history, add/edit, import, roster."""

from __future__ import annotations

import ast
import datetime as dt
import json
import subprocess
import zoneinfo
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app.i18n import set_language
from app.i18n import tr as _
from app.loans.schedule import add_months
from app.models import User
from app.training import CourseStatus, WorkKind, office_training
from app.training.history import training_history, update_record
from tests.conftest import TEST_KEY
from tests.ui.cells import header_text
from tests.ui.office import office_path
from tests.ui.shots import grab as _grab
from tests.ui.test_trust import when_modal
from ui.pages.training_roster import RosterPrinter
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
SIZE = (1366, 768)


def _today() -> dt.date:
    """The office's today (Shanghai), as training is dated: read when used, not at import (a run
    that crossed midnight signed on the day before the approval, CI, 2026-12-02 23:59 UTC)."""
    return dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()


MY_FILES = (
    "pages/training.py",
    "pages/training_view.py",
    "pages/training_roster.py",
    "dialogs/training_record.py",
    "dialogs/training_import.py",
)


@pytest.fixture
def database(
    request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication
) -> Iterator[object]:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(office_path(request, tmp_path), TEST_KEY)
    yield db
    db.close()


def _user(database, username: str = "supervisor") -> User:
    from app.auth import authenticate

    return authenticate(database.sessions, username, "demo")


def _window(qtbot, database, user: User):
    from ui.main_window import MainWindow

    window = MainWindow(database, user)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.training)
    return window


def _states(database):
    with database.sessions() as s:
        return office_training(s, _today())


def _history(database, agent_id: int):
    with database.sessions() as s:
        return training_history(s, agent_id)


def _lapsed_agent(database):
    """A demo agent with a lapsed course (the demo office always has some)."""
    agent = next(
        a for a in _states(database) if any(c.status is CourseStatus.LAPSED for c in a.courses)
    )
    course = next(c for c in agent.courses if c.status is CourseStatus.LAPSED)
    return agent, course


def _make_expiring(database, days: int = 9) -> tuple[str, str]:
    """Move a fully valid agent's Communication pass back so that it runs out in `days` days."""
    agent = next(a for a in _states(database) if a.status is CourseStatus.VALID)
    comm = next(c for c in agent.courses if c.code == "COMM")
    best = next(
        r
        for r in _history(database, agent.agent_id)
        if r.course_code == "COMM" and r.expires_on == comm.expires_on
    )
    taken = add_months(_today() + dt.timedelta(days=days + 1), -12)
    with database.session() as s:
        update_record(
            s,
            _user(database),
            best.record_id,
            taken_on=taken,
            score=best.score,
            trainer=best.trainer,
            evidence=best.evidence,
        )
    return agent.username, agent.display_name


def _column(page, header: str) -> int:
    table = page.table
    return next(c for c in range(table.columnCount()) if header_text(table, c) == header)


def _row_of(page, username: str) -> int:
    return next(r for r in range(page.table.rowCount()) if cell_text(page.table, r, 1) == username)


def test_page_lists_every_agent_history_and_alert(qtbot, database, screenshot_dir) -> None:
    username, name = _make_expiring(database)
    window = _window(qtbot, database, _user(database))
    page = window.training
    assert cell_text(window.sidebar, window.sidebar.currentRow(), 0) == "Agents & training"
    assert window.stack.currentWidget() is page
    states = _states(database)
    assert page.table.rowCount() == len(states) >= 5
    labels = {"Valid", "Expiring", "Lapsed", "Missing"}
    listed = {
        cell_text(page.table, r, 1): cell_text(page.table, r, 2)
        for r in range(page.table.rowCount())
    }
    assert listed == {a.username: a.status.value.capitalize() for a in states}
    assert set(listed.values()) <= labels and "Lapsed" in listed.values()
    assert page.table.columnCount() == 3 + len(states[0].courses)
    assert _column(page, "Legal compliance") > 2  # the long name is shortened in the header
    assert page.alert.isVisible()
    assert name in page.alert.text() and "Communication" in page.alert.text()
    expiring = sum(a.status.value == "expiring" for a in states)  # the demo's own one too
    assert expiring >= 1
    assert page.alert.text().startswith(f"Expiring within 30 days ({expiring}):")

    agent, course = _lapsed_agent(database)
    assert page.select_agent(agent.username)
    history = _history(database, agent.agent_id)
    assert page.history.rowCount() == len(history) > 0
    assert cell_text(page.history, 0, 0) == history[0].taken_on.isoformat()
    assert page.agent_title.text() == f"{agent.display_name} ({agent.username})"
    assert f"{course.name_en} lapsed" in page.work.text()
    assert "blocked" in page.work.text()
    if agent.missing_for(WorkKind.PHONE):
        assert page.work.text().startswith("Phone and field work blocked:")
    else:
        assert page.work.text().startswith("May do phone work. Field work blocked:")
    _grab(window, screenshot_dir / "training_page.png")

    page.filter.setCurrentIndex(page.filter.findData("expiring"))
    shown = [cell_text(page.table, r, 1) for r in range(page.table.rowCount())]
    assert username in shown
    assert sorted(shown) == sorted(a.username for a in states if a.status.value == "expiring")
    page.filter.setCurrentIndex(page.filter.findData("lapsed"))
    assert page.table.rowCount() == sum(
        a.status in (CourseStatus.LAPSED, CourseStatus.MISSING) for a in states
    )
    assert page.selected_agent_id() == agent.agent_id  # still listed, still selected
    page.filter.setCurrentIndex(page.filter.findData("valid"))
    assert all(cell_text(page.table, r, 2) == "Valid" for r in range(page.table.rowCount()))
    assert page.selected_agent_id() is None and page.history.rowCount() == 0
    valid = next(a for a in states if a.status is CourseStatus.VALID and a.username != username)
    page.select_agent(valid.username)
    assert page.work.text() == "May do phone and field work"


def test_add_record_renews_a_lapsed_course(qtbot, database, screenshot_dir) -> None:
    from ui.dialogs.training_record import TrainingRecordDialog

    window = _window(qtbot, database, _user(database))
    page = window.training
    agent, course = _lapsed_agent(database)
    page.select_agent(agent.username)
    column = _column(page, course.name_en.split(" (")[0])
    assert cell_text(page.table, _row_of(page, agent.username), column).startswith("Lapsed")
    before = len(_history(database, agent.agent_id))
    seen: dict[str, str] = {}

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TrainingRecordDialog)
        dialog.course.setCurrentIndex(dialog.course.findData(course.course_id))
        dialog.date.setDate(_today())
        dialog.score.setValue(95)
        dialog.trainer.setText("王律师")
        dialog.evidence.setPlainText("证书编号 2026-118")
        seen["result"] = dialog.result_label.text()
        _grab(dialog, screenshot_dir / "training_record_dialog.png")
        assert dialog.save()

    QTimer.singleShot(0, fill)
    page.add_record()  # the real modal dialog, then ChangeHub → refresh
    expires = add_months(_today(), 12) - dt.timedelta(days=1)
    assert seen["result"] == f"Pass — valid until {expires.isoformat()}"
    history = _history(database, agent.agent_id)
    assert len(history) == before + 1 and history[0].trainer == "王律师"
    assert history[0].passed and history[0].expires_on == expires
    row = _row_of(page, agent.username)
    assert cell_text(page.table, row, column) == f"Valid · {expires.isoformat()}"
    if len([c for c in agent.courses if c.status is CourseStatus.LAPSED]) == 1:
        assert cell_text(page.table, row, 2) != "Lapsed"
    assert page.selected_agent_id() == agent.agent_id
    assert page.history.rowCount() == before + 1
    assert f"{course.name_en} lapsed" not in page.work.text()


def test_edit_record_recomputes_pass(qtbot, database) -> None:
    from ui.dialogs.training_record import TrainingRecordDialog

    user = _user(database)
    window = _window(qtbot, database, user)
    page = window.training
    agent, _course = _lapsed_agent(database)
    page.select_agent(agent.username)
    page.history.selectRow(0)
    assert page.edit_button.isEnabled()
    record_id = page.selected_record_id()
    dialog = TrainingRecordDialog(database, user, record_id=record_id, parent=page)
    qtbot.addWidget(dialog)
    assert not dialog.course.isEnabled()
    dialog.score.setValue(10)
    assert dialog.result_label.text() == "Fail — renews nothing"
    assert dialog.save()
    window.hub.announce("training_record")
    edited = next(r for r in _history(database, agent.agent_id) if r.record_id == record_id)
    assert (edited.score, edited.passed, edited.expires_on) == (10, False, None)
    assert cell_text(page.history, 0, 3) == "Failed"


def test_bad_record_shows_error_and_saves_nothing(qtbot, database) -> None:
    from ui.dialogs.training_record import TrainingRecordDialog

    agent, course = _lapsed_agent(database)
    before = len(_history(database, agent.agent_id))
    dialog = TrainingRecordDialog(database, _user(database), agent_id=agent.agent_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date.setDate(_today() + dt.timedelta(days=3))
    assert dialog.taken_on() == _today()  # a future date cannot be entered
    dialog.score.setValue(130)
    assert dialog.score.value() == 100
    # Past the widgets (as a tampered form would be), the core still refuses.
    dialog.score.setRange(0, 200)
    dialog.score.setValue(130)
    message = "A score is a whole number from 0 to 100, not 130."
    assert dialog.result_label.text() == message
    assert not dialog.save()
    assert dialog.error.isVisible() and dialog.error.text() == message
    assert dialog.saved is None and dialog.isVisible()
    dialog.score.setValue(90)
    dialog.date.setMaximumDate(_today() + dt.timedelta(days=30))
    dialog.date.setDate(_today() + dt.timedelta(days=3))
    assert not dialog.save()
    assert dialog.error.text().startswith("A training date cannot be in the future")
    assert len(_history(database, agent.agent_id)) == before


def test_agent_sees_statuses_but_no_edit_buttons(qtbot, database) -> None:
    window = _window(qtbot, database, _user(database, "agent01"))
    page = window.training
    assert page.table.rowCount() == len(_states(database))
    for button in (page.add_button, page.edit_button, page.import_button, page.roster_button):
        assert button.isHidden()
    page.select_agent("agent01")
    assert page.history.rowCount() > 0


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text(
        "username,course code,taken on,score,trainer,evidence note\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    return path


def test_import_with_bad_rows_shows_each_error_and_imports_nothing(
    qtbot, database, tmp_path, screenshot_dir
) -> None:
    from ui.dialogs.training_import import TrainingImportDialog

    future = (_today() + dt.timedelta(days=5)).isoformat()
    path = _csv(
        tmp_path / "bad.csv",
        [
            f"agent02,SAFE,{_today().isoformat()},90,李老师,证书",
            f"nobody,SAFE,{_today().isoformat()},90,李老师,",
            f"agent03,LAW,{_today().isoformat()},130,李老师,",
            f"agent04,NEGO,{future},80,李老师,",
        ],
    )
    states = _states(database)
    before = {a.agent_id: len(_history(database, a.agent_id)) for a in states}
    window = _window(qtbot, database, _user(database))
    dialog = TrainingImportDialog(database, _user(database), path, parent=window.training)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.rows.rowCount() == 1
    errors = [
        [cell_text(dialog.errors, r, c) for c in range(3)] for r in range(dialog.errors.rowCount())
    ]
    assert [(e[0], e[1]) for e in errors] == [("3", "Agent"), ("4", "Score"), ("5", "Date")]
    assert errors[0][2] == (
        "No agent or supervisor has the user name or the name nobody: write their user name "
        "(as the user list shows it)."
    )
    assert "130" in errors[1][2] and future in errors[2][2]
    assert not dialog.import_button.isEnabled()
    assert "nothing is imported" in dialog.summary.text()
    _grab(dialog, screenshot_dir / "training_import_preview.png")
    assert not dialog.do_import()
    assert {a.agent_id: len(_history(database, a.agent_id)) for a in states} == before


def test_good_file_imports_all_and_template(qtbot, database, tmp_path, screenshot_dir) -> None:
    from ui.dialogs.training_import import TrainingImportDialog

    agent, course = _lapsed_agent(database)
    path = _csv(
        tmp_path / "good.csv",
        [
            f"{agent.username},{course.code},{_today().isoformat()},91,李老师,证书 1",
            f"agent02,SAFE,{(_today() - dt.timedelta(days=2)).isoformat()},40,李老师,补考",
        ],
    )
    window = _window(qtbot, database, _user(database))
    page = window.training
    page.select_agent(agent.username)
    before = page.history.rowCount()
    seen: dict[str, object] = {}

    def click_import() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TrainingImportDialog)
        seen["rows"] = dialog.rows.rowCount()
        seen["errors"] = dialog.errors.rowCount()
        seen["template"] = dialog.save_template(tmp_path / "template.csv")
        dialog.import_button.click()

    def read_box(box: QMessageBox) -> None:
        seen["said"] = box.text()
        box.grab().save(str(screenshot_dir / "training_import_said.png"))
        box.accept()

    QTimer.singleShot(0, click_import)
    when_modal(QMessageBox, read_box)  # then what the import did (it closed without a word)
    page.import_records(path)
    assert seen["rows"] == 2 and seen["errors"] == 0
    assert seen["said"] == (
        "Imported 2 new training records; 0 training records already in Casedesk were skipped."
    )
    assert page.history.rowCount() == before + 1  # refreshed through ChangeHub
    row = _row_of(page, agent.username)
    column = _column(page, course.name_en.split(" (")[0])
    assert cell_text(page.table, row, column).startswith("Valid")
    template = Path(seen["template"]).read_text("utf-8-sig")
    assert template.startswith("username,course code,taken on,score")


def test_print_roster_writes_a_pdf(qtbot, database, tmp_path, screenshot_dir) -> None:
    from pypdf import PdfReader

    window = _window(qtbot, database, _user(database))
    path = tmp_path / "roster.pdf"
    printer = window.training.print_roster(path, ask_to_open=False)
    assert printer is not None
    with qtbot.waitSignal(printer.finished, timeout=60000) as blocker:
        pass
    assert blocker.args == [str(path)]
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    agent, _course = _lapsed_agent(database)
    assert "Training roster" in text and agent.username in text
    assert agent.display_name in text.replace(" ", "")
    again = window.training.print_roster(tmp_path / "again.pdf")  # as a user: offers to open
    with qtbot.waitSignal(again.finished, timeout=60000):
        pass
    assert again.box is not None and again.box.isVisible()
    assert str(tmp_path / "again.pdf") in again.box.text()
    again.box.done(0)
    # Each print's progress dialog and question went, and the first printer with them (they
    # were kept as long as the page).
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    page = window.training
    assert page.findChildren(QProgressDialog) == [] and page.findChildren(QMessageBox) == []
    assert page.findChildren(RosterPrinter) == [again]
    from app.reporting.generated import recent_reports

    with database.session() as s:  # both prints are audited, with the file's name
        assert [(r.kind, r.file) for r in recent_reports(s, _user(database))] == [
            ("training", "again.pdf"), ("training", "roster.pdf"),
        ]  # fmt: skip
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "2",
            str(path),
            str(screenshot_dir / "training_roster"),
        ],
        check=True,
    )


def test_page_in_chinese(qtbot, database, screenshot_dir) -> None:
    _make_expiring(database)
    set_language("zh_CN")
    try:
        window = _window(qtbot, database, _user(database))
        page = window.training
        assert cell_text(window.sidebar, window.sidebar.currentRow(), 0) == _("Agents & training")
        assert _("Agents & training") != "Agents & training"
        assert page.roster_button.text() == "打印花名册…"
        agent, course = _lapsed_agent(database)
        page.select_agent(agent.username)
        assert f"{course.name_zh}已过期" in page.work.text()
        assert header_text(page.table, 0) == "催收员"
        _grab(window, screenshot_dir / "training_page_zh_CN.png")
    finally:
        set_language("en")


def _my_msgids() -> set[str]:
    """Literals my UI files pass to _() or use in upper-case header/label constants."""
    found: set[str] = set()
    ui = Path(__file__).resolve().parents[2] / "ui"
    for name in MY_FILES:
        tree = ast.parse((ui / name).read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                if getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "_",
                    "section_label",
                ):
                    found.add(node.args[0].value)
            elif isinstance(node, ast.Assign) and node.col_offset == 0:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id.isupper():
                    for sub in ast.walk(node.value):
                        if (
                            isinstance(sub, ast.Constant)
                            and isinstance(sub.value, str)
                            and target.id.endswith(
                                ("HEADERS", "LABELS", "FILTERS", "NAMES", "FILTER")
                            )
                        ):
                            found.add(sub.value)
    return {m for m in found if any(c.isalpha() for c in m)}


def test_every_training_string_has_a_chinese_translation() -> None:
    folder = resources.files("resources.i18n").joinpath("zh_CN")
    mine = json.loads(folder.joinpath("ui_training.json").read_text("utf-8"))
    shared = json.loads(folder.joinpath("ui.json").read_text("utf-8"))
    shared |= json.loads(folder.joinpath("qa_train.json").read_text("utf-8"))  # later passes
    shared |= json.loads(folder.joinpath("importer.json").read_text("utf-8"))  # as the CLI says
    keys = {
        "all",
        "lapsed",
        "expiring",
        "valid",
        "agent",
        "course",
        "date",
        "score",
        "trainer",
        "evidence",
    }  # dict keys and filter keys, not shown
    assert sorted(_my_msgids() - keys - set(mine) - set(shared) - {"Agents & training"}) == []
    assert "Agents & training" in mine
    for msgid, text in mine.items():
        assert sorted(text.count(c) for c in "{}") == sorted(msgid.count(c) for c in "{}"), msgid


def test_a_file_imported_again_has_nothing_to_import(qtbot, database, tmp_path) -> None:
    """Found by QA: each import of the same file recorded its attempts again. The dialog now
    says the rows are already recorded and Import stays off."""
    from ui.dialogs.training_import import TrainingImportDialog

    path = _csv(tmp_path / "again.csv", [f"agent02,SAFE,{_today().isoformat()},95,李老师,证书 2"])
    user = _user(database)
    first = TrainingImportDialog(database, user, path)
    qtbot.addWidget(first)
    assert first.import_button.isEnabled() and first.do_import()
    again = TrainingImportDialog(database, user, path)
    qtbot.addWidget(again)
    assert again.rows.rowCount() == 0 and not again.import_button.isEnabled()
    assert again.summary.text() == "Nothing to import: 1 row is already recorded."


def test_a_row_repeated_in_the_file_is_said_as_such(qtbot, database, tmp_path) -> None:
    """QA: a row repeated inside the file was said to be "already in Casedesk"."""
    from ui.dialogs.training_import import TrainingImportDialog, imported_words

    row = f"agent02,SAFE,{_today().isoformat()},91,李老师,证书 3"
    path = _csv(tmp_path / "twice.csv", [row, row])
    dialog = TrainingImportDialog(database, _user(database), path)
    qtbot.addWidget(dialog)
    assert dialog.rows.rowCount() == 1 and dialog.import_button.isEnabled()
    assert dialog.summary.text() == (
        "1 row is valid and ready to import. "
        "1 row repeats an earlier row of the file and will be skipped."
    )
    assert dialog.do_import()
    assert imported_words(dialog.imported) == (
        "Imported 1 new training record; 0 training records already in Casedesk were skipped; "
        "1 row repeating an earlier row of the file was skipped."
    )
