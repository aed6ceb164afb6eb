"""The rule sets are checked once the window has painted: a broken active version warns in a
dialog and the office goes on with the last good version; a sound one shows nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.compliance import active_ruleset
from app.models import RuleSetVersion
from app.office import create_office
from ui.start_checks import check_rule_sets

pytestmark = pytest.mark.gui


def _office(db) -> None:
    with db.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password="pw-admin")


def _break_the_active_version(db) -> str:
    """Store a newer active version whose TOML does not parse; return the good one's label."""
    with db.session() as s:
        good, _ = active_ruleset(s)
        row = s.scalar(select(RuleSetVersion).where(RuleSetVersion.active))
        row.active = False
        s.add(
            RuleSetVersion(
                jurisdiction="cn",
                version="2026.1-r2",
                active=True,
                effective_on=row.effective_on,
                content=row.content.replace("[rules.quiet_hours]", "[rules.quiet", 1),
            )
        )
    return good.label


def test_a_sound_office_shows_no_warning_and_stores_its_first_version(qapp, db) -> None:
    _office(db)
    with db.session() as s:  # a new office may have no stored version yet: the check stores it
        s.query(RuleSetVersion).delete()
    assert check_rule_sets(None, db) == []
    with db.sessions() as s:
        rows = s.scalars(select(RuleSetVersion)).all()
        assert len(rows) == 1 and rows[0].active and rows[0].jurisdiction == "cn"


def test_a_broken_active_version_warns_and_the_last_good_one_is_used(qapp, db) -> None:
    _office(db)
    good = _break_the_active_version(db)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.windowTitle())
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, answer)
    problems = check_rule_sets(None, db)
    assert problems and "cannot be read" in problems[0]
    assert seen[0] == "Compliance rule set"
    assert problems[0] in seen[1]
    with db.sessions() as s:
        assert active_ruleset(s)[0].label == good
