"""No code in ui/ reads back an item Qt made (the rare CI segfaults; ui/table_fill.cell_text).

An item Qt makes itself (a cell filled through the model, a cell typed into, a header label, a
combo box's entry) comes back to Python, when read with `item()`, `horizontalHeaderItem()` or
an item-carrying signal, as an object Qt does not tell when it deletes the item. While that
object lives (a traceback, an attribute, a closure) a Qt object made later at the same address
comes back to Python as the stale item: a window's status bar read as a QTableWidgetItem, and
Qt crashed as a window was built. So ui/ reads cells through the model (ui/table_fill.py), makes
its header items in Python (ui/header_items.py), and reads items back only where it made them
all in Python itself: the sites in READ_BACK, whose tables tests/ui/test_qt_items_made_here.py
checks hold Python-made items only."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"

# Calls that hand Python an item object, and signals that pass one to their slots (cellChanged,
# cellDoubleClicked, activated … pass a row and column or a model index instead).
ITEM_READS = {
    "item",
    "itemAt",
    "itemFromIndex",
    "horizontalHeaderItem",
    "verticalHeaderItem",
    "currentItem",
    "selectedItems",
    "findItems",
    "takeItem",
    "takeHorizontalHeaderItem",
    "takeVerticalHeaderItem",
    "topLevelItem",
    "invisibleRootItem",
    "itemChanged",
    "itemClicked",
    "itemDoubleClicked",
    "itemActivated",
    "itemPressed",
    "itemEntered",
    "currentItemChanged",
}
# Calls that make Qt's own items, confined to the modules that never read them back as items.
QT_MADE = {
    "setHorizontalHeaderLabels": set(),
    "setVerticalHeaderLabels": set(),
    # there, a combo box's own call (it hands Python no item)
    "setItemData": {"table_fill.py", "indented_choices.py", "dialogs/training_record.py"},
}
# (file under ui/, function): why every item read there was made in Python.
READ_BACK = {
    ("main_window.py", "MainWindow.page"): "the side bar's QListWidgetItems",
    ("actions.py", "Actions._page_actions"): "the side bar's QListWidgetItems",
    ("palette.py", "CommandPalette.__init__"): "the palette's QListWidgetItems (refilter)",
    ("palette.py", "CommandPalette.shown_titles"): "the palette's QListWidgetItems",
    ("palette.py", "CommandPalette.greyed_titles"): "the palette's QListWidgetItems",
    ("palette.py", "CommandPalette.run_current"): "the palette's QListWidgetItems",
    ("pages/visits.py", "VisitsPage._calendar_clicked"): "calendar_cell, set per cell",
    ("pages/visits_today.py", "fit_today"): "day_header, the calendar's only header items",
    ("pages/visits_view.py", "fill_list"): "the list's cells, each set just before",
    ("pages/visits_selection.py", "follow_selection"): "the list's cells (fill_list)",
    ("pages/visits_selection.py", "show_in_calendar"): "calendar_cell, set per cell",
    ("dialogs/ruleset_choice.py", "RuleSetChoiceDialog.__init__"): (
        "the combo's QStandardItems, each added by addItem just before"
    ),
}


def _sites(path: Path) -> list[tuple[str, str, int]]:
    """(function, name, line) of each item read or Qt-made-item call in the file."""
    found: list[tuple[str, str, int]] = []

    def walk(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                inner = f"{where}.{child.name}" if where else child.name
            if isinstance(child, ast.Attribute) and (
                child.attr in ITEM_READS or child.attr in QT_MADE
            ):
                found.append((where, child.attr, child.lineno))
            walk(child, inner)

    walk(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def _all_sites() -> dict[tuple[str, str], list[str]]:
    sites: dict[tuple[str, str], list[str]] = {}
    for path in sorted(UI.rglob("*.py")):
        name = path.relative_to(UI).as_posix()
        for where, attr, line in _sites(path):
            if attr in QT_MADE and name in QT_MADE[attr]:
                continue
            if path.name == "flow.py" and attr == "itemAt":  # a layout's items, not a view's
                continue
            sites.setdefault((name, where), []).append(f"{name}:{line} {attr}")
    return sites


def test_ui_reads_back_only_items_it_made() -> None:
    sites = _all_sites()
    unsafe = [hit for key, hits in sites.items() if key not in READ_BACK for hit in hits]
    assert unsafe == [], "\n".join(
        [
            *unsafe,
            "read cells through ui/table_fill (cell_text, cell_value, set_cell), set headers with "
            "ui/header_items.set_headers, connect cellChanged/cellDoubleClicked, not item "
            "signals; or, where every item read was made in Python, add the site to READ_BACK",
        ]
    )


def test_every_read_back_site_is_still_there() -> None:
    """An entry left behind after its site went would let a new read there through unseen."""
    sites = _all_sites()
    assert [key for key in READ_BACK if key not in sites] == []
