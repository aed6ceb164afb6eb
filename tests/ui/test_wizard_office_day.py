"""The recovery key sheet the set-up wizard prints is dated on the office's clock, in the zone
chosen for it, not this computer's: the office here keeps Kiritimati's time (UTC+14) and the
computer Pago Pago's (UTC-11), a day apart at every hour."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui
OFFICE, COMPUTER = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def test_the_recovery_sheet_is_printed_on_the_offices_day(
    qtbot, qapp: QApplication, tmp_path: Path, monkeypatch, computer_zone
) -> None:
    from ui.wizard import SetupWizard

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    computer_zone(COMPUTER)
    office_today = dt.datetime.now(zoneinfo.ZoneInfo(OFFICE)).date()
    assert dt.date.today() < office_today  # the computer is behind
    wizard = SetupWizard(tmp_path / "office.db")
    qtbot.addWidget(wizard)
    wizard.office.name.setText("成都高新营业部")
    wizard.office.timezone.setCurrentText(OFFICE)
    sheet = wizard.key_page.document().toPlainText()
    assert f"Printed on: {office_today.isoformat()}" in sheet
