"""The printed recovery-key sheet reads its labels as the window's language does: 营业部：…,
数据库：… and 打印日期：… in Chinese (a half-width ": " after Chinese words before)."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.gui
KEY = "-".join(["ABCD"] * 16)


def test_the_sheets_labels_take_the_languages_colon(qtbot, lang: str) -> None:
    from app.i18n import tr
    from ui.recovery_sheet import RecoverySheet

    sheet = RecoverySheet(
        KEY, lambda: "成都高新营业部", "/data/office.db", lambda: dt.date(2026, 3, 5)
    )
    qtbot.addWidget(sheet)
    text = sheet.document().toPlainText()
    colon = "：" if lang == "zh_CN" else ": "
    for name, value in (("Office", "成都高新营业部"), ("Database", "/data/office.db")):
        assert f"{tr(name)}{colon}{value}" in text
    assert f"{tr('Printed on')}{colon}2026-03-05" in text
    assert (": " in text) == (lang == "en")
