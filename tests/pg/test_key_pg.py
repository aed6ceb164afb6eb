"""The office key of a server database: a recovery key typed on a new workstation is kept in its
keychain once it matched the office's audit trail, so the next start does not ask; a wrong one is
refused and not kept."""

from __future__ import annotations

import pytest

from app.errors import DatabaseError
from db.keystore import recovery_key
from db.pg import account, parse_url
from db.pg_store import known_office_key
from db.store import open_database
from tests.conftest import TEST_KEY

WRONG_KEY = "f" * 64


def test_a_recovery_key_typed_once_is_kept_for_the_server_database(
    pg_demo_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    url = pg_demo_db.url  # type: ignore[attr-defined]
    shown = account(parse_url(url))
    assert known_office_key(shown) is None
    with pytest.raises(DatabaseError, match="does not match"):
        open_database(url, ask_key=lambda: WRONG_KEY)
    assert known_office_key(shown) is None
    open_database(url, ask_key=lambda: recovery_key(TEST_KEY)).close()
    assert known_office_key(shown) == TEST_KEY

    def never() -> str:
        raise AssertionError("asked again for a key kept in the keychain")

    open_database(url, ask_key=never).close()
