"""An admin gives the office another time zone and rule set in Settings (their first week: the
wizard's choice was wrong): the window is re-created, as for a new language, and every page shows
the office as it now is — the queue's last contact on the new clock, the Rules page the new rule
set, the Borrowers list the new country's name for the ID number, the Visits and Compliance log
pages the new zone. They went on with the old ones until Casedesk was started again. A change
the pages read afresh (the office's phone) keeps the window as it is."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.i18n import tr as _
from app.id_labels import id_label
from app.wall_clock import wall_time
from tests.ui.test_queue import open_office, window_for
from ui import std_buttons
from ui.commands import OPEN_WINDOWS

pytestmark = pytest.mark.gui
LONDON = zoneinfo.ZoneInfo("Europe/London")
LAST_CONTACT = 11


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    while OPEN_WINDOWS:
        OPEN_WINDOWS.pop().close()


def _save(qtbot, window, **fields: str):  # type: ignore[no-untyped-def]
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.database, window.user, window)
    qtbot.addWidget(dialog)
    for name, value in fields.items():
        widget = dialog.fields[name]
        if name == "jurisdiction":
            widget.setCurrentIndex(widget.findData(value))
        elif name == "timezone":
            widget.setCurrentText(value)
        else:
            widget.setText(value)
    result = dialog.try_save()
    assert result is not None
    return window.settings_saved(result)


def _contacted_row(window) -> tuple[int, object]:  # type: ignore[no-untyped-def]
    model = window.queue.model
    for row in range(model.rowCount()):
        data = model.row_data(row)
        if data is not None and data.last_contact_at is not None:
            return row, data
    raise AssertionError("the demo office has contacted cases")


def test_a_new_time_zone_and_rule_set_show_on_every_page_at_once(
    qtbot, database, screenshot_dir, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    # The switch to the US rule set is asked first (tests/ui/test_ruleset_switch_asks.py): Yes.
    monkeypatch.setattr(std_buttons, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    window = window_for(qtbot, database, "admin")
    window.show_page(window.queue)
    row, data = _contacted_row(window)
    shown = window.queue.model.index(row, LAST_CONTACT).data()
    assert "China" in window.page("rules").header.text()

    rebuilt = _save(qtbot, window, timezone="Europe/London", jurisdiction="us")
    if rebuilt is not None:
        qtbot.addWidget(rebuilt)
    new = rebuilt or window  # the window now on screen
    new.show_page(new.queue)
    new_row = new.queue.model.row_of(data.id)
    assert new_row is not None
    london = wall_time(data.last_contact_at, LONDON)
    assert london != shown  # eight hours apart
    assert new.queue.model.index(new_row, LAST_CONTACT).data() == london
    rules = new.page("rules")
    new.show_page(rules)
    assert "China" not in rules.header.text() and "United States" in rules.header.text()
    new.grab().save(str(screenshot_dir / "settings_rule_set_switched_rules_page.png"))
    borrowers = new.page("borrowers")
    assert borrowers.table.model().headerData(2, Qt.Orientation.Horizontal) == _(id_label("US"))
    assert new.page("visits").zone == LONDON
    from ui.pages import compliance_log

    new.page("compliance_log")
    assert compliance_log.ZONE[0] == LONDON


def test_another_phone_number_keeps_the_window(qtbot, database) -> None:
    window = window_for(qtbot, database, "admin")
    assert _save(qtbot, window, phone="028-8888 0000") is None
    assert window.isVisible()
