"""QA: a backup cut short (a copy interrupted, a USB stick pulled) was refused as "wrong key or not
a Casedesk backup", and a damaged one did not say what to do. Now restore (window and CLI) tells
a damaged or incomplete file from a wrong key wherever the file lets it, and says to choose
another backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.backups import back_up
from app.errors import DatabaseError
from app.i18n import set_language
from app.models import User
from db.backup import describe_backup, manifest_path
from db.backup_damage import PAGE_SIZE
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.sqlite_only  # backups are SQLCipher files
OTHER_KEY = "f" * 64
ANOTHER = "Choose another backup."


@pytest.fixture
def made(demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    with demo_db.sessions() as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
    return back_up(demo_db, admin).path


def _cut(path: Path, size: int) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(size)


def _refusal(path: Path, key: str = TEST_KEY) -> DatabaseError:
    with pytest.raises(DatabaseError) as refused:
        describe_backup(path, key)
    return refused.value


def test_a_copy_cut_mid_page_is_called_incomplete(made: Path) -> None:
    _cut(made, 1_000_000)
    for key in (TEST_KEY, OTHER_KEY):  # whatever the key: its size gives it away
        refused = _refusal(made, key)
        assert str(refused) == (
            f"The backup {made} is incomplete or damaged: its 1,000,000 bytes are not whole "
            "pages of an encrypted database (a copy cut short, or not a Casedesk backup). "
            "Choose another backup."
        )
    set_language("zh_CN")
    try:
        assert refused.translated().startswith(f"备份 {made} 不完整或已损坏")
        assert refused.translated().endswith("请选择另一个备份。")
    finally:
        set_language(None)


def test_a_copy_cut_at_a_page_is_damaged_not_a_wrong_key(made: Path) -> None:
    size = made.stat().st_size
    _cut(made, size // 2 // PAGE_SIZE * PAGE_SIZE)  # its first page there, the rest missing
    refused = _refusal(made)
    assert "wrong key" not in str(refused)
    assert str(refused) == (
        f"The backup {made} is damaged: the key opens it, but parts of it are missing or "
        "unreadable. Choose another backup."
    )
    refused = _refusal(made, OTHER_KEY)  # the manifest says how big it was made
    assert str(refused) == (
        f"The backup {made} is incomplete or damaged: it is "
        f"{size // 2 // PAGE_SIZE * PAGE_SIZE:,} bytes, but was {size:,} bytes when it was made. "
        "Choose another backup."
    )


def test_an_empty_file_and_a_damaged_page(made: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.bak"
    empty.write_bytes(b"")
    assert str(_refusal(empty)) == f"The backup {empty} is empty. Choose another backup."
    with open(made, "r+b") as handle:  # a page in the middle garbled (a failing disk)
        handle.seek(made.stat().st_size // 2 // PAGE_SIZE * PAGE_SIZE + 200)
        handle.write(b"\x00" * 64)
    refused = _refusal(made)
    assert str(refused).startswith(f"The backup {made} is damaged")
    assert str(refused).endswith(ANOTHER) and "wrong key" not in str(refused)


def test_a_whole_backup_with_another_key_is_still_a_wrong_key(made: Path) -> None:
    assert str(_refusal(made, OTHER_KEY)) == (
        f"Cannot open {made}: wrong key or not a Casedesk backup."
    )
    manifest_path(made).unlink()  # no manifest: nothing says it was bigger
    assert "wrong key" in str(_refusal(made, OTHER_KEY))
    assert describe_backup(made, TEST_KEY).ok


def test_the_cli_restore_says_so(made: Path, demo_db, capsys, monkeypatch) -> None:
    from app.cli.main import main

    _cut(made, 1_000_000)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    code = main(["db", "restore", str(made), "--db", str(demo_db.path), "--yes"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith(f"casedesk: The backup {made} is incomplete or damaged")
    assert err.rstrip().endswith(ANOTHER) and "Traceback" not in err
