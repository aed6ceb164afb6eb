"""An error nothing caught while the window runs (ui/crash.py): a button whose slot raised did
nothing, in silence; now a message box says what went wrong and that nothing was saved, in the
user's language, and the error's summary and frames go to logs/errors.log in the data folder —
never the later lines of a database error, which carry a statement's parameters."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.errors import ValidationError
from app.i18n import set_language
from app.i18n import tr as _
from tests.ui.test_trust import when_modal

pytestmark = pytest.mark.gui
PARAMETERS = "[parameters: ('王芳', '13800138000')]"


def _seen() -> tuple[list[str], object]:
    seen: list[str] = []

    def read(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    return seen, when_modal(QMessageBox, read)


def _save_the_payment() -> None:
    raise RuntimeError(f"(sqlite3.IntegrityError) FOREIGN KEY constraint failed\n{PARAMETERS}")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path))
    return tmp_path


def test_a_slot_that_raised_is_said_and_logged(qtbot, qapp: QApplication, home: Path) -> None:
    from ui import crash

    button = QPushButton("Post")
    qtbot.addWidget(button)
    button.clicked.connect(_save_the_payment)
    seen, stop = _seen()
    before = sys.excepthook
    with crash.reported():
        assert sys.excepthook is crash.report
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    stop()  # type: ignore[operator]
    assert sys.excepthook is before  # the hook there before is back

    log = home / "logs" / "errors.log"
    assert seen == [
        _(
            "Something went wrong: {error}. What you were doing was not saved; check it and try "
            "again.",
            error="RuntimeError: (sqlite3.IntegrityError) FOREIGN KEY constraint failed",
        )
        + "\n\n"
        + _("The details are in {path}.", path=str(log))
    ]
    written = log.read_text(encoding="utf-8")
    assert "RuntimeError: (sqlite3.IntegrityError) FOREIGN KEY constraint failed" in written
    assert "_save_the_payment" in written  # where it was raised
    assert "13800138000" not in written and "王芳" not in written
    assert "13800138000" not in seen[0]


def test_in_chinese_and_a_casedesk_error_in_its_own_words(qapp: QApplication, home: Path) -> None:
    from ui import crash

    log = home / "logs" / "errors.log"
    summary = "RuntimeError: (sqlite3.IntegrityError) FOREIGN KEY constraint failed"
    set_language("zh_CN")
    try:
        seen, stop = _seen()
        try:
            _save_the_payment()
        except RuntimeError as error:
            crash.report(RuntimeError, error, error.__traceback__)
        english = _(
            "Something went wrong: {error}. What you were doing was not saved; check it and "
            "try again.",
            lang="en",
            error=summary,
        )
        assert len(seen) == 1 and seen[0].startswith("出错了") and english not in seen[0]
        assert summary in seen[0] and str(log) in seen[0]

        refused = ValidationError(
            "An agreement cannot be signed in the future: {date}.", date="2099-01-01"
        )
        stop()  # type: ignore[operator]
        seen, stop = _seen()  # a watch acts on one box
        crash.report(ValidationError, refused, None)
        stop()  # type: ignore[operator]
        assert seen == [refused.translated()] and "2099-01-01" in seen[0] and "签署" in seen[0]
    finally:
        set_language(None)
    written = log.read_text(encoding="utf-8")
    assert written.count(summary) == 1 and "ValidationError" not in written  # said, not logged


def test_an_unwritable_log_still_says_the_error(qapp: QApplication, home: Path) -> None:
    from ui import crash

    (home / "logs").write_text("not a folder")  # the log's folder cannot be made
    seen, stop = _seen()
    try:
        _save_the_payment()
    except RuntimeError as error:
        crash.report(RuntimeError, error, error.__traceback__)
    stop()  # type: ignore[operator]
    assert len(seen) == 1 and "13800138000" not in seen[0]
    assert _("The details are in {path}.", path="")[:6] not in seen[0]


def test_an_error_on_a_worker_thread_is_said_on_the_gui_thread(
    qtbot, qapp: QApplication, home: Path
) -> None:
    """A worker's error: logged where it happened, the box shown by the GUI thread (a widget made
    on a worker thread crashes Qt)."""
    import threading

    from ui import crash

    seen, stop = _seen()

    def work() -> None:
        try:
            _save_the_payment()
        except RuntimeError as error:
            crash.report(RuntimeError, error, error.__traceback__)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    stop()  # type: ignore[operator]
    assert len(seen) == 1 and "FOREIGN KEY constraint failed" in seen[0]
    assert "_save_the_payment" in (home / "logs" / "errors.log").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_log_and_its_folders_are_the_users_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log names the database's path and what failed where: it was made 0644 in a 0755
    folder (the umask's), readable by every account on the computer; now 0600 in 0700 folders,
    after a rotation too, and a log an earlier version made is narrowed when next written."""
    import os
    import stat

    from ui import crash

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    home = tmp_path / "Casedesk"
    monkeypatch.setenv("CASEDESK_HOME", str(home))
    before = os.umask(0o022)  # a typical umask: the modes are Casedesk's, not the machine's
    try:
        try:
            _save_the_payment()
        except RuntimeError as error:
            log = crash.write_log(error, error.__traceback__)
        assert log == home / "logs" / "errors.log"
        assert (mode(home), mode(home / "logs"), mode(log)) == (0o700, 0o700, 0o600)

        log.chmod(0o644)  # as an earlier version left it, and full: the next entry rotates it
        with open(log, "a", encoding="utf-8") as handle:
            handle.write("x" * 1_000_000 + "\n")
        try:
            _save_the_payment()
        except RuntimeError as error:
            crash.write_log(error, error.__traceback__)
        older = home / "logs" / "errors.log.1"
        assert older.stat().st_size > 1_000_000 and "FOREIGN KEY" in log.read_text("utf-8")
        assert (mode(log), mode(older)) == (0o600, 0o600)
    finally:
        os.umask(before)
