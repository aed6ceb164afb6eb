"""At start, an admin of an office whose rule set predates a shipped rule is asked about it: add
it, keep the rule set without it, or later. The choice is done through the core (a new version,
or an audited decision); a decided rule is not asked about again, and the Rules page says who
kept it out; a supervisor and an office with every rule are not asked. Screenshots in English
and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app.compliance.ruleset import active_ruleset
from app.i18n import set_language
from app.models import AuditEntry, User
from app.reporting.period import office_today
from tests.compliance.util import old_ruleset_office
from tests.ui.test_rules_missing import _opened
from tests.ui.test_rules_page import grab, version_count, window_for
from ui.mnemonic_text import plain
from ui.start_checks import start_checks

pytestmark = pytest.mark.gui


@pytest.fixture
def old_database(demo_path: Path, qapp: QApplication) -> Iterator:
    """The demo office with its stored rule set the 2026.1 one, without third_party_consent."""
    yield from _opened(old_ruleset_office(demo_path))


@pytest.fixture
def new_database(demo_path: Path, qapp: QApplication) -> Iterator:
    yield from _opened(demo_path)


def _answer(qtbot, button_text: str, seen: list[str], shot: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    """When the notice is up, note its text, take its picture, and press `button_text`."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(f"{box.windowTitle()}\n{box.text()}")
        if shot is not None:
            grab(box, shot)
        (button,) = [b for b in box.buttons() if plain(b.text()) == button_text]
        button.click()

    QTimer.singleShot(0, press)


def _start(window, database, username: str = "admin") -> None:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        user = s.scalar(select(User).where(User.username == username))
    start_checks(window, database, user)


def _decisions(database) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        action = AuditEntry.action == "ruleset.decline_rules"
        return s.scalar(select(func.count(AuditEntry.id)).where(action)) or 0


def test_keep_out_is_recorded_and_not_asked_again(qtbot, old_database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    from ui.rule_notice import offer_shipped_rules

    window = window_for(qtbot, old_database)
    seen: list[str] = []
    _answer(qtbot, "Keep the rule set without it", seen, screenshot_dir / "rule_notice.png")
    before = version_count(old_database)
    _start(window, old_database)
    (text,) = seen
    assert text.startswith(
        "New compliance rules\n"
        "Casedesk ships 1 rule your rule set does not have: Third-party consent.\n\n"
        "• Third-party consent (third_party_consent) — Blocked\n"
        "When the loan contract does not allow contact with third parties"
    )
    assert "Citation: PIPL Art. 13, 28–29; Civil Code Art. 1033, 1038" in text
    assert text.endswith("or decide later: the Rules page lists it either way.")
    assert version_count(old_database) == before and _decisions(old_database) == 1
    with old_database.sessions() as s:
        today = office_today(s).isoformat()
    page = window.rules
    assert page.missing_line.text() == (
        "Casedesk ships 1 rule your rule set does not have: Third-party consent. "
        f"Third-party consent: Kept out by 管理员 on {today}."
    )
    assert page.add_button.isVisibleTo(page)  # still addable from the page
    with old_database.sessions() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
    assert offer_shipped_rules(window, old_database, admin) == ""  # decided: not asked again
    grab(window, screenshot_dir / "rules_page_kept_out.png")


def test_add_stores_a_version_and_shows_the_rule(qtbot, old_database) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, old_database)
    window.show_page(window.queue)
    seen: list[str] = []
    _answer(qtbot, "Add to the rule set", seen)
    before = version_count(old_database)
    _start(window, old_database)
    assert len(seen) == 1 and version_count(old_database) == before + 1
    with old_database.sessions() as s:
        ruleset, _id = active_ruleset(s)
    assert ruleset.label == "CN 2026.1-r2" and ruleset.rule("third_party_consent") is not None
    page = window.rules
    assert window.stack.currentWidget() is page
    assert page.selected_rule() == "third_party_consent"
    assert page.message.text() == (
        "Added Third-party consent; rule set CN 2026.1-r2 is now in force."
    )
    assert not page.missing_line.isVisibleTo(page)


def test_later_changes_nothing_and_asks_at_the_next_start(qtbot, old_database) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, old_database)
    seen: list[str] = []
    before = version_count(old_database)
    for _ in range(2):
        _answer(qtbot, "Later", seen)
        _start(window, old_database)
    assert len(seen) == 2 and version_count(old_database) == before
    assert _decisions(old_database) == 0


def test_a_supervisor_is_not_asked(qtbot, old_database) -> None:  # type: ignore[no-untyped-def]
    from ui.rule_notice import offer_shipped_rules

    window = window_for(qtbot, old_database, "supervisor")
    with old_database.sessions() as s:
        user = s.scalar(select(User).where(User.username == "supervisor"))
    assert offer_shipped_rules(window, old_database, user) == ""


def test_an_office_with_every_rule_is_not_asked(qtbot, new_database) -> None:  # type: ignore[no-untyped-def]
    from ui.rule_notice import offer_shipped_rules

    window = window_for(qtbot, new_database)
    with new_database.sessions() as s:
        user = s.scalar(select(User).where(User.username == "admin"))
    assert offer_shipped_rules(window, new_database, user) == ""


def test_the_notice_in_chinese(qtbot, old_database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    set_language("zh_CN")
    try:
        window = window_for(qtbot, old_database)
        seen: list[str] = []
        _answer(qtbot, "以后再说", seen, screenshot_dir / "rule_notice_zh_CN.png")
        _start(window, old_database)
        (text,) = seen
        assert text.startswith(
            "新的合规规则\nCasedesk 随附的规则中有 1 条本营业部规则集尚未包含：联系第三方须经同意。"
        )
        assert "依据：《个人信息保护法》第 13、28–29 条" in text
        assert "无论如何，“规则”页都会列出这些规则。" in text
        _answer(qtbot, "规则集不纳入所列规则", seen)
        _start(window, old_database)
        assert _decisions(old_database) == 1
        assert "联系第三方须经同意：管理员 于 " in window.rules.missing_line.text()
        grab(window, screenshot_dir / "rules_page_kept_out_zh_CN.png")
    finally:
        set_language("en")
