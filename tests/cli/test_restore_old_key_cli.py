"""`casedesk db restore` of a backup made before `db new-recovery-key`: the backup's recovery key
is asked at the terminal and becomes the office's (kept in the keychain), and the office as it
was is kept as a verified backup under its own key; it was called "damaged" and copied raw, as
the backup's key did not open it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from db import keystore
from db.backup import verify_backup
from db.sqlcipher import raw_connect
from tests.cli import test_recovery_key_cli as recovery
from tests.cli.conftest import ADMIN_PASSWORD
from tests.conftest import TEST_KEY

terminal = recovery.terminal  # a person at the terminal (the fixture)


@pytest.fixture
def kept(office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.delenv("CASEDESK_DB_KEY")
    assert keystore.store_in_keychain(office, TEST_KEY)
    return office


def test_a_backup_under_the_old_key_restores_and_keeps_the_office_as_a_backup(  # type: ignore[no-untyped-def]
    cli, kept, terminal
) -> None:
    code, out, err = cli("db", "backup", "--db", kept, "--json")
    assert code == 0, err
    old_backup = Path(json.loads(out)["path"])
    code, out, err = cli("db", "new-recovery-key", "--db", kept, "--user", "admin", "--yes")
    assert code == 0, err
    new = keystore.parse_key(re.findall(r"^    ([0-9A-F-]{79})$", out, re.MULTILINE)[0])
    terminal.answers = [keystore.recovery_key(TEST_KEY)]
    code, out, err = cli("db", "restore", old_backup, "--db", kept, "--yes")
    assert code == 0, err
    assert "does not open the backup" in err
    assert "damaged" not in out and "backed up as" in out
    previous = Path(re.findall(r"backed up as (.+?\.bak)", out)[0])
    assert verify_backup(previous, new).ok  # the office as it was, under its own key
    raw_connect(kept, TEST_KEY).close()  # the restored office opens with the backup's key
    assert keystore.key_from_keychain(kept) == TEST_KEY
    assert keystore.pending_key(kept) is None
    # The entry says the key is now the backup's in words, labelled, in both languages.
    for lang, said in (
        ("en", "Recovery key: Now the backup's"),
        ("zh_CN", "恢复密钥：已改为备份的密钥"),
    ):
        code, out, err = cli("--lang", lang, "audit", "list", "--db", kept)
        assert code == 0, err
        line = next(x for x in out.splitlines() if said in x)
        assert "recovery_key" not in line and "the backup's" not in line.replace(said, "")


def test_the_backups_key_in_the_environment_opens_the_backup_only(  # type: ignore[no-untyped-def]
    cli, kept, terminal, monkeypatch
) -> None:
    """Without a terminal the CLI advises CASEDESK_DB_KEY; set to the backup's (old) key, it opens
    the backup only: the office is kept with the keychain's key, not taken for damaged (QA qa7
    #2: it was filed as damaged, its erasures not made again, and the keychain left wrong)."""
    terminal.present = False
    code, out, err = cli("db", "backup", "--db", kept, "--json")
    assert code == 0, err
    old_backup = Path(json.loads(out)["path"])
    code, out, err = cli("db", "new-recovery-key", "--db", kept, "--user", "admin", "--yes")
    assert code == 0, err
    new = keystore.key_from_keychain(kept)
    assert new is not None and new != TEST_KEY
    code, out, err = cli("db", "restore", old_backup, "--db", kept, "--yes")
    assert code == 1 and "Type the backup's recovery key in a terminal" in err
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    code, out, err = cli("db", "restore", old_backup, "--db", kept, "--yes")
    assert code == 0, err
    assert "damaged" not in out + err and "cannot be read" not in out + err
    previous = Path(re.findall(r"backed up as (.+?\.bak)", out)[0])
    assert verify_backup(previous, new).ok  # the office as it was, under its own key
    assert keystore.key_from_keychain(kept) == TEST_KEY  # the restored office's own key
    monkeypatch.delenv("CASEDESK_DB_KEY")
    code, out, err = cli("db", "status", "--db", kept, "--json")
    assert code == 0, err  # opens without CASEDESK_DB_KEY
