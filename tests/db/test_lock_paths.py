"""The one-window lock holds whatever path names the database (QA s22): a folder with spaces and
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
