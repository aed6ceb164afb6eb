"""Anchors for the audit chain, kept outside the database, so that a verify notices entries removed
from the chain's END (what is left of a chain cut short still links up).

An anchor is an entry's id and hash, as seen at some moment. Two are kept:

- the workstation's, in a small JSON file in the data folder (one per database: its file or its
  server URL), moved to the head after every verify that found the chain whole and when the
  window closes, and set to the restored chain's head by a restore (which goes back on purpose);
- each backup's, in its manifest (db/backup.py); a verify reads the newest backup of this
  database file made since its last restore.

Verify then asks: is the anchored entry still there with the same hash? On a server several
workstations write: an anchor only says "at least up to here". A database never anchored (a new
one, a file moved, another workstation) has nothing to compare with, and verify says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import zoneinfo
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit import ChainCheck, verify_chain
from app.i18n import plural, tr
from app.models import AuditEntry
from app.paths import data_dir, make_folder

FILE_NAME = "audit-anchors.json"
WORKSTATION, BACKUP = "workstation", "backup"


@dataclass(frozen=True)
class Anchor:
    """An entry the chain must still hold: its id and hash, when and where it was seen."""

    entry_id: int
    hash: str
    recorded_at: str  # ISO 8601, UTC
    where: str  # WORKSTATION or BACKUP
    place: str  # the workstation's host name, or the backup's file name

    def when(self, zone: str) -> str:
        moment = dt.datetime.fromisoformat(self.recorded_at)
        moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
        return moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")

    def by(self, lang: str | None = None) -> str:
        if self.where == BACKUP:
            return tr("the backup {file}", lang, file=self.place)
        return tr("this workstation ({host})", lang, host=self.place)


def anchors_path() -> Path:
    """The workstation's anchors: one file in the data folder (CASEDESK_HOME)."""
    return data_dir() / FILE_NAME


def target_key(target: Path | str) -> str:
    """Which database an anchor belongs to: its file's full path, or its server URL."""
    if isinstance(target, str):
        from sqlalchemy.engine import make_url

        return make_url(target).set(password=None).render_as_string(hide_password=False)
    return str(Path(target).expanduser().resolve())


def _read_all() -> dict[str, Any]:
    try:
        data = json.loads(anchors_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def workstation_anchor(target: Path | str) -> Anchor | None:
    """The head this workstation last saw of the database, or None."""
    found = _read_all().get(target_key(target))
    try:
        return Anchor(**found) if isinstance(found, dict) else None
    except TypeError:
        return None


def chain_head(session: Session) -> tuple[int, str] | None:
    row = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def remember(target: Path | str, head: tuple[int, str] | None) -> Anchor | None:
    """Anchor the database at `head` on this workstation (written whole, then renamed); None
    when there is no head or the file cannot be written (a verify must not fail for it)."""
    if head is None:
        return None
    anchor = Anchor(
        head[0], head[1], dt.datetime.now(dt.UTC).isoformat(), WORKSTATION, socket.gethostname()
    )
    return anchor if _write(target, asdict(anchor)) else None


def anchor_anew(target: Path | str, head: tuple[int, str] | None) -> Anchor | None:
    """A new database made at `target`: anchored at its own `head`, whatever an earlier
    database at the same place left (without a head, that anchor is dropped)."""
    if head is None:
        _write(target, None)
        return None
    return remember(target, head)


def _write(target: Path | str, anchor: dict[str, Any] | None) -> bool:
    """Set (None: drop) the workstation's anchor of `target`; False if it cannot be written."""
    path = anchors_path()
    data = _read_all()
    if anchor is None:
        if data.pop(target_key(target), None) is None:
            return True
    else:
        data[target_key(target)] = anchor
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        make_folder(path.parent)
        partial.write_text(json.dumps(data, indent=2, sort_keys=True), "utf-8")
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):  # its folder may be what failed
            partial.unlink(missing_ok=True)
        return False
    return True


def backup_anchor(session: Session, db_path: Path) -> Anchor | None:
    """The head recorded by the newest backup of this very file made since its last restore
    (restoring goes back on purpose: the backups before it held a longer chain)."""
    from app.backups import policy
    from db.backup_files import list_backups
    from db.engine import chain_id

    last_restore = session.scalar(
        select(func.max(AuditEntry.at)).where(AuditEntry.action == "database.restore")
    )
    if last_restore is not None and last_restore.tzinfo is None:
        last_restore = last_restore.replace(tzinfo=dt.UTC)
    source = str(Path(db_path).absolute())
    key = session.info.get("audit_key")
    ours = chain_id(key) if isinstance(key, bytes) else None
    for backup in list_backups(policy(session).folder, db_path):
        made = backup.manifest
        if made is None or made.source != source or not made.audit_head:
            continue
        if ours is not None and made.audit_head.get("chain", ours) != ours:
            continue  # another office that was at this path (deleted, or moved by demo --force)
        if last_restore is not None and backup.created <= last_restore:
            break  # newest first: the rest are older still
        head = made.audit_head
        return Anchor(int(head["id"]), str(head["hash"]), made.created_at, BACKUP, backup.path.name)
    return None


@dataclass(frozen=True)
class TrailCheck:
    """The chain recomputed, and whether it still reaches every anchor kept outside it."""

    chain: ChainCheck
    zone: str
    reaches: Anchor | None = None  # the furthest anchor the chain reaches
    missing: Anchor | None = None  # an anchor it no longer reaches
    last_id: int = 0  # the last entry left before the missing anchor's
    recorded: bool = False  # this verify anchored the workstation at the head

    @property
    def ok(self) -> bool:
        return self.chain.intact and self.missing is None

    def lines(self, lang: str | None = None) -> list[str]:
        """What was checked, in words: the chain, then how far it reaches."""
        if not self.chain.intact:
            return [
                tr(
                    "Audit trail broken at entry {id}: it was altered, or the entry before it "
                    "removed.",
                    lang,
                    id=self.chain.first_broken,
                )
            ]
        if self.missing is not None:
            return [
                tr(
                    "Audit trail cut short: the chain no longer reaches entry #{id} recorded on "
                    "{date} by {where}: entries after #{last} are missing.",
                    lang,
                    id=self.missing.entry_id,
                    date=self.missing.when(self.zone),
                    where=self.missing.by(lang),
                    last=self.last_id,
                )
            ]
        first = plural(
            self.chain.checked,
            "Audit trail intact: {count} entry verified.",
            "Audit trail intact: {count} entries verified.",
            lang,
        )
        if self.reaches is None:
            return [
                first,
                tr(
                    "No head of this chain was recorded before (on this workstation or in a "
                    "backup), so entries removed from its end could not be noticed this time; "
                    "the head is recorded now.",
                    lang,
                )
                if self.recorded
                else tr(
                    "No head of this chain was recorded before (on this workstation or in a "
                    "backup), so entries removed from its end could not be noticed; this "
                    "workstation could not record it now (its data folder cannot be written).",
                    lang,
                ),
            ]
        reach = tr(
            "It reaches entry #{id}, the head recorded on {date} by {where}.",
            lang,
            id=self.reaches.entry_id,
            date=self.reaches.when(self.zone),
            where=self.reaches.by(lang),
        )
        return [first, reach]

    def words(self, lang: str | None = None) -> str:
        return " ".join(self.lines(lang))


def _reaches(session: Session, anchor: Anchor) -> int | None:
    """None when the chain still holds the anchored entry as it was; else the last id before it."""
    found = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == anchor.entry_id))
    if found == anchor.hash:
        return None
    # The last entry written before the anchor was recorded: entries appended since the cut
    # (SQLite gives their ids again) are not what was left of the chain.
    recorded = dt.datetime.fromisoformat(anchor.recorded_at)
    recorded = recorded.replace(tzinfo=dt.UTC) if recorded.tzinfo is None else recorded
    last = session.scalar(
        select(func.max(AuditEntry.id)).where(
            AuditEntry.id < anchor.entry_id, AuditEntry.at <= recorded
        )
    )
    return int(last or 0)


def verify_trail(session: Session, target: Path | str, *, record: bool = True) -> TrailCheck:
    """Recompute the chain and check it against the workstation's and the newest backup's
    anchors; when all is well (and `record`), anchor this workstation at the head."""
    from app.office import office_timezone

    zone = office_timezone(session)
    chain = verify_chain(session)
    anchors = [workstation_anchor(target)]
    if isinstance(target, Path):
        anchors.append(backup_anchor(session, target))
    kept = [a for a in anchors if a is not None]
    if not chain.intact:
        return TrailCheck(chain, zone)
    for anchor in kept:
        last = _reaches(session, anchor)
        if last is not None:
            return TrailCheck(chain, zone, missing=anchor, last_id=last)
    furthest = max(kept, key=lambda a: a.entry_id, default=None)
    recorded = record and remember(target, chain_head(session)) is not None
    return TrailCheck(chain, zone, reaches=furthest, recorded=recorded)


def advance(session: Session, target: Path | str) -> Anchor | None:
    """Move the workstation's anchor to the head (the window closing), unless the chain no
    longer reaches it: that is verify's to report, and it must still be there to report."""
    anchor = workstation_anchor(target)
    if anchor is not None and _reaches(session, anchor) is not None:
        return None
    return remember(target, chain_head(session))
