"""The first-run wizard's office page for a UK office: choosing the UK rule set brings pounds and
London time (the zone was left on Shanghai's); a zone the user chose stays when the rule set
changes. Screenshots in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.i18n import set_language
from tests.ui.test_wizard import home

pytestmark = pytest.mark.gui
__all__ = ["home"]


def _office_page(qtbot, home: Path):
    from app.paths import default_db_path
    from ui.wizard import SetupWizard

    wizard = SetupWizard(default_db_path())
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard, wizard.office


def test_the_uk_rule_set_brings_pounds_and_london_time(qtbot, home, screenshot_dir) -> None:
    wizard, office = _office_page(qtbot, home)
    assert office.timezone.currentText() == "Asia/Shanghai"
    office.name.setText("Leeds Collections")
    office.rules.setCurrentIndex(office.rules.findData("uk"))
    assert office.currency.currentText() == "GBP"
    assert office.timezone.currentText() == "Europe/London"
    wizard.grab().save(str(Path(screenshot_dir) / "wizard_uk_office_en.png"))
    office.rules.setCurrentIndex(office.rules.findData("us"))
    assert office.timezone.currentText() == "America/New_York"
    office.rules.setCurrentIndex(office.rules.findData("cn"))
    assert office.timezone.currentText() == "Asia/Shanghai"


def test_a_chosen_zone_stays_when_the_rule_set_changes(qtbot, home) -> None:
    _wizard, office = _office_page(qtbot, home)
    office.timezone.setCurrentText("America/Chicago")
    office.rules.setCurrentIndex(office.rules.findData("us"))
    assert office.timezone.currentText() == "America/Chicago"
    office.timezone.setCurrentText("Europe/Belfast")
    office.rules.setCurrentIndex(office.rules.findData("uk"))
    assert office.timezone.currentText() == "Europe/Belfast"


def test_the_uk_office_page_in_chinese(qtbot, home, screenshot_dir) -> None:
    set_language("zh_CN")
    try:
        wizard, office = _office_page(qtbot, home)
        office.rules.setCurrentIndex(office.rules.findData("uk"))
        assert office.timezone.currentText() == "Europe/London"
        wizard.grab().save(str(Path(screenshot_dir) / "wizard_uk_office_zh.png"))
    finally:
        set_language("en")
