"""The Settings dialog's number boxes allow what the core takes and no less (found by QA: the
Security tab let "Wrong passwords before an account locks" go down to 0)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QSpinBox

from app import settings
from app.money import from_minor
from app.office_settings import bounds
from tests.ui.test_queue import login, open_office

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_each_box_has_the_cores_bounds(qtbot, database) -> None:
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(database, login(database, "admin"))
    qtbot.addWidget(dialog)
    lockout = dialog.fields["security.max_failed_logins"]
    assert isinstance(lockout, QSpinBox) and lockout.minimum() == 1
    lockout.setValue(0)  # as typing 0 would: the box keeps its floor
    assert lockout.value() == 1
    assert dialog.fields["security.lockout_minutes"].minimum() == 1
    assert dialog.fields["security.idle_lock_minutes"].minimum() == 0  # 0 = never
    assert dialog.fields["agreement.settlement_due_days"].minimum() == 1
    checked = 0
    for key, widget in dialog.fields.items():
        if key not in settings.DEFAULTS or not isinstance(widget, QSpinBox | QDoubleSpinBox):
            continue
        low, top = bounds(key)
        if isinstance(widget, QDoubleSpinBox):
            assert widget.minimum() == float(from_minor(low)), key
        else:
            assert widget.minimum() == low, key
            assert top is None or widget.maximum() == top, key
        checked += 1
    assert checked >= 15
    # What the boxes hold is saved as it is: every value they allow, the core takes.
    lockout.setValue(1)
    result = dialog.try_save()
    assert result is not None and "security.max_failed_logins" in result.changed
    with database.sessions() as s:
        assert settings.get(s, "security.max_failed_logins") == 1


def test_a_value_stored_below_the_floor_is_shown_at_the_floor(qtbot, database) -> None:
    """An office that saved 0 before the floor existed opens the dialog on 1 and can save."""
    from app.models import Setting
    from ui.dialogs.settings import SettingsDialog

    with database.session() as s:
        s.add(Setting(key="security.max_failed_logins", value=0))
    dialog = SettingsDialog(database, login(database, "admin"))
    qtbot.addWidget(dialog)
    assert dialog.fields["security.max_failed_logins"].value() == 1
    assert dialog.try_save() is not None
    with database.sessions() as s:
        assert settings.get(s, "security.max_failed_logins") == 1
