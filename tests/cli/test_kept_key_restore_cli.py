"""`casedesk db restore` with a key this computer's keychain kept that opens neither the office
nor the backup (QA s22): it is said as the opening path says it, and at a terminal the recovery
key is asked and kept once the restore is done, never "wrong key" alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import keystore
from tests.cli import test_recovery_key_cli as recovery
from tests.cli.conftest import ADMIN_PASSWORD
from tests.conftest import TEST_KEY

OTHER_KEY = recovery.OTHER_KEY
terminal = recovery.terminal  # a person at the terminal (the fixture)


@pytest.fixture
def backed_up(cli, office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """A backup of the office; then no key in the environment and another office's key kept."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("db", "backup", "--db", office, "--json")
    assert code == 0, err
    monkeypatch.delenv("CASEDESK_DB_KEY")
    assert keystore.store_in_keychain(office, OTHER_KEY)
    return Path(json.loads(out)["path"])


def test_restore_asks_the_recovery_key_when_the_kept_one_does_not_open_the_backup(  # type: ignore[no-untyped-def]
    cli, office, backed_up, terminal
) -> None:
    terminal.answers = [keystore.recovery_key(TEST_KEY)]
    code, out, err = cli("db", "restore", backed_up, "--db", office, "--yes")
    assert code == 0, err
    assert "Restored" in out
    assert f"The key this computer kept for {office} does not open" in err
    assert terminal.prompts == [f"Recovery key for {office}: "]
    assert keystore.key_from_keychain(office) == TEST_KEY


def test_restore_without_a_terminal_says_the_kept_key_and_what_to_do(  # type: ignore[no-untyped-def]
    cli, office, backed_up, terminal
) -> None:
    terminal.present = False
    code, _, err = cli("db", "restore", backed_up, "--db", office, "--yes")
    assert code == 1 and terminal.prompts == []
    assert f"The key this computer kept for {office} does not open" in err
    assert "CASEDESK_DB_KEY" in err and "Traceback" not in err
    assert keystore.key_from_keychain(office) == OTHER_KEY


def test_enter_at_the_restore_prompt_changes_nothing(  # type: ignore[no-untyped-def]
    cli, office, backed_up, terminal
) -> None:
    terminal.answers = [""]
    code, _, err = cli("db", "restore", backed_up, "--db", office, "--yes")
    assert code == 1 and "No key for" in err
    assert len(terminal.prompts) == 1
    assert keystore.key_from_keychain(office) == OTHER_KEY
