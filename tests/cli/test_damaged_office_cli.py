"""A damaged office is said in one set of words wherever it is met (QA s46 items 3 and 7): the
backup of a file damaged past its first pages (the window's daily backup got SQLite's raw English
from the copy), and a file cut short at open. The sentence is translated whole, SQLite's own
words kept apart as a detail; and the core restores such an office from its backups, as the
window's "Restore from a backup…" does before anyone can log in. Real SQLCipher files."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.backups import back_up, default_folder
from app.errors import AuthenticationError, DamagedDatabase
from app.restore_damaged import backup_folder, damaged_backups, restore_damaged
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.helpers import file_hash
from tests.ui.test_queue import login

pytestmark = pytest.mark.sqlite_only
SAID = (
    "{path} is damaged: parts of it cannot be read. Restore it from the latest backup "
    "(casedesk db restore)."
)
SAID_ZH = "{path} 已损坏：其中部分内容无法读取。请用最近的备份恢复（casedesk db restore）。"


def damage_inside(path: Path, share: float = 0.5) -> None:
    """Twenty pages `share` of the way into the file written over: the office still opens, a
    full read fails."""
    raw = bytearray(path.read_bytes())
    at = int(len(raw) // 4096 * share) * 4096
    raw[at : at + 20 * 4096] = b"\xff" * (20 * 4096)
    path.write_bytes(bytes(raw))


def cut_short(path: Path) -> None:
    """The file's second half lost (a copy cut short): the office no longer opens."""
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2 + 100)


@pytest.fixture
def office(demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def test_a_backup_of_a_damaged_office_says_so_in_the_clis_words(office: Path, cli) -> None:
    damage_inside(office)
    database = open_database(office, TEST_KEY)  # it opens: the damage is further in
    try:
        with pytest.raises(DamagedDatabase) as refused:
            back_up(database, login(database, "admin"))
    finally:
        database.close()
    error = refused.value
    assert str(error) == SAID.format(path=office)
    assert "malformed" not in str(error) and "malformed" in error.detail  # a detail, apart
    assert error.translated("zh_CN") == SAID_ZH.format(path=office)
    assert not list(default_folder().glob("*.bak"))  # no half copy left behind
    code, _out, err = cli("db", "backup", "--db", office)  # the same words, one function
    assert code == 1 and err.strip() == f"casedesk: {error.translated('en')}"
    code, _out, err = cli("--lang", "zh_CN", "db", "backup", "--db", office)
    assert code == 1 and err.strip() == f"casedesk: {SAID_ZH.format(path=office)}"


def test_an_office_cut_short_is_damaged_at_open_with_no_english_in_the_chinese(
    office: Path, cli
) -> None:
    cut_short(office)
    with pytest.raises(DamagedDatabase) as refused:
        open_database(office, TEST_KEY)
    assert refused.value.translated("zh_CN") == SAID_ZH.format(path=office)
    assert refused.value.detail  # SQLite's words, for a detail
    code, _out, err = cli("--lang", "zh_CN", "db", "status", "--db", office)
    assert code == 1 and err.strip() == f"casedesk: {SAID_ZH.format(path=office)}"


def test_the_core_restores_a_damaged_office_from_its_backups(office: Path) -> None:
    database = open_database(office, TEST_KEY)
    try:
        made = back_up(database, login(database, "admin")).path
    finally:
        database.close()
    cut_short(office)
    damaged = file_hash(office)
    assert backup_folder(office, TEST_KEY) == default_folder()  # its settings cannot be read
    folder, found = damaged_backups(office, TEST_KEY)
    assert folder == default_folder() and [b.path for b in found] == [made]
    with pytest.raises(AuthenticationError):
        restore_damaged(office, made, TEST_KEY, "admin", "wrong")
    assert file_hash(office) == damaged  # refused: nothing changed
    result = restore_damaged(office, made, TEST_KEY, "admin", "demo")
    assert result.previous_damaged and file_hash(result.previous) == damaged  # kept as it was
    restored = open_database(office, TEST_KEY)
    restored.close()


def test_a_damaged_office_whose_settings_still_read_lists_its_own_folder(
    office: Path, tmp_path: Path, cli
) -> None:
    chosen = tmp_path / "elsewhere"
    code, _out, err = cli("settings", "set", f"backup.folder={chosen}", "--db", office)
    assert code == 0, err
    code, _out, err = cli("db", "backup", "--db", office)
    assert code == 0, err
    damage_inside(office)
    folder, found = damaged_backups(office, TEST_KEY)
    assert folder == chosen and len(found) == 1 and found[0].path.parent == chosen
