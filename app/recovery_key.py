"""Replace the office's recovery key (admin, after typing their password again).

The recovery key is the database key itself (db/keystore.py recovery_key: its 64 hex digits in
groups of four): SQLCipher encrypts the file with it, and the audit chain is HMAC'd with a key
derived from it (db.engine.audit_key). Neither it nor anything it could be read back from is kept
in the database; the OS keychain keeps it so that nobody types it every day. So a lost sheet is
replaced by re-encrypting the file under a new key (SQLCipher's rekey):

- the file is copied aside under a temporary name, re-encrypted there, its audit chain checked
  with the old key and re-sealed with the new one (a trail that does not verify is refused: a
  re-seal would hide what was altered), the replacement audited (who, when; never a key), and
  only then renamed over the database in one step: a failure leaves the office as it was;
- the new key replaces the old one in this computer's keychain; it is kept there beside the old
  one before the swap, so a crash between the swap and the keychain's update loses no key (the
  next open finds it: db/store.py);
- from then on the old key no longer opens the office. Backups made before keep the key they
  were made with: only the old key opens them, and restoring one brings the old key back.
"""

from __future__ import annotations

import hmac
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from app import audit
from app.audit import GENESIS, _body, _digest
from app.audit_anchor import remember, verify_trail
from app.auth import Permission, reauthenticate, require
from app.errors import DatabaseError, ValidationError
from app.models import AuditEntry, User
from db.backup import checkpoint, inspect_file, replace_file, side_files
from db.engine import audit_key, make_engine, session_factory
from db.keystore import (
    forget_pending,
    generate_key,
    keep_pending,
    recovery_key,
    store_in_keychain,
)
from db.lock import DatabaseLock
from db.sqlcipher import raw_connect
from db.store import Database

BATCH = 5000
# The steps in order, told to `stage` as each begins (a progress dialog's words).
STAGES = ("check", "encrypt", "reseal", "replace")


@dataclass(frozen=True)
class NewRecoveryKey:
    """The key made, shown once and never stored in clear by Casedesk (the keychain keeps it)."""

    key: str  # 64 hex digits: what the window reopens the office with
    kept: bool  # stored in this computer's keychain (False: no keychain; typed at each start)
    resealed: int  # audit entries re-sealed with the new key
    environment: bool  # CASEDESK_DB_KEY is set: it still holds the old key

    @property
    def recovery(self) -> str:
        """The key as printed: sixteen groups of four."""
        return recovery_key(self.key)


def old_key_words() -> str:
    """What becomes of the old key, said by the CLI and the window alike."""
    from app.i18n import tr

    return tr(
        "From now on the old recovery key no longer opens this office. Backups made before keep "
        "the key they were made with: only the old key opens them, and restoring one brings the "
        "old key back. Make a backup now so that one opens with the new key."
    )


def _reseal(session: Session, old: bytes, new: bytes) -> int:
    """Check every audit entry against the old key and chain it anew with the new one, in the
    private copy: its append-only trigger (migration 0003) is set aside for this one transaction
    and put back as it was, before the copy becomes the office."""
    guard = text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry' "
        "AND sql LIKE '%UPDATE%'"
    )
    triggers = [(str(name), str(sql)) for name, sql in session.execute(guard).all()]
    for name, _sql in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    count = _rechain(session, old, new)
    for _name, sql in triggers:
        session.execute(text(sql))
    return count


def _rechain(session: Session, old: bytes, new: bytes) -> int:
    t = AuditEntry
    columns = (t.id, t.at, t.user_id, t.action, t.entity, t.entity_id, t.changes, t.prev_hash)
    prev_old = prev_new = GENESIS
    last, count = 0, 0
    while True:
        rows = session.execute(
            select(*columns, t.hash).where(t.id > last).order_by(t.id).limit(BATCH)
        ).all()
        if not rows:
            return count
        changes = []
        for row in rows:
            body = _body(row.at, row.user_id, row.action, row.entity, row.entity_id, row.changes)
            if row.prev_hash != prev_old or not hmac.compare_digest(
                _digest(old, prev_old, body), row.hash
            ):
                raise DatabaseError(
                    "The audit trail is broken at entry {id}: a new key would re-seal it as it "
                    "is. Nothing was changed; run Verify and see to it first.",
                    id=row.id,
                )
            prev_old = row.hash
            sealed = _digest(new, prev_new, body)
            changes.append({"id": row.id, "prev_hash": prev_new, "hash": sealed})
            prev_new = sealed
        session.execute(update(AuditEntry), changes)
        count += len(rows)
        last = rows[-1].id


def _refuse_server(database: Database) -> None:
    if database.url is not None:
        raise ValidationError(
            "A server office's key is kept on every workstation that opens it; it is not "
            "replaced from Casedesk."
        )


def _check_trail(database: Database) -> None:
    """Refuse a trail that does not verify, or that no longer reaches an anchor kept outside it:
    a re-seal under a new key would make what was altered or cut off look whole."""
    with database.sessions() as session:
        trail = verify_trail(session, database.path, record=False)
    if not trail.ok:
        raise DatabaseError(
            "The audit trail does not verify ({problem}): a new key would re-seal it as it is. "
            "Nothing was changed.",
            problem=trail.words(),
        )


def _encrypt_copy(source: Path, prepared: Path, old: str, new: str) -> None:
    shutil.copyfile(source, prepared)
    conn = raw_connect(prepared, old)
    try:
        conn.execute(f"PRAGMA rekey = \"x'{new}'\"")
    finally:
        conn.close()


def replace_recovery_key(
    database: Database,
    username: str,
    password: str,
    *,
    lock_held: bool = False,
    stage: Callable[[str], None] | None = None,
) -> NewRecoveryKey:
    """Re-encrypt the office under a new key (an admin who typed their password again).

    The database's connections are closed first; the caller reopens it with the new key
    (`reopen`). `lock_held` says the caller (the window) holds the one-window lock.
    """
    said = stage or (lambda _name: None)
    _refuse_server(database)
    said("check")
    actor = reauthenticate(database.sessions, username, password)
    require(actor, Permission.MANAGE_BACKUPS)
    db_path = database.path
    lock = None if lock_held else DatabaseLock(db_path).acquire()
    prepared = db_path.with_name(f".{db_path.name}.rekey-{os.getpid()}.partial")
    old, new = database.key, generate_key()
    engine = None
    try:
        _check_trail(database)
        said("encrypt")
        checkpoint(database.engine)
        database.close()
        for leftover in (prepared, *side_files(prepared)):
            leftover.unlink(missing_ok=True)
        _encrypt_copy(db_path, prepared, old, new)
        said("reseal")
        engine = make_engine(prepared, new)
        with session_factory(engine, new).begin() as session:
            resealed = _reseal(session, audit_key(old), audit_key(new))
            user = session.scalar(select(User).where(User.username == actor.username))
            entry = audit.record(
                session,
                user,
                "database.recovery_key",
                "database",
                db_path.name,
                {"by": actor.username, "resealed": resealed},
            )
            head = (entry.id, entry.hash)
        checkpoint(engine)
        engine.dispose()
        engine = None
        found = inspect_file(prepared, new, quick=True)
        if not found.ok:
            raise DatabaseError(
                "The re-encrypted copy of {path} did not pass its check: {problem}. Nothing was "
                "changed.",
                path=str(db_path),
                problem=found.integrity,
            )
        said("replace")
        keep_pending(db_path, new)  # in the keychain before the swap: a crash loses no key
        replace_file(prepared, db_path)
    except BaseException:
        if prepared.exists():  # not swapped in: the file kept its old key
            forget_pending(db_path)
        raise
    finally:
        if engine is not None:
            engine.dispose()
        for leftover in (prepared, *side_files(prepared)):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:  # tidying up must not hide why it stopped, nor keep the lock
                pass
        if lock is not None:
            lock.release()
    kept = store_in_keychain(db_path, new)
    forget_pending(db_path)
    remember(db_path, head)  # the re-sealed chain's head: the old one's hashes are gone
    return NewRecoveryKey(new, kept, resealed, bool(os.environ.get("CASEDESK_DB_KEY")))


def reopen(database: Database, key: str) -> None:
    """Point the window's handle at the office re-encrypted under `key` (its pages keep it)."""
    database.close()
    engine = make_engine(database.path, key)
    database.engine, database.sessions, database.key = engine, session_factory(engine, key), key
