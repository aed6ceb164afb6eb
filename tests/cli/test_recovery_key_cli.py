"""A recovery key typed at the command line's prompt is kept in this computer's keychain once it
has opened the office (README › Where the data and the key live), as the window keeps one: a
moved database asks for it once per computer, not at every command."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from db import keystore
from tests.cli.conftest import ADMIN_PASSWORD
from tests.conftest import TEST_KEY

WRONG_KEY = "00" * 32


@dataclass
class Terminal:
    """A person at a terminal: types the next of `answers` at each prompt (none left: Enter)."""

    answers: list[str] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    present: bool = True

    def getpass(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else ""


@pytest.fixture
def moved(office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The office on a computer that has never seen it: no key in the environment or keychain."""
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    assert keystore.key_from_keychain(office) is None
    return office


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    import getpass

    from app.cli import common

    person = Terminal()
    monkeypatch.setattr(common, "interactive", lambda: person.present)
    monkeypatch.setattr(getpass, "getpass", person.getpass)
    return person


def test_a_recovery_key_typed_once_opens_the_office_from_then_on(  # type: ignore[no-untyped-def]
    cli, moved, terminal, monkeypatch
) -> None:
    """A wrong key is refused and not kept; the right one, typed with its dashes, opens the file
    and is kept, so the next command (even from a script, with nobody to ask) needs no key."""
    terminal.present = False
    code, _, err = cli("db", "status", "--db", moved)
    assert code == 1 and "No key for" in err

    terminal.present = True
    terminal.answers = [WRONG_KEY]
    code, _, err = cli("db", "status", "--db", moved)
    assert code == 1 and "wrong key or not a Casedesk database" in err
    assert keystore.key_from_keychain(moved) is None

    terminal.answers = [keystore.recovery_key(TEST_KEY)]
    code, out, err = cli("db", "status", "--db", moved, "--json")
    assert code == 0, err
    assert json.loads(out)["encrypted"] is True
    assert terminal.prompts == [f"Recovery key for {moved}: "] * 2
    assert keystore.key_from_keychain(moved) == TEST_KEY

    terminal.present = False  # a script now: the keychain alone opens the office
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("db", "verify", "--db", moved, "--user", "admin")
    assert code == 0, err
    assert len(terminal.prompts) == 2


def test_a_recovery_key_typed_for_a_restore_is_kept_once_it_restored(  # type: ignore[no-untyped-def]
    cli, office, tmp_path, monkeypatch, terminal
) -> None:
    """`db restore` finds the key itself (the current file may be too damaged to open): the key
    typed there is kept once the restored office is in place, and not when the restore fails."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("db", "backup", "--db", office, "--json")
    assert code == 0, err
    backup = json.loads(out)["path"]
    monkeypatch.delenv("CASEDESK_DB_KEY")
    assert keystore.key_from_keychain(office) is None

    terminal.answers = [WRONG_KEY]
    code, _, err = cli("db", "restore", backup, "--db", office, "--yes")
    assert code == 1 and err.startswith("casedesk: ")
    assert keystore.key_from_keychain(office) is None

    terminal.answers = [keystore.recovery_key(TEST_KEY)]
    code, out, err = cli("db", "restore", backup, "--db", office, "--yes")
    assert code == 0, err
    assert "Restored" in out
    assert keystore.key_from_keychain(office) == TEST_KEY


OTHER_KEY = "ab" * 32  # the key of another office once at the same path


@pytest.fixture
def kept_wrong(moved: Path) -> Path:
    """The keychain remembers this path with another office's key (a restore copied from
    another computer, a new office made at the same path on another day)."""
    assert keystore.store_in_keychain(moved, OTHER_KEY)
    return moved


def test_a_kept_key_that_does_not_open_the_file_asks_the_recovery_key_at_a_terminal(  # type: ignore[no-untyped-def]
    cli, kept_wrong, terminal
) -> None:
    """QA: it said "wrong key or not a Casedesk database" and stopped; now it says the kept key
    does not open the file, asks the recovery key once, and keeps the one that opens it."""
    terminal.answers = [keystore.recovery_key(TEST_KEY)]
    code, out, err = cli("db", "status", "--db", kept_wrong, "--json")
    assert code == 0, err
    assert json.loads(out)["encrypted"] is True
    assert f"The key this computer kept for {kept_wrong} does not open it" in err
    assert terminal.prompts == [f"Recovery key for {kept_wrong}: "]
    assert keystore.key_from_keychain(kept_wrong) == TEST_KEY

    code, _, err = cli("db", "status", "--db", kept_wrong)  # the next command asks nothing
    assert code == 0, err
    assert len(terminal.prompts) == 1


def test_enter_or_a_wrong_recovery_key_leaves_the_kept_key_as_it_was(  # type: ignore[no-untyped-def]
    cli, kept_wrong, terminal
) -> None:
    terminal.answers = [""]  # Enter alone: nothing typed
    code, _, err = cli("db", "status", "--db", kept_wrong)
    assert code == 1 and "No key for" in err
    terminal.answers = [WRONG_KEY]
    code, _, err = cli("db", "status", "--db", kept_wrong)
    assert code == 1 and "wrong key or not a Casedesk database" in err
    assert len(terminal.prompts) == 2  # asked once each time, never in a loop
    assert keystore.key_from_keychain(kept_wrong) == OTHER_KEY


def test_without_a_terminal_the_kept_key_is_said_with_what_to_do(  # type: ignore[no-untyped-def]
    cli, kept_wrong, terminal
) -> None:
    terminal.present = False
    code, _, err = cli("db", "status", "--db", kept_wrong)
    assert code == 1 and terminal.prompts == []
    assert f"The key this computer kept for {kept_wrong} does not open it" in err
    assert "CASEDESK_DB_KEY" in err and "Traceback" not in err
    assert keystore.key_from_keychain(kept_wrong) == OTHER_KEY


def test_a_wrong_key_in_the_environment_is_not_asked_over(  # type: ignore[no-untyped-def]
    cli, kept_wrong, terminal, monkeypatch
) -> None:
    """The user set CASEDESK_DB_KEY: the error says to correct or unset it, even at a terminal."""
    monkeypatch.setenv("CASEDESK_DB_KEY", WRONG_KEY)
    code, _, err = cli("db", "status", "--db", kept_wrong)
    assert code == 1 and terminal.prompts == []
    assert "CASEDESK_DB_KEY does not open" in err and "unset it" in err
    assert keystore.key_from_keychain(kept_wrong) == OTHER_KEY
