"""The Rules page of an office whose stored rule set predates third_party_consent: a line names
the missing rule for everyone; an admin's "Add to the rule set…" asks first (each rule's
description and severity), then stores a new version in force and the line goes; a supervisor
sees the line without the button; screenshots in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.compliance.ruleset import active_ruleset
from app.i18n import set_language
from db.store import open_database
from tests.compliance.util import old_ruleset_office
from tests.conftest import TEST_KEY
from tests.ui.test_rules_page import cell, grab, version_count, window_for
from ui import std_buttons

pytestmark = pytest.mark.gui
LINE = "Casedesk ships 1 rule your rule set does not have: Third-party consent."


@pytest.fixture
def old_office(demo_path: Path) -> Path:
    """The demo office with its stored rule set turned into the 2026.1 one, without the rule."""
    return old_ruleset_office(demo_path)


def _opened(path: Path) -> Iterator:
    from ui.app import application

    application()
    db = open_database(path, TEST_KEY)
    yield db
    db.close()


@pytest.fixture
def old_database(old_office: Path, qapp: QApplication) -> Iterator:
    yield from _opened(old_office)


@pytest.fixture
def new_database(demo_path: Path, qapp: QApplication) -> Iterator:
    """The demo office as built: its rule set was stored from the 2026.7 files."""
    yield from _opened(demo_path)


def look_at_the_question(qtbot, page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The confirmation as ui/confirm.py lays it out, shown without its modal loop."""
    from ui.pages.rules import confirm_text

    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = std_buttons.message_box(
        QMessageBox.Icon.Question, page.add_button.text(), confirm_text(page.missing), buttons, page
    )
    qtbot.addWidget(box)
    box.show()
    grab(box, path)
    box.close()


def test_an_admin_adds_the_missing_rule_after_confirming(
    qtbot, old_database, monkeypatch, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, old_database)
    page = window.rules
    assert "CN 2026.1" in page.header.text() and "third_party_consent" not in page.rule_ids()
    assert page.missing_line.isVisibleTo(page) and page.missing_line.text() == LINE
    assert page.add_button.isVisibleTo(page) and page.add_button.text() == "Add to the rule set…"
    grab(window, screenshot_dir / "rules_page_missing.png")
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(_parent, title: str, text: str, *_args, **_kw):  # type: ignore[no-untyped-def]
        asked.append(f"{title}\n{text}")
        return answers.pop(0)

    monkeypatch.setattr(std_buttons, "question", question)
    before = version_count(old_database)
    assert not page.add_missing()  # "No": nothing stored, the line stays
    assert version_count(old_database) == before and page.missing_line.isVisibleTo(page)
    prompt = asked[0]
    assert prompt.startswith("Add to the rule set\nAdd to the rule set in force?")
    assert "• Third-party consent (third_party_consent) — Blocked" in prompt
    assert "When the loan contract does not allow contact with third parties" in prompt
    assert "Citation: PIPL Art. 13, 28–29; Civil Code Art. 1033, 1038" in prompt
    look_at_the_question(qtbot, page, screenshot_dir / "rules_add_confirm.png")
    page.add_button.click()  # "Yes"
    assert not answers and version_count(old_database) == before + 1
    assert "CN 2026.1-r2" in page.header.text()
    assert page.message.text() == (
        "Added Third-party consent; rule set CN 2026.1-r2 is now in force."
    )
    assert not page.missing_line.isVisibleTo(page) and not page.add_button.isVisibleTo(page)
    row = page.rule_ids().index("third_party_consent")
    assert page.selected_rule() == "third_party_consent"  # shown, though it stands last
    assert cell(page.rules, row, 0) == "Third-party consent\nthird_party_consent"
    assert cell(page.rules, row, 2) == "Blocked"
    assert "The person's own consent suffices: Yes" in cell(page.rules, row, 4)
    assert "Parties: Relative, Employer, Other" in cell(page.rules, row, 4)
    assert cell(page.versions, 0, 0) == "CN 2026.1-r2" and cell(page.versions, 0, 4) == "Yes"
    with old_database.sessions() as s:
        ruleset, _id = active_ruleset(s)
    assert ruleset.rule("third_party_consent") is not None
    grab(window, screenshot_dir / "rules_page_rule_added.png")


def test_a_supervisor_sees_the_line_without_the_button(qtbot, old_database) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, old_database, "supervisor")
    page = window.rules
    assert page.missing_line.isVisibleTo(page)
    assert page.missing_line.text() == LINE + " Only an admin can add rules to the rule set."
    assert not page.add_button.isVisibleTo(page)
    before = version_count(old_database)
    assert not page.add_missing() and version_count(old_database) == before


def test_an_office_with_every_shipped_rule_shows_no_line(qtbot, new_database) -> None:  # type: ignore[no-untyped-def]
    page = window_for(qtbot, new_database).rules
    assert "third_party_consent" in page.rule_ids()
    assert not page.missing_line.isVisibleTo(page) and not page.add_button.isVisibleTo(page)


def test_the_line_and_the_question_in_chinese(
    qtbot, old_database, monkeypatch, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    set_language("zh_CN")
    try:
        window = window_for(qtbot, old_database)
        page = window.rules
        assert page.missing_line.text() == (
            "Casedesk 随附的规则中有 1 条本营业部规则集尚未包含：联系第三方须经同意。"
        )
        assert page.add_button.text() == "添加到规则集…"
        grab(window, screenshot_dir / "rules_page_missing_zh_CN.png")
        look_at_the_question(qtbot, page, screenshot_dir / "rules_add_confirm_zh_CN.png")
        asked: list[str] = []

        def question(_parent, title: str, text: str, *_args, **_kw):  # type: ignore[no-untyped-def]
            asked.append(f"{title}\n{text}")
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(std_buttons, "question", question)
        assert page.add_missing()
        assert asked[0].startswith("添加到规则集\n添加到当前生效的规则集？")
        assert "• 联系第三方须经同意 (third_party_consent) — 禁止" in asked[0]
        assert "依据：《个人信息保护法》第 13、28–29 条" in asked[0]  # the citation in Chinese
        assert "借款合同未约定可联系第三方时" in asked[0]
        assert page.message.text() == "已添加联系第三方须经同意；规则集 CN 2026.1-r2 现已生效。"
        assert not page.missing_line.isVisibleTo(page)
        grab(window, screenshot_dir / "rules_page_rule_added_zh_CN.png")
    finally:
        set_language("en")


def test_a_rule_added_meanwhile_elsewhere_is_refused_in_words(qtbot, old_database, monkeypatch):  # type: ignore[no-untyped-def]
    """Another workstation added the rule after this page was drawn: the core refuses, the page
    says why in red, stores nothing more and shows the rule set as it now is."""
    from sqlalchemy import select

    from app.compliance.shipped_rules import add_shipped_rules
    from app.models import User
    from ui.colours import style

    page = window_for(qtbot, old_database).rules
    assert page.add_button.isVisibleTo(page)
    with old_database.session() as s:
        add_shipped_rules(
            s, s.scalar(select(User).where(User.username == "admin")), [page.missing[0].id]
        )
    before = version_count(old_database)
    monkeypatch.setattr(std_buttons, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    assert not page.add_missing()
    assert page.message.text() == (
        "The rule set CN 2026.1-r2 already has the rule third_party_consent."
    )
    assert page.message.styleSheet() == style("error") and version_count(old_database) == before
    assert not page.missing_line.isVisibleTo(page) and "CN 2026.1-r2" in page.header.text()
