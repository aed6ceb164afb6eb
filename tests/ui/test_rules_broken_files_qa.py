"""The window with a shipped rule set file an admin edited by hand into a mistake (found by QA):
the start warns once naming the file and its line, the Rules page still opens on the office's
stored version, "Use rule set…" offers the sound rule sets and shows the broken one greyed with
its reason; the rule editor says a parameter the office set otherwise. Real widgets and
database, English and Chinese; the files are a copy (the `shipped_files` fixture)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.auth import authenticate
from app.compliance import active_ruleset, change_parameters
from app.compliance.choices import ruleset_choices
from app.i18n import current_language
from app.i18n import tr as _
from app.models import Office, User
from app.office import create_office
from tests.ui.shots import grab
from ui.dialogs.rule_edit import RuleEditDialog
from ui.dialogs.ruleset_choice import RuleSetChoiceDialog
from ui.pages.rules import RulesPage
from ui.signals import ChangeHub
from ui.start_checks import check_rule_sets

pytestmark = pytest.mark.gui


def _office(db) -> User:  # type: ignore[no-untyped-def]
    with db.session() as s:
        create_office(s, name="测试网点", admin_username="admin", admin_password="pw-admin")
        active_ruleset(s)
    return authenticate(db.sessions, "admin", "pw-admin")


def _answer(seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, lambda: _answer(seen))
        return
    seen.append(box.text())
    box.accept()


def test_a_broken_file_warns_once_and_the_page_opens(
    qapp, qtbot, db, lang, shipped_files, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    admin = _office(db)
    shipped_files("cn", "max = 3", "max = -3")
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer(seen))
    problems = check_rule_sets(None, db)
    assert len(problems) == 1 and seen == problems
    where = "cn.toml 第 49 行" if lang == "zh_CN" else "cn.toml, line 49"
    assert where in problems[0]
    assert ("Rule set" in problems[0]) == (lang == "en")  # in one language
    page = RulesPage(db, ChangeHub(), admin)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    assert page.view is not None and page.view.label == "CN 2026.7"
    assert not page.missing_line.isVisible()
    grab(page, screenshot_dir / "rules" / f"broken-cn-file-page-{lang}.png")


def test_use_rule_set_offers_the_sound_ones(
    qapp, qtbot, db, lang, shipped_files, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    admin = _office(db)
    shipped_files("uk", "[rules.visit_vulnerable]", "[rules.visit_vulnerables]")
    with db.sessions() as s:
        choices = ruleset_choices(s, current_language())
    dialog = RuleSetChoiceDialog(choices, "cn")
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.combo.model()
    assert isinstance(model, QStandardItemModel)
    enabled = [bool(model.item(n).flags() & Qt.ItemFlag.ItemIsEnabled) for n in range(3)]
    assert enabled == [True, True, False] and dialog.chosen() == "cn"
    where = "uk.toml 第 164 行" if lang == "zh_CN" else "uk.toml, line 164"
    assert dialog.reasons.isVisible() and where in dialog.reasons.text()
    grab(dialog, screenshot_dir / "rules" / f"broken-uk-choice-{lang}.png")
    # The page's "Use rule set…" switches to a sound one.
    page = RulesPage(db, ChangeHub(), admin)
    qtbot.addWidget(page)
    page.confirm = lambda code: True  # type: ignore[method-assign]

    def pick() -> None:
        chooser = QApplication.activeModalWidget()
        if not isinstance(chooser, RuleSetChoiceDialog):
            QTimer.singleShot(20, pick)
            return
        chooser.combo.setCurrentIndex(1)  # US
        chooser.accept()

    QTimer.singleShot(0, pick)
    page.choose_ruleset()
    with db.sessions() as s:
        assert s.scalar(select(Office.jurisdiction)) == "us"


def test_the_rule_editor_says_what_the_office_set_otherwise(
    qapp, qtbot, db, lang, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    admin = _office(db)
    with db.session() as s:
        me = s.get(User, admin.id)
        change_parameters(s, me, "quiet_hours", {"start": "21:00"})
    dialog = RuleEditDialog(db, admin, "quiet_hours")
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text() for label in dialog.findChildren(type(dialog.error))]
    said = _("Set otherwise for this office: {changes} (the text is the rule as shipped).",
             changes="")[:8]  # fmt: skip
    assert any(said in text and "21:00" in text for text in texts), texts
    grab(dialog, screenshot_dir / "rules" / f"edit-set-otherwise-{lang}.png")


def test_a_broken_stored_version_warns_in_one_language(qapp, db, lang) -> None:  # type: ignore[no-untyped-def]
    from app.compliance import said, versions

    _office(db)
    with db.session() as s:
        me = s.scalar(select(User).where(User.username == "admin"))
        broken = change_parameters(s, me, "daily_conversation_cap", {"max": 2})
        broken.content = broken.content.replace("max = 2", "max = -3")
    versions._parsed.clear()
    said.forget_said()
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer(seen))
    problems = check_rule_sets(None, db)
    said.forget_said()
    versions._parsed.clear()
    assert len(problems) == 1 and seen == problems
    text = problems[0]
    assert "2026.7-r2" in text and "rules set" in text
    if lang == "zh_CN":
        assert "Rule set" not in text and "Every check" not in text and "规则 › 修改…" in text
    else:
        assert "Rules › Change…" in text
