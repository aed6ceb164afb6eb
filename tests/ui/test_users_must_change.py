"""The Users dialog says who must still choose their own password (an account the admin added, or
whose password they reset), and its forms tell the truth: the owner is asked at their next login."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from tests.conftest import TEST_KEY
from tests.ui.test_trust import grab_over, when_modal, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui

MUST = {"en": "Must change password", "zh_CN": "须改密码"}
CAN = {"en": "Can log in", "zh_CN": "可登录"}


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _states(dialog) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        cell_text(dialog.table, r, 0): cell_text(dialog.table, r, 3)
        for r in range(dialog.table.rowCount())
    }


def test_the_list_shows_who_must_still_change_their_password(
    qtbot, database, screenshot_dir, lang
) -> None:
    from app.accounts import change_own_password
    from app.auth import authenticate
    from ui.dialogs.users import NewAccountDialog, NewPasswordDialog, UsersDialog

    window = window_for(qtbot, database, "admin")
    dialog = UsersDialog(database, window.user, window)
    qtbot.addWidget(dialog)
    assert set(_states(dialog).values()) == {CAN[lang]}  # the demo's logins: none marked
    hints: dict[str, str] = {}

    def add(new: QDialog) -> None:
        assert isinstance(new, NewAccountDialog)
        hints["add"] = new.findChild(QLabel, "hint").text()
        new.username.setText("agent07")
        new.display_name.setText("钱七")
        new.password.setText("Lotus-pond-42")
        new.repeat.setText("Lotus-pond-42")
        grab_over(window, new, screenshot_dir / f"qamust-users-add-{lang}.png")
        new.try_save()

    when_modal(NewAccountDialog, add)
    assert dialog.add() == "agent07"
    assert _states(dialog)["agent07"] == MUST[lang]
    assert _states(dialog)["agent01"] == CAN[lang]
    said = {
        "en": "Added agent07. They choose their own at their first login.",
        "zh_CN": "已添加 agent07。本人首次登录时须设置自己的密码。",
    }
    assert dialog.status.text() == said[lang]
    assert "first login" in hints["add"] or "首次登录" in hints["add"]

    def reset(new: QDialog) -> None:
        assert isinstance(new, NewPasswordDialog)
        hint = new.findChild(QLabel, "hint")
        hints["reset"] = hint.text() if hint is not None else ""
        new.password.setText("Maple-road-77")
        new.repeat.setText("Maple-road-77")
        new.try_save()

    assert dialog.select("agent02")
    when_modal(NewPasswordDialog, reset)
    assert dialog.reset()
    assert _states(dialog)["agent02"] == MUST[lang]
    assert "next login" in hints["reset"] or "下次登录" in hints["reset"]
    assert dialog.status.text().endswith(
        "They choose their own at their next login."
        if lang == "en"
        else "本人下次登录时须设置自己的密码。"
    )
    grab_over(window, dialog, screenshot_dir / f"qamust-users-{lang}.png")

    assert dialog.select("admin")  # one's own reset: no such hint, no mark
    when_modal(NewPasswordDialog, reset)
    assert dialog.reset()
    assert hints["reset"] == "" and _states(dialog)["admin"] == CAN[lang]

    agent = authenticate(database.sessions, "agent07", "Lotus-pond-42")
    change_own_password(database.sessions, agent.id, "Lotus-pond-42", "Heron-lake-93")
    dialog.reload()
    assert _states(dialog)["agent07"] == CAN[lang]
