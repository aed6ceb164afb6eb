"""The Audit page reads a borrower's sealed personal data (app/audit_seal.py) as typed, in the
Changes column and its tooltip, and "(erased)" (（已删除）) once the borrower was erased; the
chain verifies before and after. Real widgets on a copy of the demo office; screenshots in
English and Chinese, before and after the erasure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.borrower_phones import add_phone
from app.erasure import erase_borrower
from app.i18n import set_language
from tests.conftest import TEST_KEY
from tests.core.test_erasure import _erasable, _user
from tests.ui.test_audit_page import grab, window_for
from tests.ui.test_audit_verify_page import _verify

pytestmark = [pytest.mark.gui, pytest.mark.sqlite_only]
NOTE = "借款人说这是她女儿王小红的号码"


@pytest.fixture
def database(
    demo_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator:
    from db.store import open_database
    from ui.app import application

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _changes(page) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The phone's entry on the page: its Changes column and that column's tooltip."""
    row = next(n for n, r in enumerate(page.rows()) if r.action == "phone.add")
    index = page.model.index(row, 5)
    return page.model.data(index), page.model.data(index, Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize(
    ("lang", "note", "erased", "intact"),
    [
        ("en", "Note: ", "Note: (erased)", "Audit trail intact:"),
        ("zh_CN", "备注：", "备注：（已删除）", "审计日志完整"),
    ],
)
def test_a_sealed_note_reads_back_then_reads_erased(
    qtbot, database, screenshot_dir, lang: str, note: str, erased: str, intact: str
) -> None:
    with database.session() as s:
        number = _erasable(s).borrower_no
        add_phone(s, _user(s, "supervisor"), number, "139 0000 1234", note=NOTE)
    set_language(lang)
    try:
        window = window_for(qtbot, database, "admin")
        page = window.audit
        window.show_page(page)
        page.set_filter(entity="borrower", entity_id=number)
        shown, tip = _changes(page)
        assert f"{note}{NOTE}" in shown and NOTE in tip
        assert _verify(qtbot, page).startswith(intact)
        grab(window, screenshot_dir / f"audit_sealed_before_{lang}.png")

        with database.session() as s:
            erase_borrower(s, _user(s, "admin"), number)
        window.hub.announce("borrower")
        shown, tip = _changes(page)
        assert erased in shown and NOTE not in shown and NOTE not in tip
        assert "139****1234" not in shown
        assert _verify(qtbot, page).startswith(intact)
        grab(window, screenshot_dir / f"audit_sealed_after_{lang}.png")
    finally:
        set_language("en")
