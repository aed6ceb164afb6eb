"""Whose backup a file is. Backups of several offices can share a folder and a file name (two
offices' "casedesk.db" in different folders, a training copy of the live office): the name alone
does not tell them apart, and rotating or listing by it deleted, and offered to restore, another
office's backups (QA qa7). What a backup's manifest records does:

- `source`, the database file it was copied from;
- `office_made`, when the office was set up (office.created_at as stored): the same after the
  file is moved or gets a new recovery key, another for an office made anew at the same path;
- `audit_head["chain"]`, the name of its audit chain (db.engine.chain_id): another after a new
  recovery key, as after an office made anew.

A copy of a file (cp) holds the same office, set-up time and key: only its path tells it from
the original. So a backup is this office's (OWN) when it was made from this very file and not
by an office set up at another time; it is OTHER when another file made it, or another office at
this path. What cannot be told for sure is UNSURE: listed (it may be this office's) but never
rotated out — a backup without a manifest, one made from a file that is no longer there by an
office set up at the same moment (this office before it was moved, or a copy of it), one made
at this path under another audit chain before manifests named the office's set-up time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.errors import DatabaseError
from db.backup import Manifest, read_rows

OWN, UNSURE, OTHER = "own", "unsure", "other"


@dataclass(frozen=True)
class Owner:
    """The office whose backups are looked for: its database file and, when known, its audit
    chain's name and when it was set up."""

    path: Path
    chain: str | None = None
    made: str | None = None


def made_at(path: Path, key: str) -> str | None:
    """When the office in the database file at `path` was set up, as stored; None when the file
    does not open or holds no office."""
    import sqlcipher3.dbapi2 as sqlcipher

    try:
        rows = read_rows(path, key, "SELECT created_at FROM office ORDER BY id LIMIT 1")
    except (DatabaseError, OSError, sqlcipher.Error):
        return None
    return str(rows[0][0]) if rows and rows[0][0] is not None else None


def owner_of(path: Path, key: str) -> Owner:
    """The office at `path` as its backups name it (its chain and set-up time read with `key`;
    None each when it does not open: then only its path tells)."""
    from db.engine import audit_key, chain_id

    made = made_at(path, key) if Path(path).is_file() else None
    return Owner(Path(path), chain_id(audit_key(key)) if made else None, made)


def same_file(recorded: str, path: Path) -> bool:
    """Whether the path a manifest recorded names the database file at `path`."""
    if not recorded:
        return False
    a, b = os.path.abspath(recorded), os.path.abspath(path)
    if os.path.normcase(a) == os.path.normcase(b):
        return True
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def standing(manifest: Manifest | None, owner: Owner) -> str:
    """OWN, UNSURE or OTHER: how surely the backup described by `manifest` is `owner`'s."""
    if manifest is None or not manifest.source:
        return UNSURE
    made = manifest.office_made or None
    chain = (manifest.audit_head or {}).get("chain")
    if same_file(manifest.source, owner.path):
        if made and owner.made:
            return OWN if made == owner.made else OTHER
        if chain and owner.chain and chain != owner.chain:
            return UNSURE  # a new recovery key since, or another office once at this path
        return OWN
    if made and made == owner.made and not Path(manifest.source).exists():
        return UNSURE  # this office before it was moved, or a copy of it whose original is gone
    return OTHER
