"""On Windows a previewed PDF can be held a moment after its preview closes (an antivirus scan,
the print spooler): removing it raised out of the dialog's close, and the next preview of the
same agreement was written over that file, refused as "permission denied". Now the file is left
for its folder's removal, and the next preview takes a name of its own (Save as… still offers
the agreement's). Windows' refusal is simulated as it says it, [WinError 32]."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Agreement, AgreementStatus
from tests.ui.test_keyboard_day import ModalCloser
from tests.ui.test_queue import open_office, window_for
from ui.dialogs.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_a_preview_held_after_it_closes_does_not_stop_the_next(
    qtbot, database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_unlink = os.unlink

    def held(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(".pdf"):  # the viewer's file: Windows will not remove it yet
            error = PermissionError(errno.EACCES, "being used by another process", str(path))
            error.winerror = 32  # type: ignore[attr-defined,misc,unused-ignore]
            raise error
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", held)
    with database.sessions() as s:
        found = s.scalar(
            select(Agreement).where(Agreement.status == AgreementStatus.ACTIVE).limit(1)
        )
        number = found.agreement_no
    window = window_for(qtbot, database, "supervisor")
    page = window.page("agreements")
    window.show_page(page)
    assert page.select(found.id)
    seen: list[tuple[Path, str]] = []

    def look(dialog: PdfPreviewDialog) -> None:
        seen.append((dialog.pdf_path, dialog.file_name))
        dialog.reject()

    for _ in range(2):
        closer = ModalCloser(look)
        assert page.preview_selected() is not None
        closer.check()
    (first, first_offered), (second, second_offered) = seen
    assert first.name == f"{number}.pdf" and first.exists()  # held: left for its folder
    assert second.name == f"{number}-2.pdf" and second.read_bytes().startswith(b"%PDF")
    assert first_offered == second_offered == f"{number}.pdf"  # what Save as… offers
    assert not page.message.isVisible() or "permission" not in page.message.text()
    monkeypatch.undo()
    window.close()
