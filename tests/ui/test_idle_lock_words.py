"""The idle lock's refusal speaks of the password alone: the user name is the one logged in,
shown on the lock and not typed. QA (an agent's day, in Chinese): a wrong password under the
lock said "用户名或密码错误" (wrong user name or password) beside the fixed user name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import tr as _
from app.models import User
from tests.conftest import TEST_KEY
from tests.ui.test_idle_windows import window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def test_a_wrong_password_under_the_lock_says_the_password_is_wrong(
    qtbot, database, lang, screenshot_dir
) -> None:
    window = window_for(qtbot, database, "agent01")
    lock = window.idle_lock
    lock.lock()
    assert lock.is_locked()
    assert not lock.try_unlock("not-the-password")
    overlay = lock.front if lock.front is not None and lock.front.isVisible() else lock.overlay
    said = overlay.error.text()
    assert said == _("Wrong password.")
    assert said != _("Wrong user name or password.")
    assert said == {"en": "Wrong password.", "zh_CN": "密码错误。"}[lang]
    window.grab().save(str(screenshot_dir / f"idle_lock_wrong_password_{lang}.png"))
    assert lock.try_unlock("demo") and not lock.is_locked()


def test_an_account_deactivated_meanwhile_is_told_so(qtbot, database, lang, screenshot_dir) -> None:
    """Its right password under the lock said "用户名或密码错误" and the lock stayed, asking again
    (QA): now the lock says the account was deactivated, and Quit Casedesk is the way on. A wrong
    password says no more than that it is wrong."""
    window = window_for(qtbot, database, "agent01")
    lock = window.idle_lock
    lock.lock()
    with database.session() as s:
        s.scalar(select(User).where(User.username == "agent01")).active = False
    assert not lock.try_unlock("not-the-password")
    assert lock.overlay.error.text() == _("Wrong password.")
    assert not lock.overlay.shut
    assert not lock.try_unlock("demo")
    overlay = lock.overlay
    assert overlay.shut and lock.is_locked()
    assert (
        overlay.heading.text()
        == {
            "en": "Your account was deactivated",
            "zh_CN": "您的账户已被停用",
        }[lang]
    )
    assert "用户名或密码错误" not in overlay.intro.text() + overlay.error.text()
    assert overlay.intro.text().startswith(
        {"en": "An admin deactivated your account", "zh_CN": "管理员已停用您的账户"}[lang]
    )
    assert overlay.unlock_button.text() == _("Quit Casedesk")
    window.grab().save(str(screenshot_dir / f"idle_lock_deactivated_{lang}.png"))
    overlay.unlock_button.click()
    assert not window.isVisible()


def test_the_fifth_wrong_password_says_the_password_and_the_lockout(qtbot, database, lang) -> None:
    """QA: wrong passwords 1–4 said "密码错误。", the fifth "用户名或密码错误。…已锁定至…"."""
    window = window_for(qtbot, database, "agent01")
    lock = window.idle_lock
    lock.lock()
    for attempt in range(1, 6):
        assert not lock.try_unlock(f"bad{attempt}")
    said = lock.overlay.error.text()
    assert said.startswith(
        {
            "en": "Wrong password. This account is now locked until ",
            "zh_CN": "密码错误。密码错误次数过多，账户现已锁定至 ",
        }[lang]
    )
    assert "user name" not in said and "用户名" not in said


def test_the_lock_shows_the_password_box_at_its_full_height(qtbot, database, lang) -> None:
    """In English the intro takes two lines on the card: the box was squeezed to a sliver
    (12 pixels of its 22), as the card's height was asked for the whole window's width."""
    window = window_for(qtbot, database, "agent01")
    lock = window.idle_lock
    lock.lock()
    overlay = lock.overlay
    QApplication.processEvents()
    for shown in (overlay.password, overlay.unlock_button):
        assert shown.height() >= shown.sizeHint().height()
    assert not lock.try_unlock("not-the-password")  # the error line takes its room too
    QApplication.processEvents()
    assert overlay.password.height() >= overlay.password.sizeHint().height()
    assert overlay.error.height() >= overlay.error.sizeHint().height()
    assert lock.try_unlock("demo")


def test_the_lock_says_who_locked_it(qtbot, database, lang, screenshot_dir) -> None:
    """Locked with Ctrl+L it said "locked after a time without use" too (the keyboard walk)."""
    window = window_for(qtbot, database, "agent01")
    lock = window.idle_lock
    by_hand = {
        "en": "You locked the window. Enter your password to continue where you left off.",
        "zh_CN": "您已锁定窗口。请输入密码，继续之前的工作。",
    }[lang]
    window.lock()  # File ▸ Lock, Ctrl+L
    assert lock.overlay.intro.text() == by_hand
    window.grab().save(str(screenshot_dir / f"idle_lock_by_hand_{lang}.png"))
    assert lock.try_unlock("demo")
    lock.timer.timeout.emit()  # the time without use is up
    assert lock.is_locked()
    assert lock.overlay.intro.text() == _(
        "The window was locked after a time without use. Enter your password to continue "
        "where you left off."
    )
    assert lock.overlay.intro.text() != by_hand
