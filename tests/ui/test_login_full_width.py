"""The login box takes a user name typed in full-width letters (ａｇｅｎｔ０１, a Chinese input
method's full-width mode) or with a trailing space as the same account; QA: "Wrong user name or
password". Screenshots in English and Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("typed", ["ａｇｅｎｔ０１", "agent01 "])
def test_a_full_width_or_padded_name_logs_in(qtbot, demo_db, typed, lang, screenshot_dir) -> None:
    from ui.login import LoginDialog

    dialog = LoginDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText(typed)
    dialog.password.setText("wrong")
    dialog.try_login()
    assert dialog.user is None and dialog.error.isVisible()
    QApplication.processEvents()
    assert dialog.grab().save(str(screenshot_dir / f"login_full_width_{lang}.png"))
    dialog.password.setText("demo")
    dialog.try_login()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.user is not None and dialog.user.username == "agent01"
