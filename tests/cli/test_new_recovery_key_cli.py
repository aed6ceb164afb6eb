"""`casedesk db new-recovery-key`: an admin who lost the sheet gets a new key, printed once; the
old key no longer opens the office, the new one (kept in the keychain) does; others are refused,
and nothing happens without confirmation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from db import keystore
from db.sqlcipher import raw_connect
from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD
from tests.conftest import TEST_KEY


@pytest.fixture
def kept(office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The office opened with the key this computer's keychain keeps, as at a workstation."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CASEDESK_DB_KEY")
    assert keystore.store_in_keychain(office, TEST_KEY)
    return office


def test_an_admin_gets_a_new_key_and_the_old_one_stops_opening_the_office(  # type: ignore[no-untyped-def]
    cli, kept, monkeypatch
) -> None:
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("db", "new-recovery-key", "--db", kept, "--user", "admin", "--yes")
    assert code == 0, err
    shown = re.findall(r"^    ([0-9A-F]{4}(?:-[0-9A-F]{4}){15})$", out, re.MULTILINE)
    assert len(shown) == 1, out
    new = keystore.parse_key(shown[0])
    assert new != TEST_KEY and keystore.key_from_keychain(kept) == new
    assert "the old recovery key no longer opens this office" in out
    assert "only the old key opens them" in out
    raw_connect(kept, new).close()
    code, _, err = cli("db", "verify", "--db", kept, "--user", "admin")
    assert code == 0, err
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)  # the old key, as the lost sheet had it
    code, _, err = cli("db", "status", "--db", kept)
    assert code != 0 and "does not open" in err


def test_an_agent_is_refused_and_nothing_changes(cli, kept, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    code, out, err = cli("db", "new-recovery-key", "--db", kept, "--user", "bob", "--yes")
    assert code != 0 and "Traceback" not in err and "-" * 4 not in out
    assert keystore.key_from_keychain(kept) == TEST_KEY
    raw_connect(kept, TEST_KEY).close()


def test_without_confirmation_nothing_changes(cli, kept, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, _, err = cli("db", "new-recovery-key", "--db", kept, "--user", "admin")
    assert code != 0 and "--yes" in err
    raw_connect(kept, TEST_KEY).close()
