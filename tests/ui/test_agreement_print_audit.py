"""The Agreements page's Print… keeps the PDF only once the print's audit entry is saved, as
`casedesk agreement print` and the reports do: the preview file stayed in the previews folder when
the commit of the entry failed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy.exc import IntegrityError

from tests.db.helpers import audit_commits_fail, audit_commits_succeed
from tests.ui.test_agreements_page_qa import agent_draft, supervisor_page
from tests.ui.test_queue import open_office

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_the_preview_is_removed_when_its_audit_entry_is_not_saved(qtbot, database) -> None:
    number, agreement_id = agent_draft(database)
    _window, page = supervisor_page(qtbot, database, agreement_id)
    folder = page.previews.path()
    audit_commits_fail(database, "agreement.print")
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        page.preview_selected(show=False)
    assert not list(folder.glob(f"{number}.pdf*"))
    assert page.last_pdf is None

    audit_commits_succeed(database)
    path = page.preview_selected(show=False)
    assert path == folder / f"{number}.pdf" and path.exists() and page.last_pdf == path
