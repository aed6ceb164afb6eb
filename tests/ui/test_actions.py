"""Actions declared once (ui/actions.py): the menu bar, Ctrl+1…9 for the side-bar pages, Ctrl+F,
Ctrl+L, the command palette (Ctrl+K: filter, Enter runs), icons, and tables that remember their
columns and sort."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.ui.cells import cell_icon
from tests.ui.test_queue import grab, open_office, window_for
from ui.actions import Action

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.fixture
def forget_tables() -> Iterator[None]:
    """The saved table states go with the test: the settings file lasts the whole test run."""
    from ui.table_state import PREFIX, settings

    yield
    store = settings()
    store.remove(PREFIX)
    store.sync()


def _press(qtbot, window, sequence: str) -> None:
    """Type a shortcut into the active window, as a user would."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    key = QKeySequence(sequence)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, key.key(), key.keyboardModifiers())


def test_menus_shortcuts_and_icons_come_from_the_one_registry(qtbot, database) -> None:
    window = window_for(qtbot, database)
    registry = window.command_actions
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Go", "&Case", "&Help"]
    go = window.menuBar().actions()[2].menu()
    assert len(go.actions()) == window.sidebar.count()
    assert registry.by_id[Action.SETTINGS].shortcut() == QKeySequence("Ctrl+,")
    assert registry.by_id[Action.PALETTE].shortcut() == QKeySequence("Ctrl+K")
    # Icons come right after the window's first paint (the icon font is not loaded at start).
    qtbot.waitUntil(lambda: not cell_icon(window.sidebar, 0, 0).isNull(), timeout=5000)
    for row in range(min(window.sidebar.count(), 9)):
        assert registry.pages[row].shortcut() == QKeySequence(f"Ctrl+{row + 1}")
        assert not cell_icon(window.sidebar, row, 0).isNull()
    assert not registry.by_id[Action.SETTINGS].icon().isNull()
    assert registry.by_id[Action.GO_DASHBOARD] is registry.pages[0]


def test_page_shortcuts_search_and_lock(qtbot, database) -> None:
    window = window_for(qtbot, database)
    window.activateWindow()
    _press(qtbot, window, "Ctrl+2")
    assert window.stack.currentWidget() is window.queue
    _press(qtbot, window, "Ctrl+1")
    assert window.stack.currentWidget() is window.dashboard
    _press(qtbot, window, "Ctrl+4")
    assert window.stack.currentWidget() is window.borrowers
    window.command_actions.by_id[Action.SEARCH].trigger()  # the borrowers' own search box
    assert window.focusWidget() is window.borrowers.search
    window.show_page(window.dashboard)  # no search box here: the queue's
    window.command_actions.by_id[Action.SEARCH].trigger()
    assert window.stack.currentWidget() is window.queue
    assert window.focusWidget() is window.queue.search
    window.command_actions.by_id[Action.LOCK].trigger()
    assert window.idle_lock.is_locked()
    assert window.idle_lock.try_unlock("demo")


def test_log_contact_without_a_case_says_so(qtbot, database) -> None:
    window = window_for(qtbot, database)
    window.command_actions.by_id[Action.LOG_CONTACT].trigger()
    assert window.stack.currentWidget() is window.cases
    assert window.statusBar().currentMessage() == "Open a case first."


def test_palette_filters_and_enter_runs_the_action(qtbot, database, screenshot_dir) -> None:
    window = window_for(qtbot, database)
    window.activateWindow()
    _press(qtbot, window, "Ctrl+K")
    palette = window.command_palette
    assert palette is not None and palette.isVisible()
    everything = palette.shown_titles()
    assert "Complaints" in everything and "Settings" in everything and "Quit" in everything
    qtbot.keyClicks(palette.filter, "compl")
    assert palette.shown_titles() == ["Compliance log", "Complaints"]
    qtbot.keyClick(palette.filter, Qt.Key.Key_Down)
    grab(palette, screenshot_dir / "palette_en.png")
    qtbot.keyClick(palette.filter, Qt.Key.Key_Return)
    assert not palette.isVisible()
    assert window.stack.currentWidget() is window.complaints
    window.show_palette()
    qtbot.keyClicks(palette.filter, "nothing like this")
    assert palette.shown_titles() == [] and palette.empty.isVisibleTo(palette)
    assert palette.run_current() is False


def test_palette_in_chinese_matches_english_words_too(qtbot, database, screenshot_dir) -> None:
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        palette = window.show_palette()
        palette.filter.setText("投诉")  # QTest types ASCII only
        assert palette.shown_titles() == ["投诉"]
        grab(palette, screenshot_dir / "palette_zh_CN.png")
        palette.filter.clear()
        qtbot.keyClicks(palette.filter, "queue")  # the English msgid still matches
        assert palette.shown_titles() == ["工作队列"]
        qtbot.keyClick(palette.filter, Qt.Key.Key_Return)
        assert window.stack.currentWidget() is window.queue
    finally:
        set_language("en")


def test_tables_remember_widths_and_sort(qtbot, database, forget_tables) -> None:
    from ui.table_state import REMEMBERED

    window = window_for(qtbot, database)
    table = window.borrowers.table
    header = table.horizontalHeader()
    header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    table.setProperty(REMEMBERED, True)  # as after the user dragged a column edge
    header.resizeSection(0, 233)
    from ui.table_state import save

    save(table, "borrowers")
    window.close()
    again = window_for(qtbot, database)
    header = again.borrowers.table.horizontalHeader()
    assert header.sectionSize(0) == 233
    assert header.sortIndicatorSection() == 1
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert again.borrowers.model.sort_column == 1 and again.borrowers.model.descending
    again.hub.announce("borrower")  # a refresh keeps the user's width
    assert header.sectionSize(0) == 233


def test_widths_only_fitted_last_time_are_fitted_anew(qtbot, database, forget_tables) -> None:
    """A column fitted last session to narrower rows (or the other language) is not brought
    back: only the user's own widths are; the order and the sort still are."""
    from ui.table_state import REMEMBERED, save

    window = window_for(qtbot, database)
    table = window.audit.table
    header = table.horizontalHeader()
    fitted = header.sectionSize(1)
    assert not table.property(REMEMBERED)
    header.resizeSection(1, 20)  # as a fit to other rows left it
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # When (No. comes first)
    save(table, "audit")
    window.close()
    again = window_for(qtbot, database)
    header = again.audit.table.horizontalHeader()
    assert header.sectionSize(1) == fitted
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_a_table_saved_with_other_columns_is_laid_out_anew(qtbot, database, forget_tables) -> None:
    """A release that adds a column: the user's widths, saved for one column fewer, are
    forgotten rather than laid over the new columns (Qt would append the new one past a
    stretched last column, away from its data)."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from ui.table_state import PREFIX, REMEMBERED, save, saved_sections, settings

    window = window_for(qtbot, database)
    columns = window.agreements.model.columnCount()
    old = QTableView()
    old.setModel(QStandardItemModel(0, columns - 1))
    old.horizontalHeader().resizeSection(0, 233)
    old.horizontalHeader().moveSection(0, 2)
    old.horizontalHeader().hideSection(1)
    old.setProperty(REMEMBERED, True)
    assert saved_sections(old.horizontalHeader().saveState()) == columns - 1
    save(old, "agreements")
    window.close()
    again = window_for(qtbot, database)
    table = again.agreements.table
    header = table.horizontalHeader()
    assert not table.property(REMEMBERED)
    assert header.sectionSize(0) != 233 and not header.isSectionHidden(1)
    assert [header.logicalIndex(i) for i in range(columns)] == list(range(columns))
    assert settings().value(f"{PREFIX}/agreements/header") is None
    # A state for as many columns as the table has still comes back.
    header.resizeSection(0, 233)
    table.setProperty(REMEMBERED, True)
    save(table, "agreements")
    again.close()
    assert window_for(qtbot, database).agreements.table.horizontalHeader().sectionSize(0) == 233
    assert saved_sections(b"not a header state") is None
    # A corrupt state naming billions of sections is refused at once, not read for minutes.
    state = bytes(save_state := table.horizontalHeader().saveState())
    assert saved_sections(state[:21] + b"\xff\xff\xff\xf0" + state[25:]) is None  # 1st count
    assert saved_sections(save_state) == columns


def test_a_title_with_an_ampersand_keeps_it_in_the_menu_and_the_palette(qtbot, database) -> None:
    """ "Agents & training" is not "Agents _training" (a mnemonic on the space) in the Go menu,
    nor "Agents  training" in the palette."""
    window = window_for(qtbot, database)
    action = window.command_actions.by_id[Action.GO_TRAINING]
    assert action.text() == "Agents && &training"  # Qt shows "&&" as "&"; Alt+G, T opens it
    assert action.iconText() == "Agents & training"
    palette = window.show_palette()
    qtbot.keyClicks(palette.filter, "training")
    assert palette.shown_titles() == ["Agents & training"]
    palette.filter.setText("agents & t")
    assert palette.shown_titles() == ["Agents & training"]
