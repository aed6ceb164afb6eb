"""What a restore warns of before it replaces the office, said by `casedesk db restore` before its
question and by the Backups dialog above its confirmation (QA qa7):

- a backup made from another database file, or by another office once at this path, or whose
  office cannot be told (no manifest): restoring it puts another office's data in this one's
  place (db/backup_owner.py tells whose a backup is);
- a backup whose audit trail does not verify, checked as `casedesk audit verify` checks the
  office's: restored, the office would carry the altered trail. restore() refuses it unless the
  admin saw this and confirmed (`broken_trail`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.audit import ChainCheck, verify_chain
from app.errors import ValidationError
from app.i18n import tr
from db.backup import read_manifest, read_only_engine
from db.backup_owner import OTHER, UNSURE, owner_of, same_file, standing
from db.engine import audit_key


def backup_trail(backup: Path, key: str) -> ChainCheck:
    """The backup's audit chain recomputed, read-only (nothing is written to the backup)."""
    engine = read_only_engine(Path(backup), key)
    try:
        with Session(engine, info={"audit_key": audit_key(key)}) as session:
            return verify_chain(session)
    finally:
        engine.dispose()


def trail_words(check: ChainCheck, lang: str | None = None) -> str:
    """What the confirmation says of a backup whose audit trail does not verify ("" if it does)."""
    if check.intact:
        return ""
    return tr(
        "The audit trail in this backup does not verify: it is broken at entry {id} (altered, or "
        "the entry before it removed). Restored, the office would carry that broken trail and "
        "fail its audit check. Restore it only if you know why.",
        lang,
        id=check.first_broken,
    )


def refuse_broken_trail(backup: Path, check: ChainCheck) -> None:
    """restore()'s refusal of a backup whose trail does not verify, when nobody confirmed it."""
    if check.intact:
        return
    raise ValidationError(
        "The audit trail in the backup {path} does not verify (broken at entry {id}); nothing "
        "was changed. Choose another backup, or confirm at the terminal's question, or add "
        "--accept-broken-trail, to restore it all the same.",
        path=str(backup),
        id=check.first_broken,
    )


def other_office_words(
    db_path: Path, office_key: str, backup: Path, lang: str | None = None
) -> str:
    """What the confirmation says when the backup may not be this office's ("" when it is, or
    when there is no office at `db_path` yet to be replaced)."""
    db_path = Path(db_path).expanduser().absolute()
    if not db_path.is_file():
        return ""
    manifest = read_manifest(Path(backup))
    if manifest is None:
        return tr(
            "This backup has no manifest beside it, so which office it was made from cannot be "
            "told. Restore it only if you know it is this office's.",
            lang,
        )
    place = standing(manifest, owner_of(db_path, office_key))
    here = same_file(manifest.source, db_path)
    if place == OTHER and here:
        return tr(
            "This backup is of another office once kept at {path}, not of the office there "
            "now: restoring it puts that office's data in place of this one's. Restore it only "
            "if that is what you mean.",
            lang,
            path=str(db_path),
        )
    if place == OTHER:
        return tr(
            "This backup was made from another database, {source}, not from {path}: restoring "
            "it puts that office's data in place of this one's. Restore it only if that is what "
            "you mean.",
            lang,
            source=manifest.source,
            path=str(db_path),
        )
    if place == UNSURE and not here:
        return tr(
            "This backup was made from {source}, not from {path}: by this office before it was "
            "moved, or by a copy of it. Restore it only if it is this office's.",
            lang,
            source=manifest.source,
            path=str(db_path),
        )
    return ""


def since_backup_words(made: str | None, lang: str | None = None) -> str:
    """What a restore does to the work done after the backup was made (`made`: its time as the
    office reads it, when the manifest says it)."""
    if made:
        return tr(
            "Work done since this backup was made ({time}) leaves the office: it is kept only in "
            "the copy of the current database made first.",
            lang,
            time=made,
        )
    return tr(
        "Work done since this backup was made leaves the office: it is kept only in the copy of "
        "the current database made first.",
        lang,
    )


@dataclass(frozen=True)
class RestoreWarnings:
    """The backup's audit chain as found, and whether it may be another office's, in words."""

    trail: ChainCheck
    other_office: str

    def lines(self, lang: str | None = None) -> list[str]:
        return [w for w in (self.other_office, trail_words(self.trail, lang)) if w]


def check_backup(db_path: Path, office_key: str, backup: Path, backup_key: str) -> RestoreWarnings:
    """What to warn of before restoring `backup` (opened with `backup_key`) over `db_path`."""
    return RestoreWarnings(
        backup_trail(backup, backup_key), other_office_words(db_path, office_key, backup)
    )
