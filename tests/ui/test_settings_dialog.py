"""The Settings dialog: an admin saves office details, rule set, weights, visit defaults, backup
rotation and idle lock through the core (audited); a bad value is shown under its field on its
tab and nothing is saved; an agent may only choose a language; screenshots in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app import settings
from app.i18n import set_language
from app.models import AuditEntry, Office
from tests.ui.test_queue import grab, login, open_office, window_for
from ui import std_buttons
from ui.mnemonic_text import plain

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _dialog(qtbot, database, username: str = "admin"):
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(database, login(database, username))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_admin_saves_everything_through_the_core(qtbot, database, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    # The switch to the US rule set is asked first (tests/ui/test_ruleset_switch_asks.py): Yes.
    monkeypatch.setattr(std_buttons, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    dialog = _dialog(qtbot, database)
    f = dialog.fields
    f["safety_contact"].setText("值班主管 138 0000 0000")
    f["address"].setText("成都市高新区天府大道 1 号")
    f["jurisdiction"].setCurrentIndex(f["jurisdiction"].findData("us"))
    f["priority.weight.dpd"].setValue(35)
    f["visit.checkout_grace_minutes"].setValue(45)
    f["visit.default_travel_cost"].setValue(80.5)
    assert f["agreement.waiver_approval_threshold"].value() == 1000.0  # 100,000 fen
    f["agreement.waiver_approval_threshold"].setValue(2500.5)
    f["agreement.settlement_due_days"].setValue(21)
    f["backup.keep_daily"].setValue(10)
    f["security.idle_lock_minutes"].setValue(3)
    result = dialog.try_save()
    assert result is not None and not result.language_changed
    assert result.idle_minutes == 3
    assert {"office.safety_contact", "jurisdiction", "visit.default_travel_cost"} <= set(
        result.changed
    )
    with database.sessions() as s:
        office = s.scalar(select(Office))
        assert office.safety_contact == "值班主管 138 0000 0000"
        assert office.jurisdiction == "us"
        assert settings.get(s, "priority.weight.dpd") == 35
        assert settings.get(s, "visit.checkout_grace_minutes") == 45
        assert settings.get(s, "visit.default_travel_cost") == 8050
        assert settings.get(s, "agreement.waiver_approval_threshold") == 250_050
        assert settings.get(s, "agreement.settlement_due_days") == 21
        assert settings.get(s, "backup.keep_daily") == 10
        actions = set(s.scalars(select(AuditEntry.action)))
        assert {"office.change", "ruleset.select", "setting.change"} <= actions


def test_a_bad_value_is_shown_under_its_field_and_nothing_is_saved(qtbot, database) -> None:
    dialog = _dialog(qtbot, database)
    with database.sessions() as s:
        before = s.scalar(select(func.count(AuditEntry.id)))
    dialog.fields["priority.weight.dpd"].setValue(33)
    dialog.fields["timezone"].setCurrentText("Mars/Olympus")
    dialog.tabs.setCurrentIndex(4)
    assert dialog.try_save() is None
    error = dialog.forms["office"].errors["timezone"]
    assert error.isVisibleTo(dialog) and "Mars/Olympus" in error.text()
    assert dialog.tabs.currentIndex() == 0  # the tab holding the field
    with database.sessions() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == before
        assert settings.get(s, "priority.weight.dpd") == 25
    dialog.fields["timezone"].setCurrentText("Asia/Shanghai")
    dialog.fields["name"].setText("   ")
    assert dialog.try_save() is None
    assert dialog.forms["office"].errors["name"].text() == "The office needs a name."
    assert not error.isVisibleTo(dialog)


def test_backup_folder_must_be_a_full_path(qtbot, database) -> None:
    dialog = _dialog(qtbot, database)
    dialog.fields["backup.folder"].setText("relative/folder")
    assert dialog.try_save() is None
    assert "relative/folder" in dialog.error.text() or any(
        "relative/folder" in label.text() for label in dialog.forms["backups"].errors.values()
    )


def test_no_backup_kept_at_all_is_refused_under_its_field(qtbot, database, screenshot_dir) -> None:
    dialog = _dialog(qtbot, database)
    for key in ("backup.keep_daily", "backup.keep_weekly", "backup.keep_monthly"):
        dialog.fields[key].setValue(0)
    dialog.tabs.setCurrentIndex(0)
    assert dialog.try_save() is None
    error = dialog.forms["backups"].errors["backup.keep_daily"]
    assert error.isVisibleTo(dialog) and error.text() == (
        "Keep at least one backup: daily, weekly and monthly backups kept cannot all be 0."
    )
    dialog.grab().save(str(screenshot_dir / "settings_backups_none_kept.png"))
    with database.sessions() as s:
        assert settings.get(s, "backup.keep_daily") == settings.DEFAULTS["backup.keep_daily"]
    dialog.fields["backup.keep_monthly"].setValue(1)  # one monthly backup is enough
    assert dialog.try_save() is not None
    with database.sessions() as s:
        assert [settings.get(s, f"backup.keep_{k}") for k in ("daily", "weekly", "monthly")] == [
            0,
            0,
            1,
        ]


def test_what_a_supervisor_and_an_agent_may_change(qtbot, database) -> None:
    supervisor = _dialog(qtbot, database, "supervisor")
    assert supervisor.fields["priority.weight.dpd"].isEnabled()
    assert not supervisor.fields["jurisdiction"].isEnabled()
    assert not supervisor.fields["backup.folder"].isEnabled()
    assert not supervisor.fields["backup.keep_daily"].isEnabled()  # none kept: none left
    # QA: a supervisor could set 100 wrong passwords before a lockout, admins' accounts too.
    for key in ("security.max_failed_logins", "security.lockout_minutes"):
        assert not supervisor.fields[key].isEnabled(), key
    supervisor.fields["priority.weight.dpd"].setValue(20)
    assert supervisor.try_save() is not None
    agent = _dialog(qtbot, database, "agent01")
    assert not agent.fields["name"].isEnabled()
    assert not agent.fields["priority.weight.dpd"].isEnabled()
    assert agent.fields["language"].isEnabled()
    result = agent.try_save()
    assert result is not None and result.changed == [] and not result.language_changed


def test_saving_from_the_window_updates_the_idle_lock(qtbot, database) -> None:
    window = window_for(qtbot, database, "admin")
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.database, window.user, window)
    qtbot.addWidget(dialog)
    dialog.fields["security.idle_lock_minutes"].setValue(2)
    window.settings_saved(dialog.try_save())
    assert window.idle_lock.milliseconds == 120_000


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots(qtbot, database, screenshot_dir, lang) -> None:
    set_language(lang)
    try:
        dialog = _dialog(qtbot, database)
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            grab(dialog, screenshot_dir / f"settings_{lang}_{index}.png")
        if lang == "zh_CN":
            assert dialog.windowTitle() == "设置"
            assert plain(dialog.tabs.tabText(1)) == "规则与优先级"  # its Alt+letter added
    finally:
        set_language("en")
