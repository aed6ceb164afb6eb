"""A new office's empty work queue asks first for the office's own details, which its visit sheets
and agreements print and which the set-up wizard does not ask: naming those still blank, then
ticked once Settings… › Office has saved them, in the user's language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit

from app.i18n import set_language
from tests.ui import test_first_steps_queue
from tests.ui.shots import grab

pytestmark = pytest.mark.gui

new_office = test_first_steps_queue.database  # a new office, nothing imported yet
MISSING = {
    "en": "(missing: the address, the phone, the safety contact for field visits): "
    "Settings… › Office (supervisor or admin)",
    "zh_CN": "（上门日程表和还款协议上会打印；尚缺：地址、电话、上门安全联系人）："
    "“设置…” › “营业部”（主管或管理员）",
}
FILLED = {
    "en": "✓ 1. Fill in the office's details, which the visit sheets and agreements print: "
    "Settings… › Office (supervisor or admin), or casedesk settings set.",
    "zh_CN": "✓ 1. 填写营业部信息（上门日程表和还款协议上会打印）："
    "“设置…” › “营业部”（主管或管理员），或 casedesk settings set。",
}


def _save_office(window, **fields: str) -> None:
    """Settings… › Office as an admin fills it in: the fields typed, saved, the window told."""
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.database, window.user, window)
    try:
        for name, value in fields.items():
            edit = dialog.fields[name]
            assert isinstance(edit, QLineEdit)
            edit.setText(value)
        result = dialog.try_save()
        assert result is not None and sorted(result.changed) == sorted(
            f"office.{f}" for f in fields
        )
        window.settings_saved(result)
    finally:
        dialog.deleteLater()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_office_details_are_a_first_step_until_saved(
    qtbot, new_office, screenshot_dir, lang
) -> None:
    from tests.ui.test_first_steps_queue import _admin
    from ui.main_window import MainWindow

    set_language(lang)
    try:
        window = MainWindow(new_office, _admin(new_office))
        qtbot.addWidget(window)
        window.resize(1024, 700)
        window.show()
        steps = window.queue.findChild(QLabel, "first_steps")
        assert steps is not None and steps.isVisible()
        first = steps.text().splitlines()[1]
        assert first.startswith("○ 1. ") and MISSING[lang] in first
        grab(window, screenshot_dir / f"first_steps_office_{lang}_before.png")
        _save_office(
            window,
            address="成都市武侯区人民南路四段 1 号",
            phone="028-8555 0100",
            safety_contact="王主管 138 0000 0000",
        )
        assert steps.text().splitlines()[1] == FILLED[lang]
        assert steps.text().splitlines()[2].startswith("○ 2. ")  # the staff: still to add
        grab(window, screenshot_dir / f"first_steps_office_{lang}_after.png")
    finally:
        set_language("en")
