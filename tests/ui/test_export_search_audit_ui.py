"""The Borrowers page's search then Export… (QA s47 N-1), real widgets on a copy of the demo
office: the audit entry keeps the searched ID number masked and sealed, never in full; the Audit
page reads it masked, and "(erased)" once the borrower is erased, in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.erasure import erase_borrower
from app.i18n import tr
from app.masking import mask_id
from tests.core.test_erasure import _erasable, _user
from tests.ui.test_audit_page import database, window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]


def _changes_of_exports(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The Changes column of the Audit page's list.export rows, newest first."""
    from ui.pages.audit import CHANGES_COLUMN

    page = window.audit
    window.show_page(page)
    page.action.setCurrentIndex(page.action.findData("list.export"))
    page.refresh()
    return [page.model.index(n, CHANGES_COLUMN).data() for n in range(page.model.rowCount())]


def test_a_searched_id_number_is_audited_masked_then_erased(  # type: ignore[no-untyped-def]
    qtbot, database, lang, tmp_path: Path
) -> None:
    with database.sessions() as s:
        borrower = _erasable(s)
        number, national = borrower.borrower_no, borrower.national_id
    window = window_for(qtbot, database, "supervisor")
    page = window.borrowers
    window.show_page(page)
    page.set_search(national)
    assert page.model.rowCount() == 1
    button = page.export_button
    button.last_message = ""
    path = tmp_path / "found.csv"
    button.export(path)
    qtbot.waitUntil(lambda: button.isEnabled() and bool(button.last_message), timeout=30000)
    assert path.exists()
    with database.sessions() as s:
        raw = "\n".join(str(c) for (c,) in s.execute(text("SELECT changes FROM audit_entry")))
        assert national not in raw and mask_id(national) not in raw
    search = tr("Search")
    shown = _changes_of_exports(window)
    assert any(f"{search} = {mask_id(national)}" in words for words in shown), shown

    with database.session() as s:
        erase_borrower(s, _user(s, "admin"), number)
    admin = window_for(qtbot, database, "admin")
    shown = _changes_of_exports(admin)
    erased = tr("(erased)")
    assert f"{search} = {erased}" in shown[0], shown[0]
    assert national[-4:] not in shown[0]
