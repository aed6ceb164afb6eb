"""No test reads back an item Qt made, unless it checks that very item (tests/ui/cells.py).

The same stale-item crash test_qt_items_never_read.py keeps out of ui/: a test that read a cell
with `table.item(r, c).text()` and then failed kept the item's Python object alive in the
traceback pytest holds, and a later test on the same worker could crash, or get a window's
status bar back as a QTableWidgetItem. Tests read cells and headers through the model
(ui/table_fill.cell_text, tests/ui/cells.py); the sites in CHECKS_ITEMS read items on purpose."""

from __future__ import annotations

from pathlib import Path

from tests.ui.test_qt_items_never_read import ITEM_READS, _sites

TESTS = Path(__file__).resolve().parents[1]

# (file under tests/, function): why it reads items (or a name that is not a view's item).
CHECKS_ITEMS = {
    ("ui/test_header_items_made_here.py", "_made_here"): "createdByPython on each header item",
    ("ui/test_header_items_made_here.py", "test_a_stale_item_is_told_when_made_here"): (
        "shows a Qt-made header item outliving its deletion"
    ),
    ("ui/test_qt_items_made_here.py", "qt_made_headers"): "createdByPython on each header item",
    ("ui/test_qt_items_made_here.py", "qt_made_cells"): "createdByPython on each cell item",
    ("ui/test_chart_labels.py", "test_the_recovery_legend_is_at_the_users_text_size"): (
        "a legend label's QGraphicsTextItem attribute, not a view's item"
    ),
    ("ui/test_rules_broken_files_qa.py", "test_use_rule_set_offers_the_sound_ones"): (
        "the choice combo's QStandardItems, whose enabled flag is what is checked"
    ),
}
# Layouts' itemAt hands back QLayoutItems, not a view's items.
LAYOUT_ITEMS = {
    "ui/test_audit_filter_bar.py",
    "ui/test_courses_dialog.py",
    "ui/test_dashboard_freed.py",
    "ui/test_log_bars_fit.py",
    "ui/test_window_pg.py",
}


def _all_sites() -> dict[tuple[str, str], list[str]]:
    sites: dict[tuple[str, str], list[str]] = {}
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(TESTS).as_posix()
        for where, attr, line in _sites(path):
            if attr not in ITEM_READS or (attr == "itemAt" and name in LAYOUT_ITEMS):
                continue
            sites.setdefault((name, where), []).append(f"tests/{name}:{line} {attr}")
    return sites


def test_tests_read_cells_and_headers_through_the_model() -> None:
    sites = _all_sites()
    unsafe = [hit for key, hits in sites.items() if key not in CHECKS_ITEMS for hit in hits]
    assert unsafe == [], "\n".join(
        [
            *unsafe,
            "read cells with ui.table_fill.cell_text / cell_value and tests/ui/cells.py "
            "(cell_tip, header_text, type_text …); a test that checks the item itself goes "
            "in CHECKS_ITEMS",
        ]
    )


def test_every_allowed_site_is_still_there() -> None:
    """An entry left behind after its site went would let a new read there through unseen."""
    sites = _all_sites()
    assert [key for key in CHECKS_ITEMS if key not in sites] == []
