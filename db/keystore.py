"""The database key: from CASEDESK_DB_KEY, else the OS keychain (keyring), else the user is asked.

A key is 32 random bytes, written as 64 hex digits; SQLCipher uses it raw (no slow key
derivation on every open). The recovery key printed by `casedesk init` is the same digits in
groups of four so a person can copy it by hand.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from app.errors import DatabaseError, KeptKeyWrong, WrongKey

SERVICE = "Casedesk"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def generate_key() -> str:
    return secrets.token_hex(32)


def parse_key(text: str) -> str:
    """Accept a key or a recovery key ('ABCD-1234-…', spaces allowed); return 64 lowercase hex."""
    cleaned = re.sub(r"[\s\-]", "", text).lower()
    if not _HEX64.match(cleaned):
        raise DatabaseError("A database key is 64 hexadecimal digits (dashes and spaces allowed).")
    return cleaned


def recovery_key(key: str) -> str:
    key = parse_key(key).upper()
    return "-".join(key[i : i + 4] for i in range(0, 64, 4))


def _account(db_path: Path) -> str:
    return str(Path(db_path).expanduser().resolve())


def key_from_keychain(db_path: Path) -> str | None:
    try:
        import keyring

        value = keyring.get_password(SERVICE, _account(db_path))
    except Exception:  # no keychain on this machine: fall through to asking
        return None
    return value or None


def store_in_keychain(db_path: Path, key: str) -> bool:
    """Remember the key in the OS keychain; False when no keychain is available."""
    try:
        import keyring

        keyring.set_password(SERVICE, _account(db_path), key)
    except Exception:
        return False
    return True


PENDING = "#new-key"  # the keychain entry of a key the file is being re-encrypted under


def keep_pending(db_path: Path, key: str) -> bool:
    """Keep the key the file is about to be re-encrypted under beside the current one, before the
    swap (app/recovery_key.py): a crash between the swap and the keychain's update then leaves
    the key the file needs in the keychain, not only in a process that is gone."""
    try:
        import keyring

        keyring.set_password(SERVICE, _account(db_path) + PENDING, key)
    except Exception:
        return False
    return True


def pending_key(db_path: Path) -> str | None:
    try:
        import keyring

        value = keyring.get_password(SERVICE, _account(db_path) + PENDING)
    except Exception:
        return None
    return value or None


def forget_pending(db_path: Path) -> None:
    try:
        import keyring

        keyring.delete_password(SERVICE, _account(db_path) + PENDING)
    except Exception:  # none kept, or no keychain: nothing to forget
        pass


def noting(
    ask: Callable[[], str | None] | None, typed: list[str]
) -> Callable[[], str | None] | None:
    """`ask`, noting in `typed` the answer it gives: a key typed by the user, which is kept in
    the keychain once it has opened the database."""
    if ask is None:
        return None

    def asking() -> str | None:
        answer = ask()
        if answer:
            typed.append(answer)
        return answer

    return asking


ENVIRONMENT, KEYCHAIN, TYPED = "environment", "keychain", "typed"  # where a key was found


def find_key(
    db_path: Path, ask: Callable[[], str | None] | None = None, *, keychain: bool = True
) -> tuple[str, str]:
    """The key for `db_path` and where it came from: the environment, the keychain (unless
    `keychain` is False: the key kept there did not open the file), then `ask` (a prompt)."""
    env = os.environ.get("CASEDESK_DB_KEY")
    if env:
        return parse_key(env), ENVIRONMENT
    stored = key_from_keychain(db_path) if keychain else None
    if stored:
        return parse_key(stored), KEYCHAIN
    if ask is not None:
        answer = ask()
        if answer:
            return parse_key(answer), TYPED
    raise DatabaseError(
        "No key for {path}: set CASEDESK_DB_KEY or enter the recovery key.", path=str(db_path)
    )


def resolve_key(db_path: Path, ask: Callable[[], str | None] | None = None) -> str:
    """Find the key for `db_path`: environment, keychain, then `ask` (a prompt)."""
    return find_key(db_path, ask)[0]


def wrong_key(error: WrongKey, db_path: Path, source: str) -> WrongKey:
    """What to say of a key that did not open `db_path`, by where it came from: the environment's
    is the user's to correct or unset; the keychain's is replaced by the recovery key (asked by
    the window and at a terminal); a typed or given key keeps SQLCipher's words."""
    if source == ENVIRONMENT:
        return WrongKey(
            "The key in CASEDESK_DB_KEY does not open {path} (a wrong key, or not a Casedesk "
            "database): correct CASEDESK_DB_KEY, or unset it to use this computer's keychain or "
            "the recovery key.",
            path=str(db_path),
        )
    if source == KEYCHAIN:
        return KeptKeyWrong(
            "The key this computer kept for {path} does not open it: the file may come from "
            "another computer (a restore), or be a new office made at the same path, or not be a "
            "Casedesk database. Type the office's recovery key in a terminal, or set "
            "CASEDESK_DB_KEY to it.",
            path=str(db_path),
        )
    return error
