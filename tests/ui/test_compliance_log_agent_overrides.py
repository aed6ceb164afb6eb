"""The Compliance log page of an agent holds the supervisor's overrides on the agent's own cases
(a visit's booking and move) and nothing of another agent's case; a flag copied from the audit
trail by migration 0018 reads "not recorded (saved before this version)" where its reasons were,
in English and Chinese. Real widgets, a real database; screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from app.i18n import set_language
from tests.core.visit_office import login
from tests.core.visit_overrides import COPIED, WHY_BOOK, WHY_MOVE, WHY_OTHER, overridden_office
from ui.pages.compliance_log import COLUMNS

pytestmark = pytest.mark.gui
TITLES = [c.header for c in COLUMNS]


@pytest.fixture
def office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    from ui.app import application

    application()
    database, _path, cases = overridden_office(template_db, tmp_path)
    yield database, cases
    database.close()
    set_language("en")


def _page(qtbot: Any, database: Any, who: str) -> Any:
    from ui.main_window import MainWindow

    window = MainWindow(database, login(database, who))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.compliance_log)
    return window


def _cells(page: Any, column: str) -> list[str]:
    n = TITLES.index(column)
    return [page.model.data(page.model.index(r, n)) for r in range(page.model.rowCount())]


def test_an_agent_sees_the_supervisors_overrides_on_their_cases(
    qtbot, office, screenshot_dir
) -> None:
    database, cases = office
    window = _page(qtbot, database, "agent01")
    page = window.compliance_log
    assert page.count.text() == "2 log entries"
    assert _cells(page, "Case no.") == [cases[0], cases[0]]
    assert set(_cells(page, "Override reason")) == {WHY_BOOK, WHY_MOVE}
    assert set(_cells(page, "Overridden by")) == {"陈静"}
    assert WHY_OTHER not in _cells(page, "Override reason")
    QApplication.processEvents()
    assert window.grab().save(str(screenshot_dir / "compliance_log_agent_overrides.png"))
    other = _page(qtbot, database, "agent02").compliance_log
    assert _cells(other, "Case no.") == [cases[1]]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "not recorded (saved before this version)"), ("zh_CN", "未记录（本版本之前保存）")],
)
def test_a_copied_flag_says_its_reasons_were_not_recorded(
    qtbot, office, lang, words, screenshot_dir
) -> None:
    database, _cases = office
    with database.session() as s:
        s.execute(text("UPDATE flagged_booking SET findings = :f WHERE id = 1"), {"f": COPIED})
    set_language(lang)
    window = _page(qtbot, database, "supervisor")
    page = window.compliance_log
    reasons = _cells(page, "Reasons")
    assert reasons.count(words) == 1 and all(reasons), reasons
    QApplication.processEvents()
    assert window.grab().save(str(screenshot_dir / f"compliance_log_not_recorded_{lang}.png"))
