"""The one-window lock and the kept key hold whatever path names the database (QA s22): spaces,
Chinese, and a symbolic link to the file — two paths to one database are one lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.lock import DatabaseLock
from tests.db.test_lock import _in_another_process


@pytest.fixture
def office(tmp_path: Path) -> Path:
    folder = tmp_path / "催收 资料" / "2026年 11月"
    folder.mkdir(parents=True)
    path = folder / "东城 网点.db"
    path.write_bytes(b"")
    return path


def test_a_link_to_the_file_is_refused_while_the_file_is_open(office, tmp_path) -> None:
    link = tmp_path / "shortcut.db"
    link.symlink_to(office)
    lock = DatabaseLock(office).acquire()
    try:
        what, message = _in_another_process(link)
        assert what == "refused"
        assert str(link) in message  # said with the path the user gave
    finally:
        lock.release()
    with DatabaseLock(link):  # and the other way round
        assert _in_another_process(office)[0] == "refused"
    assert not Path(f"{link}.lock").exists()  # one lock file, beside the database itself


def test_a_linked_folder_is_the_same_lock(office, tmp_path) -> None:
    linked = tmp_path / "资料 link"
    linked.symlink_to(office.parent, target_is_directory=True)
    with DatabaseLock(office):
        assert _in_another_process(linked / office.name)[0] == "refused"
    assert _in_another_process(linked / office.name)[0] == "acquired"


def test_a_link_to_the_file_finds_the_key_this_computer_kept(office, tmp_path) -> None:
    """Checked in QA s22: the keychain's entry is keyed by the resolved path, so a link (or a
    linked folder) does not ask for the recovery key again, nor keep a second copy of the key."""
    from db import keystore

    link = tmp_path / "shortcut.db"
    link.symlink_to(office)
    assert keystore.store_in_keychain(office, "ab" * 32)
    assert keystore.key_from_keychain(link) == "ab" * 32
    assert keystore._account(link) == keystore._account(office) == str(office.resolve())
