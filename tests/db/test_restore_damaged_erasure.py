"""A restore over a damaged office cannot read the erasures recorded in it (app/erasure_restore.py
makes them again only from an office that opens): a borrower erased after the backup comes back
with the restored data, and the restore says so, before and after, with where to erase them again
(window and CLI). Real SQLCipher files, the office damaged as tests/db/test_backup.py does it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.erasure_restore import after_restore_words, erasures_unread_words
from app.models import Borrower, BorrowerErasure
from app.restore import erasures_pending, restore
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_restore_erasure import _login, _office

pytestmark = pytest.mark.sqlite_only  # backups are SQLCipher files
UNREAD = (
    "The current office cannot be read, so borrowers erased in it since this backup was made "
    "cannot be erased again in the restored office. After the restore, erase them again ("
)
UNREAD_DONE = (
    "The office as it was could not be read, so borrowers erased in it since the backup was "
    "made were not erased again. Erase them again ("
)


def damage(path: Path) -> None:
    """The disk mangles the office's file (its pages past the first)."""
    raw = bytearray(path.read_bytes())
    raw[4096 : 4096 * 40] = b"\xff" * (4096 * 39)
    path.write_bytes(bytes(raw))


def test_an_office_that_opens_counts_its_erasures(demo_path: Path, tmp_path: Path) -> None:
    backup, *_rest = _office(demo_path)
    assert erasures_pending(demo_path, TEST_KEY, backup, TEST_KEY) == 1
    assert erasures_pending(tmp_path / "none.db", TEST_KEY, backup, TEST_KEY) == 0  # no office


def test_a_damaged_office_says_its_erasures_cannot_be_made_again(demo_path: Path) -> None:
    backup, bid, _number, name, _note = _office(demo_path)
    damage(demo_path)
    assert erasures_pending(demo_path, TEST_KEY, backup, TEST_KEY) is None
    said = erasures_unread_words()
    assert said.startswith(UNREAD) and "Rules ▸ records retention" in said
    assert "casedesk rules retention" in erasures_unread_words(cli=True)
    result = restore(demo_path, backup, TEST_KEY, yes=True, login=_login)
    assert result.previous_damaged and result.reerased == ()
    done = after_restore_words(len(result.reerased), result.previous_damaged)
    assert done.startswith(UNREAD_DONE) and "Erase personal data…" in done
    assert "记录保存期限" in after_restore_words(0, True, lang="zh_CN")
    database = open_database(demo_path, TEST_KEY)
    try:  # what the words warn of: the backup's borrower is back, unerased
        with database.sessions() as s:
            assert s.get(Borrower, bid).name == name
            assert s.get(BorrowerErasure, bid) is None
            assert s.scalar(select(Borrower.id).where(Borrower.name == name)) == bid
    finally:
        database.close()
