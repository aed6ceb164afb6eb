"""The keys `casedesk db restore` needs: the backup's, and the office's as it is (kept as a verified
backup before it is replaced), which differ when the backup was made under an older recovery key
or on another office."""

from __future__ import annotations

from pathlib import Path

from app.cli.common import err, key_prompt
from app.i18n import tr


def restore_key(path: Path, backup: Path) -> tuple[str, bool, str]:
    """The key to restore `backup` at `path`, whether it was typed (kept once restored), and the
    key the office at `path` is kept with before (the keychain's, when the backup's was asked or
    set in CASEDESK_DB_KEY and does not open the office): the environment's, the keychain's, else
    typed. A key the keychain kept that does not open the backup is said, and the recovery key
    asked at a terminal, as opening a file does (app/cli/common.py open_file): Enter alone leaves
    the kept key as it was."""
    from app.cli import common
    from app.errors import KeptKeyWrong
    from db.backup import key_is_wrong
    from db.keystore import ENVIRONMENT, KEYCHAIN, find_key, noting

    typed: list[str] = []
    key, source = find_key(path, noting(key_prompt(path), typed))
    if source == ENVIRONMENT:
        return key, False, _office_key(path, key)
    if source != KEYCHAIN or not key_is_wrong(backup, key):
        return key, bool(typed), key
    if not common.interactive():  # looked up here: a test stands a person at the terminal
        raise KeptKeyWrong(
            "The key this computer kept for {path} does not open the backup {backup}: the backup "
            "may come from another computer, or from another office once at the same path, or "
            "not be a Casedesk backup. Type the backup's recovery key in a terminal, or set "
            "CASEDESK_DB_KEY to it.",
            path=str(path),
            backup=str(backup),
        )
    err(
        tr(
            "The key this computer kept for {path} does not open the backup {backup}: the backup "
            "may come from another computer, or from another office once at the same path, or "
            "not be a Casedesk backup. Type the backup's recovery key to restore it and keep "
            "that key instead, or press Enter to leave the kept key as it was.",
            path=str(path),
            backup=str(backup),
        )
    )
    kept = key
    key, _source = find_key(path, noting(key_prompt(path), typed), keychain=False)
    return key, True, kept


def _office_key(path: Path, key: str) -> str:
    """The key the office at `path` opens with when CASEDESK_DB_KEY holds `key`: that key, unless
    it does not open the office and the keychain's does (CASEDESK_DB_KEY then holds the backup's
    own key, as the CLI advises for a backup made under an older recovery key): the office as it
    is must be kept with its own key, not be taken for damaged."""
    from db.backup import key_is_wrong
    from db.keystore import key_from_keychain, parse_key

    if not key_is_wrong(path, key):
        return key
    kept = key_from_keychain(path)
    if kept and not key_is_wrong(path, parse_key(kept)):
        return parse_key(kept)
    return key
