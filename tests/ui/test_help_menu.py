"""Help ▸ About Casedesk, Third-party licences and Keyboard shortcuts: the menu comes last in
both languages, About shows the version and the database and copies its details, the licences
dialog shows a text for Qt and each PDF font, the shortcuts table has Ctrl+K and Ctrl+F."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from app import __version__
from app.i18n import set_language
from tests.ui.test_queue import grab, open_office, window_for
from ui.actions import Action
from ui.dialogs.about import AboutDialog
from ui.dialogs.licences import LicencesDialog
from ui.dialogs.shortcuts import ShortcutsDialog
from ui.mnemonic_text import plain
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
NATIVE = QKeySequence.SequenceFormat.NativeText
WORDS = {
    "en": ("&Help", "About Casedesk…", "Search", "Database", "Version", "Office"),
    "zh_CN": ("帮助(&H)", "关于 Casedesk…", "搜索", "数据库", "版本", "营业部"),
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.fixture(params=["en", "zh_CN"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language(None)


def _opened(qtbot, window, action: Action, kind: type):  # type: ignore[no-untyped-def]
    """Trigger the menu's action and return the dialog it opened."""
    window.command_actions.by_id[action].trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(kind)), timeout=3000)
    return next(d for d in window.findChildren(kind) if d.isVisible())


def test_the_help_menu_comes_last(qtbot, database, lang: str) -> None:
    window = window_for(qtbot, database)
    help_title, about_title, *_rest = WORDS[lang]
    menus = window.menuBar().actions()
    assert menus[-1].text() == help_title
    titles = [plain(a.text()) for a in menus[-1].menu().actions() if not a.isSeparator()]
    assert titles[-1] == about_title and len(titles) == 3
    about = window.command_actions.by_id[Action.ABOUT]
    assert about.menuRole() == QAction.MenuRole.AboutRole  # macOS: the application menu


def test_about_shows_the_version_and_database_and_copies_them(
    qtbot, database, lang: str, screenshot_dir: Path
) -> None:
    window = window_for(qtbot, database)
    dialog = _opened(qtbot, window, Action.ABOUT, AboutDialog)
    rows = dict(dialog.rows)
    _help, _about, _search, db_word, version_word, office_word = WORDS[lang]
    assert rows[db_word] == database.shown
    assert dialog.values[db_word].text() == database.shown
    assert rows[version_word] == __version__
    assert rows[office_word] not in ("(unknown)", "（未知）")  # the demo office's name
    dialog.resize(560, 420)
    grab(dialog, screenshot_dir / f"help-about-{lang}.png")
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"Casedesk {__version__}\n")
    assert database.shown in copied and dialog.copied.text()
    dialog.close()


def test_the_licences_show_a_text_for_qt_and_each_font(
    qtbot, database, lang: str, screenshot_dir: Path
) -> None:
    window = window_for(qtbot, database)
    dialog = _opened(qtbot, window, Action.LICENCES, LicencesDialog)
    assert dialog.text.toPlainText()  # the first row is selected
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.select("Qt 6 / PySide6")
    assert "Apache License" in dialog.select("WenQuanYi Micro Hei")
    noto = dialog.select("Casedesk Han Extra (Noto Sans CJK SC)")
    assert "SIL OPEN FONT LICENSE" in noto
    assert "SIL OPEN FONT LICENSE" in dialog.select("qtawesome icon fonts (Font Awesome 5 Free …)")
    with pytest.raises(LookupError):
        dialog.select("No such component")
    dialog.select("Qt 6 / PySide6")
    dialog.resize(1100, 640)
    grab(dialog, screenshot_dir / f"help-licences-{lang}.png")
    dialog.close()


def test_the_shortcuts_table_comes_from_the_registry(
    qtbot, database, lang: str, screenshot_dir: Path
) -> None:
    window = window_for(qtbot, database)
    dialog = _opened(qtbot, window, Action.SHORTCUTS, ShortcutsDialog)
    keys = dialog.keys()
    search = WORDS[lang][2]
    assert keys[search] == QKeySequence("Ctrl+F").toString(NATIVE)
    assert QKeySequence("Ctrl+K").toString(NATIVE) in keys.values()
    assert QKeySequence("Ctrl+1").toString(NATIVE) in keys.values()  # the first page
    assert dialog.table.rowCount() == len(dialog.rows) >= 9 + 8
    for row in range(dialog.table.rowCount()):
        assert "&" not in cell_text(dialog.table, row, 0)  # "文件", not "文件(&F)"
    dialog.resize(560, 700)
    grab(dialog, screenshot_dir / f"help-shortcuts-{lang}.png")
    dialog.close()


def test_licence_prose_is_joined_so_the_box_wraps_it_once() -> None:
    from ui.dialogs.licences import reflowed

    text = (
        "Permission is hereby granted, free of charge, to any person obtaining a\n"
        "copy of this software and associated documentation files (the\n"
        '"Software"), to deal in the Software.\n'
        "\n"
        "Copyright:\n"
        "    2008 Someone\n"
    )
    lines = reflowed(text).splitlines()
    assert lines[0].startswith("Permission") and lines[0].endswith("to deal in the Software.")
    assert lines[1:] == ["", "Copyright:", "    2008 Someone"]
