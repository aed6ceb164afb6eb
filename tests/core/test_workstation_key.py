"""The connection test (Settings ▸ This workstation) never asks for a key: when this computer has
none for the file, or the one its keychain kept does not open it, it says what to do — save the
choice and start again, where the recovery key is asked (QA s22) — not "wrong key" alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.errors import DatabaseError, KeptKeyWrong
from app.i18n import set_language
from app.workstation import check_connection
from db import keystore
from tests.conftest import TEST_KEY

OTHER_KEY = "ab" * 32


@pytest.fixture
def moved(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database copied here from another computer: no key in the environment or keychain."""
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    (tmp_path / "催收 资料").mkdir()
    path = Path(shutil.copyfile(template_db, tmp_path / "催收 资料" / "office.db"))
    assert keystore.key_from_keychain(path) is None
    return path


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def test_a_kept_key_that_does_not_open_the_file_says_the_window_asks_at_start(moved) -> None:
    keystore.store_in_keychain(moved, OTHER_KEY)
    with pytest.raises(KeptKeyWrong) as caught:
        check_connection(moved)
    said = caught.value.translated()
    assert f"The key this computer kept for {moved} does not open it" in said
    assert "start Casedesk again" in said and "recovery key" in said
    set_language("zh_CN")
    assert "恢复密钥" in caught.value.translated() and str(moved) in caught.value.translated()
    assert keystore.key_from_keychain(moved) == OTHER_KEY  # a test changes nothing


def test_no_key_on_this_computer_says_the_window_asks_at_start(moved) -> None:
    with pytest.raises(DatabaseError) as caught:
        check_connection(moved)
    said = caught.value.translated()
    assert f"No key for {moved}" in said and "start Casedesk again" in said


def test_the_keychain_key_and_the_environment_key_still_open_it(moved, monkeypatch) -> None:
    keystore.store_in_keychain(moved, TEST_KEY)
    assert check_connection(moved).revision is not None
    monkeypatch.setenv("CASEDESK_DB_KEY", OTHER_KEY)
    with pytest.raises(DatabaseError, match="CASEDESK_DB_KEY does not open"):
        check_connection(moved)
