"""Switching language in Settings: saved on the user's row, the window re-created in Chinese
(side bar, menus, pages) without logging out, Qt's own buttons translated, and back again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import current_language, set_language
from app.models import User
from tests.ui.test_queue import grab, open_office, window_for
from ui.commands import OPEN_WINDOWS
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    from ui.language import apply_language

    apply_language("en")
    while OPEN_WINDOWS:
        OPEN_WINDOWS.pop().close()


def _choose(qtbot, window, lang: str):
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.database, window.user, window)
    qtbot.addWidget(dialog)
    combo = dialog.fields["language"]
    combo.setCurrentIndex(combo.findData(lang))
    result = dialog.try_save()
    assert result is not None and result.language_changed
    return window.settings_saved(result)


def test_switch_to_chinese_and_back(qtbot, database, screenshot_dir) -> None:
    window = window_for(qtbot, database, "agent01")
    window.show_page(window.queue)
    assert cell_text(window.sidebar, 0, 0) == "Dashboard"
    chinese = _choose(qtbot, window, "zh_CN")
    qtbot.addWidget(chinese)
    assert current_language() == "zh_CN"
    titles = [cell_text(chinese.sidebar, i, 0) for i in range(chinese.sidebar.count())]
    assert titles[:3] == ["总览", "工作队列", "案件"]
    assert [a.text() for a in chinese.menuBar().actions()][0] == "文件(&F)"
    assert chinese.user.username == "agent01"  # still logged in, same page
    assert chinese.stack.currentWidget() is chinese.queue
    assert chinese.dashboard.tiles["overdue"].title.text() == "逾期金额"
    # Qt's own strings (standard buttons, file dialogs) come from qtbase_zh_CN.qm.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    with database.sessions() as s:
        assert s.scalar(select(User.language).where(User.username == "agent01")) == "zh_CN"
    grab(chinese, screenshot_dir / "queue_after_switch_zh_CN.png")
    english = _choose(qtbot, chinese, "en")
    qtbot.addWidget(english)
    assert cell_text(english.sidebar, 1, 0) == "Work queue"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_users_language_applies_at_login(qtbot, database) -> None:
    from app.office_settings import set_user_language
    from ui.language import apply_language

    with database.session() as s:
        me = s.scalar(select(User).where(User.username == "agent02"))
        set_user_language(s, me, "zh_CN")
        language = me.language
    try:
        assert apply_language(language) == "zh_CN"
        window = window_for(qtbot, database, "agent02")
        assert cell_text(window.sidebar, 1, 0) == "工作队列"
        assert apply_language(None) == "en"  # "system default" here is CASEDESK_LANG=en
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_page_in_both_sizes(qtbot, database, screenshot_dir, lang) -> None:
    """A screenshot of every side-bar page at 1366×768 and 1920×1080 (look at them); in Chinese
    no side-bar title or menu is left in English."""
    set_language(lang)
    try:
        window = window_for(qtbot, database, "admin")
        titles = [cell_text(window.sidebar, i, 0) for i in range(window.sidebar.count())]
        menus = [a.text() for a in window.menuBar().actions()]
        if lang == "zh_CN":
            assert not [t for t in titles + menus if t.isascii()], titles + menus
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            for row in range(window.sidebar.count()):
                window.sidebar.setCurrentRow(row)
                name = type(window.stack.currentWidget()).__name__.removesuffix("Page").lower()
                grab(window, screenshot_dir / f"page_{row:02d}_{name}_{lang}_{width}.png")
    finally:
        set_language("en")


def test_a_language_casedesk_does_not_speak_is_refused_not_taken_as_english(database) -> None:
    """The window's language is applied only in a language Casedesk speaks (its other spellings
    too); "fr" is refused with the CLI's words and the language in use stays as it was."""
    from app.errors import ValidationError
    from ui.language import apply_language

    try:
        assert apply_language("zh-CN") == "zh_CN"
        with pytest.raises(ValidationError) as refused:
            apply_language("fr")
        assert refused.value.translated("en") == "unsupported language fr; choose one of: en, zh_CN"
        assert current_language() == "zh_CN"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert apply_language("en_US.UTF-8") == "en"
    finally:
        apply_language("en")


def _window_entry(tmp_path: Path, *args: str, **env: str):  # type: ignore[no-untyped-def]
    """`python -m ui ARGS` in a real subprocess, offscreen, with a home of its own."""
    import os
    import subprocess
    import sys

    environment = dict(os.environ)
    environment.pop("CASEDESK_LANG", None)
    environment.update(
        CASEDESK_HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        QT_QPA_PLATFORM="offscreen",
        **env,
    )
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,  # without the check the window would start and wait for a user
    )


def test_the_window_refuses_lang_fr_as_a_usage_error_like_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m ui --lang fr` is refused before any window, exit 2, in the words of
    `casedesk --lang fr`; an accepted spelling of a language Casedesk speaks is not refused."""
    from app.cli.main import main

    said = "casedesk: argument --lang: unsupported language fr; choose one of: en, zh_CN"
    done = _window_entry(tmp_path, "--lang", "fr")
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[0].startswith("usage: python -m ui")
    assert done.stderr.splitlines()[-1] == said
    assert done.stdout == ""
    assert main(["--lang", "fr"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == said
    done = _window_entry(tmp_path, "--lang", "zh-CN", "--help")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.startswith("用法：python -m ui")
    assert "Casedesk 桌面程序" in done.stdout


def test_an_unknown_casedesk_lang_is_said_once_by_the_window_entry(tmp_path: Path) -> None:
    """CASEDESK_LANG=fr is not a refusal (it may be set for other programs): the window's entry
    says it once on stderr, as the CLI does, and carries on in English."""
    done = _window_entry(tmp_path, "--help", CASEDESK_LANG="fr")
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "casedesk: CASEDESK_LANG=fr is not a language Casedesk speaks (en, zh_CN); "
        "messages are in English.\n"
    )
    assert done.stdout.startswith("usage: python -m ui")
    assert "--lang LANG" in done.stdout


def test_the_real_start_with_an_unknown_casedesk_lang_says_it_once(
    demo_path: Path, tmp_path: Path
) -> None:
    """The whole start to the queue's first paint (logged in by the start-up probe): the
    warning comes once, though the language is applied at every step of the start."""
    from tests.conftest import TEST_KEY

    done = _window_entry(
        tmp_path,
        "--db",
        str(demo_path),
        CASEDESK_LANG="fr",
        CASEDESK_DB_KEY=TEST_KEY,
        CASEDESK_USER="supervisor",
        CASEDESK_PASSWORD="demo",
        CASEDESK_EXIT_AFTER_FIRST_PAINT="1",
    )
    assert done.returncode == 0, done.stderr
    assert any(line.startswith("first-paint-s=") for line in done.stdout.splitlines())
    assert done.stderr.count("CASEDESK_LANG=fr is not a language Casedesk speaks") == 1


def test_qts_own_file_dialog_speaks_chinese_where_qtbase_lacks_the_words(qtbot, qapp) -> None:
    """The widget-based file dialog (Linux without a desktop portal) asks Qt for "&Look in:" and
    "Files of &type:", which qtbase_zh_CN lacks: they showed in English in the Chinese window."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    from ui.language import apply_language

    try:
        apply_language("zh_CN")
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
        assert QCoreApplication.translate("QFileDialog", "Back") == "后退"  # qtbase's, still
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        words = {label.text() for label in dialog.findChildren(QLabel)}
        assert {"查找范围(&L)：", "文件类型(&T)："} <= words, words
        assert not any(w.isascii() and w.strip(" &:") for w in words if w), words
    finally:
        apply_language("en")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"


def test_qts_own_file_dialog_calls_a_folder_a_folder_in_chinese(qtbot, qapp, tmp_path) -> None:
    """Its Type column read "Folder" for every folder in the Chinese window (QA s42): Qt 6 asks
    QAbstractFileIconProvider, which qtbase_zh_CN lacks."""
    from PySide6.QtWidgets import QFileDialog, QTreeView

    from ui.language import apply_language

    (tmp_path / "sub").mkdir()
    try:
        apply_language("zh_CN")
        dialog = QFileDialog(None, "", str(tmp_path))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        qtbot.addWidget(dialog)
        dialog.show()
        view = dialog.findChild(QTreeView)
        model, root = view.model(), view.rootIndex()
        qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 1, timeout=5000)
        root = view.rootIndex()
        kinds = {model.index(r, 2, root).data() for r in range(model.rowCount(root))}
        assert kinds == {"文件夹"}, kinds
    finally:
        apply_language("en")


def test_the_open_case_stays_open_across_a_switch(qtbot, database) -> None:
    """The window comes back on the Cases page with the case that was open (QA s42: it came back
    on "No case open", and the user had to find the case again)."""
    from app.models import Case

    with database.sessions() as s:
        case_no = s.scalar(select(Case.case_no).order_by(Case.id).limit(1))
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.cases)
    assert window.cases.show_case(case_no)
    chinese = _choose(qtbot, window, "zh_CN")
    qtbot.addWidget(chinese)
    assert chinese.stack.currentWidget() is chinese.cases
    assert chinese.cases.detail is not None and chinese.cases.detail.case_no == case_no
    english = _choose(qtbot, chinese, "en")
    qtbot.addWidget(english)
    assert english.cases.detail is not None and english.cases.detail.case_no == case_no


def test_the_queues_filters_and_search_stay_across_a_switch(qtbot, database) -> None:
    """QA s47 M #4: the window came back with the page and the open case, but the Work queue's
    bucket, agent, status and search were dropped (All buckets, every case again)."""
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.queue)
    queue = window.queue
    everything = len(queue.model.ids())
    queue.bucket.setCurrentIndex(queue.bucket.findData("M1"))
    case = next(r for r in queue.model.all_rows() if r.agent)  # one to find with every filter
    queue.agent.setCurrentIndex(queue.agent.findText(case.agent))
    queue.status.setCurrentIndex(queue.status.findData(case.status))
    queue.search.setText(case.case_no)
    queue.search.fire()
    kept, rows = queue.filter, queue.model.ids()
    assert kept.bucket == "M1" and kept.agent_id and kept.status == case.status
    assert kept.search == case.case_no and rows == [case.id] and everything > 1
    chinese = _choose(qtbot, window, "zh_CN")
    qtbot.addWidget(chinese)
    again = chinese.queue
    assert chinese.stack.currentWidget() is again
    assert again.filter == kept and again.search.text() == case.case_no
    assert [c.currentData() for c in (again.bucket, again.agent, again.status)] == [
        "M1",
        kept.agent_id,
        case.status,
    ]
    assert again.agent.currentText() == case.agent and again.model.ids() == rows
    english = _choose(qtbot, chinese, "en")
    qtbot.addWidget(english)
    assert english.queue.filter == kept and english.queue.model.ids() == rows
