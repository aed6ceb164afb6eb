"""A server office's key this computer's keychain kept that does not match the office's audit
trail (the database restored or made anew on the server) leads to the recovery key, as a file's
does (QA s22): the window and a terminal ask it and keep the one that matches; a typed key that
does not match is asked again; a wrong CASEDESK_DB_KEY says to correct or unset it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from app.errors import DatabaseError, KeptKeyWrong, WrongKey
from db.keystore import recovery_key
from db.pg import account, parse_url
from db.pg_store import known_office_key, store_office_key
from db.store import open_database
from tests.cli import conftest as cli_fixtures
from tests.cli import test_recovery_key_cli as recovery
from tests.conftest import TEST_KEY
from tests.ui.test_recovery_key_window import answer_modals, type_key

OTHER_KEY = "ab" * 32
cli = cli_fixtures.cli  # casedesk in this process (the fixture)
terminal = recovery.terminal  # a person at the terminal (the fixture)


@pytest.fixture
def kept_wrong(pg_demo_db, monkeypatch: pytest.MonkeyPatch) -> str:
    """The server office's URL; this computer's keychain keeps another office's key for it."""
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    url = pg_demo_db.url  # type: ignore[attr-defined]
    assert store_office_key(account(parse_url(url)), OTHER_KEY)
    return url


def test_a_kept_key_that_does_not_match_asks_the_recovery_key(kept_wrong) -> None:
    shown = account(parse_url(kept_wrong))
    with pytest.raises(KeptKeyWrong) as caught:
        open_database(kept_wrong, ask_key=lambda: recovery_key(TEST_KEY))
    assert f"The office key this computer kept for {shown}" in caught.value.translated()
    assert "CASEDESK_DB_KEY" in caught.value.translated()
    with pytest.raises(WrongKey):  # a typed key that does not match: asked again by the window
        open_database(kept_wrong, ask_key=lambda: "f" * 64, keychain=False)
    assert known_office_key(shown) == OTHER_KEY
    open_database(kept_wrong, ask_key=lambda: recovery_key(TEST_KEY), keychain=False).close()
    assert known_office_key(shown) == TEST_KEY


def test_a_wrong_environment_key_says_to_correct_or_unset_it(kept_wrong, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", "f" * 64)
    with pytest.raises(DatabaseError, match="CASEDESK_DB_KEY does not open.*unset it"):
        open_database(kept_wrong)


def test_the_command_line_asks_the_recovery_key_at_a_terminal(cli, kept_wrong, terminal) -> None:  # type: ignore[no-untyped-def]
    shown = account(parse_url(kept_wrong))
    terminal.present = False
    code, _, err = cli("db", "status", "--db", kept_wrong)
    assert code == 1 and terminal.prompts == []
    assert f"The office key this computer kept for {shown}" in err and "CASEDESK_DB_KEY" in err
    terminal.present = True
    terminal.answers = [recovery_key(TEST_KEY)]
    code, _, err = cli("db", "status", "--db", kept_wrong)
    assert code == 0, err
    assert f"The office key this computer kept for {shown}" in err
    assert len(terminal.prompts) == 1
    assert known_office_key(shown) == TEST_KEY


def test_the_window_asks_the_recovery_key(qapp, kept_wrong) -> None:
    from ui.app import application, open_or_explain
    from ui.dialogs.recovery_key import RecoveryKeyDialog

    application()

    headings: list[str] = []

    def asked(dialog: object) -> bool:  # a message box instead fails the test, never hangs it
        assert isinstance(dialog, RecoveryKeyDialog)
        headings.append(dialog.findChild(QLabel, "heading").text())
        return type_key(recovery_key(TEST_KEY))(dialog)

    seen = answer_modals([asked])
    database = open_or_explain(kept_wrong)
    assert not [s for s in seen if isinstance(s, AssertionError)]
    assert database is not None
    database.close()
    assert headings[0].startswith("The office key this computer kept for ")
    assert "does not match its audit trail" in headings[0]
    assert known_office_key(account(parse_url(kept_wrong))) == TEST_KEY


def test_the_connection_test_says_to_start_again_for_the_recovery_key(kept_wrong) -> None:
    from app.workstation import check_connection

    with pytest.raises(KeptKeyWrong) as caught:
        check_connection(kept_wrong)
    said = caught.value.translated()
    assert f"The office key this computer kept for {account(parse_url(kept_wrong))}" in said
    assert "start Casedesk again" in said
    assert known_office_key(account(parse_url(kept_wrong))) == OTHER_KEY
