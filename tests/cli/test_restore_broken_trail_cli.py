"""`casedesk db restore` of a backup whose audit trail does not verify (QA qa7 #4: restored without
a word, the restore's own entry appended to the broken chain): said before the question, refused
with --yes alone, restored once confirmed at the terminal or with --accept-broken-trail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.backup import verify_backup
from tests.cli.conftest import ADMIN_PASSWORD
from tests.conftest import TEST_KEY
from tests.db.helpers import alter_audit_entry


@pytest.fixture
def altered(cli, office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """A backup of the office whose second audit entry was changed inside it."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("db", "backup", "--db", office, "--json")
    assert code == 0, err
    backup = Path(json.loads(out)["path"])
    alter_audit_entry(backup, TEST_KEY, 2)
    assert verify_backup(backup, TEST_KEY).ok  # whole, and holding what its manifest lists
    return backup


def test_yes_alone_does_not_restore_a_backup_whose_trail_is_broken(  # type: ignore[no-untyped-def]
    cli, office, altered
) -> None:
    code, out, err = cli("db", "restore", altered, "--db", office, "--yes")
    assert code == 1 and "Restored" not in out
    assert "The audit trail in this backup does not verify: it is broken at entry 2" in err
    assert "--accept-broken-trail" in err and "nothing was changed" in err
    assert [p.name for p in altered.parent.glob("*.bak")] == [altered.name]  # nothing begun
    code, out, err = cli("db", "restore", altered, "--db", office, "--yes", "--accept-broken-trail")
    assert code == 0 and "Restored" in out, err
    code, out, err = cli("audit", "verify", "--db", office)
    assert code == 4 and "broken at entry 2" in err  # the trail as the backup held it
    code, out, _ = cli("audit", "list", "--db", office, "--json")
    assert code == 0 and "Backup's audit trail broken at entry" in out


def test_confirmed_at_the_terminal_after_the_warning(  # type: ignore[no-untyped-def]
    cli, office, altered, monkeypatch
) -> None:
    from app.cli import common

    monkeypatch.setattr(common, "interactive", lambda: True)
    prompts: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "y")
    code, out, err = cli("db", "restore", altered, "--db", office)
    assert code == 0 and "Restored" in out, err
    assert "does not verify" in err and len(prompts) == 1


def test_an_intact_backup_restores_without_a_warning(cli, office, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("db", "backup", "--db", office, "--json")
    assert code == 0, err
    code, out, err = cli("db", "restore", json.loads(out)["path"], "--db", office, "--yes")
    assert code == 0 and "Warning" not in err, err
