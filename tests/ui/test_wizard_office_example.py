"""The first-run wizard's office name example follows the chosen rule set: a Chinese office's
"e.g. Chengdu branch", a UK office's "e.g. Leeds branch", a US office's "e.g. Columbus branch"
(a UK or US office was offered Chengdu). Screenshots in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.test_wizard import home
from tests.ui.test_wizard_uk_office import _office_page

pytestmark = pytest.mark.gui
__all__ = ["home"]
EXAMPLES = {
    "en": {"cn": "e.g. Chengdu branch", "uk": "e.g. Leeds branch", "us": "e.g. Columbus branch"},
    "zh_CN": {"cn": "例如：成都营业部", "uk": "例如：利兹营业部", "us": "例如：哥伦布营业部"},
}


def test_the_office_name_example_follows_the_rule_set(qtbot, home, lang, screenshot_dir) -> None:
    wizard, office = _office_page(qtbot, home)
    assert office.rules.currentData() == "cn"
    assert office.name.placeholderText() == EXAMPLES[lang]["cn"]
    for rules in ("uk", "us", "cn", "uk"):
        office.rules.setCurrentIndex(office.rules.findData(rules))
        assert office.name.placeholderText() == EXAMPLES[lang][rules]
    wizard.grab().save(str(Path(screenshot_dir) / f"qapost-wizard-uk-example-{lang}.png"))
