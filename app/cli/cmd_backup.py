"""`casedesk db backup|restore|verify|backups`: verified backups, restore after a look, health."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import (
    acting_user,
    add_acting_options,
    db_path,
    err,
    keep_typed_key,
    opened,
    out,
    print_json,
)
from app.cli.table import table
from app.errors import ValidationError
from app.i18n import plural, tr

if TYPE_CHECKING:
    from app.models import User
    from db.backup_files import BackupFile

EXIT_BROKEN = 4


def register_actions(sub: argparse._SubParsersAction) -> None:
    """Add the backup actions to `casedesk db`."""
    backup = sub.add_parser(
        "backup",
        help=tr("make a verified, encrypted backup now (admin)"),
        description=tr(
            "Copy the database (encrypted with the same key), check the copy and write its "
            "manifest. PATH may be a folder or a file; by default the office's backup folder, "
            "where older backups are rotated out."
        ),
    )
    # A str: a final separator ("D:\\备份\\", "备份/") names a folder, which Path would drop.
    backup.add_argument("path", nargs="?", metavar="PATH", default=None)
    add_acting_options(backup, json=True)
    backup.set_defaults(func=run_backup)
    restore = sub.add_parser(
        "restore",
        help=tr("replace the database with a backup, after showing what it holds (admin)"),
        description=tr(
            "Show the backup's date, schema and counts, ask for confirmation (or --yes), back "
            "up the current database, then replace it; an older backup is upgraded."
        ),
    )
    restore.add_argument("path", type=Path, metavar="PATH")
    restore.add_argument("--yes", action="store_true", help=tr("do not ask for confirmation"))
    restore.add_argument(
        "--accept-broken-trail",
        action="store_true",
        help=tr("with --yes: restore a backup whose audit trail does not verify all the same"),
    )
    add_acting_options(restore)
    restore.set_defaults(func=run_restore)
    verify = sub.add_parser(
        "verify",
        help=tr("integrity check and audit chain (supervisor, admin)"),
        description=tr(
            "Run SQLite's integrity check on the database and recompute the audit chain; "
            "exit code 4 when either fails."
        ),
    )
    add_acting_options(verify, json=True)
    verify.set_defaults(func=run_verify)
    listing = sub.add_parser(
        "backups",
        help=tr("list the backups in the backup folder (admin)"),
        description=tr("List this database's backups in the office's backup folder, newest first."),
    )
    add_acting_options(listing, json=True)
    listing.set_defaults(func=run_list)


def _destination(typed: str | None) -> tuple[Path | None, bool]:
    """Where `db backup PATH` writes, and whether PATH names a folder by its final separator."""
    if not typed:
        return None, False
    separators = tuple(s for s in ("/", os.sep, os.altsep) if s)
    return Path(typed), typed.endswith(separators)


def run_backup(args: argparse.Namespace) -> int:
    from app.backups import back_up, counts_words, schema_words

    with opened(args) as database:
        actor = acting_user(args, database)
        result = back_up(database, actor, *_destination(args.path))
    if args.json:
        print_json(
            {
                "path": str(result.path),
                "created_at": result.manifest.created_at,
                "revision": result.manifest.revision,
                "counts": result.manifest.counts,
                "rotated_out": [str(p) for p in result.removed],
                "warnings": [w.translated() for w in result.warnings],
            }
        )
    else:
        out(tr("Backup written and verified: {path}", path=str(result.path)))
        out(
            tr(
                "Database version {version}; {counts}",
                version=schema_words(result.manifest.revision),
                counts=counts_words(result.manifest.counts),
            )
        )
        for removed in result.removed:
            out(tr("Rotated out: {path}", path=removed.name))
    for warning in result.warnings:
        err(tr("Warning: {text}", text=warning.translated()))
    return 0


def describe(found: Any, zone: str) -> list[str]:
    """Lines that tell a person what a backup holds; its time in the office's time `zone`."""
    from app.backups import counts_words, office_time, schema_words

    lines = [tr("Backup: {path}", path=str(found.path))]
    if found.manifest is not None:
        made = office_time(found.manifest.created, zone)
        lines.append(tr("Made: {time} ({zone})", time=made, zone=zone))
    lines.append(tr("Database version: {version}", version=schema_words(found.revision)))
    lines.append(tr("Holds: {counts}", counts=counts_words(found.counts)))
    return lines


def _office_zone(db_file: Path, backup: Path, key: str) -> str:
    """The office's time zone: the database's, else (a damaged or missing database) the one the
    backup keeps, else the default an office is made with (as office_timezone says)."""
    from app.backups import stored_timezone

    return stored_timezone(db_file, key) or stored_timezone(backup, key) or "Asia/Shanghai"


def _restorer(args: argparse.Namespace, path: Path, key: str) -> User | None:
    """The acting user, held to MANAGE_BACKUPS, when the current database opens; None if not."""
    from app.auth import Permission, require
    from app.restore import current_if_healthy

    current = current_if_healthy(path, key)
    if current is None:
        return None
    try:
        actor = acting_user(args, current)
    finally:
        current.close()
    require(actor, Permission.MANAGE_BACKUPS)
    return actor


def run_restore(args: argparse.Namespace) -> int:
    from app.backups import office_time
    from app.cli import common
    from app.cli.restore_key import restore_key
    from app.erasure_restore import after_restore_words, erased_again_words, erasures_unread_words
    from app.restore import erasures_pending, restore
    from app.restore_checks import check_backup, refuse_broken_trail, since_backup_words
    from db.backup import describe_backup
    from db.engine import check_path

    path = check_path(db_path(args), must_exist=False)
    key, typed, office_key = restore_key(path, Path(args.path).expanduser())
    # Who restores is known before the backup is shown: from the current database when it
    # opens (with the office's key: a backup made before a new recovery key has its own),
    # else (a damaged one) from the backup, inside restore().
    actor = _restorer(args, path, office_key)
    found = describe_backup(args.path, key)
    for line in describe(found, _office_zone(path, args.path, key)):
        out(line)
    pending = erasures_pending(path, office_key, Path(args.path), key)
    again = erasures_unread_words(cli=True) if pending is None else erased_again_words(pending)
    if again:
        out(again)
    warnings = check_backup(path, office_key, Path(args.path), key)
    for line in warnings.lines():
        err(tr("Warning: {text}", text=line))
    broken = not warnings.trail.intact
    if args.yes and broken and not args.accept_broken_trail:
        refuse_broken_trail(Path(args.path), warnings.trail)
    if not args.yes:
        if not common.interactive():  # looked up here, as in restore_key
            raise ValidationError(
                "Not restoring without confirmation: run it in a terminal, or add --yes."
            )
        if path.exists():
            out(tr("The current database is backed up first, then replaced by this backup."))
            made = found.manifest.created if found.manifest is not None else None
            zone = _office_zone(path, args.path, key)
            out(since_backup_words(office_time(made, zone)[:16] if made else None))
        answer = input(tr("Replace {path} with this backup? [y/N] ", path=str(path)))
        if answer.strip().lower() not in ("y", "yes", "是"):
            out(tr("Cancelled; nothing was changed."))
            return 1
    result = restore(
        path,
        args.path,
        office_key,  # the office as it was is backed up with its own key, not called damaged
        yes=True,
        login=lambda db: actor if actor is not None else acting_user(args, db),
        backup_key=key,
        broken_trail=broken,  # said above, and confirmed at the question or by the option
    )
    keep_typed_key(path, key, typed)  # the restored office opens with it
    out(tr("Restored {path} from {backup}.", path=str(path), backup=str(result.restored_from)))
    if result.backup_revision != result.revision:
        out(
            tr(
                "Upgraded the restored data from schema {old} to {new}.",
                old=result.backup_revision,
                new=result.revision,
            )
        )
    done = after_restore_words(len(result.reerased), result.previous_damaged, cli=True)
    if done:
        out(done)
    if result.previous is None:
        pass
    elif result.previous_damaged:
        out(tr("The damaged database was kept as {path}.", path=str(result.previous)))
    else:
        out(tr("The database as it was is backed up as {path}.", path=str(result.previous)))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from app.backups import verify_database

    with opened(args) as database:
        actor = acting_user(args, database)
        check = verify_database(database, actor)
    if args.json:
        print_json(
            {
                "ok": check.ok,
                "integrity": check.integrity,
                "audit_checked": check.audit_checked,
                "audit_first_broken": check.audit_first_broken,
                "audit_complete": check.trail is None or check.trail.ok,
            }
        )
        return 0 if check.ok else EXIT_BROKEN
    if check.integrity == "ok":
        out(tr("Integrity check: ok."))
    else:
        err("casedesk: " + tr("Integrity check failed: {problem}", problem=check.integrity))
    if check.trail is not None:
        if check.trail.ok:
            out("\n".join(check.trail.lines()))
        else:
            err("casedesk: " + check.trail.words())
    elif check.audit_first_broken is None:
        out(
            plural(
                check.audit_checked,
                "Audit trail intact: {count} entry verified.",
                "Audit trail intact: {count} entries verified.",
            )
        )
    else:
        err(
            "casedesk: "
            + tr(
                "Audit trail broken at entry {id}: it was altered, or the entry before it removed.",
                id=check.audit_first_broken,
            )
        )
    return 0 if check.ok else EXIT_BROKEN


def run_list(args: argparse.Namespace) -> int:
    from app.backups import backups, counts_words, office_time, policy, schema_words
    from db.backup_owner import OWN

    with opened(args) as database:
        found = backups(database, acting_user(args, database))  # an admin's (the core checks)
        with database.sessions() as session:
            office = policy(session)
    folder, zone = office.folder, office.timezone
    if args.json:
        print_json(
            [
                {
                    "path": str(b.path),
                    "created_at": b.created.isoformat(),
                    "kind": b.kind,
                    "revision": b.manifest.revision if b.manifest else None,
                    "counts": b.manifest.counts if b.manifest else None,
                    "source": b.manifest.source if b.manifest else None,
                    # False: it may be another office's, so it is never rotated out
                    "surely_this_office": b.standing == OWN,
                }
                for b in found
            ]
        )
        return 0
    out(tr("Backup folder: {folder}", folder=str(folder)))
    if not found:
        out(tr("No backups yet."))
    else:
        out(tr("Times in the office's time zone, {zone}; file names in UTC.", zone=zone))
    rows = [
        (
            office_time(b.created, zone),
            b.path.name,
            schema_words(b.manifest.revision) if b.manifest else "?",
            counts_words(b.manifest.counts) if b.manifest else tr("(no manifest)"),
        )
        for b in found
    ]
    for line in table(rows):
        out(line)
    for b in found:
        if b.standing != OWN:
            out(unsure_words(b))
    return 0


def unsure_words(backup: BackupFile) -> str:
    """The line `db backups` adds for a backup that may be another office's."""
    if backup.moved_from:
        return tr(
            "{file} was made from {source} (this office before it was moved, or a copy of it): "
            "it is never rotated out; delete it by hand if it is not this office's.",
            file=backup.path.name,
            source=backup.moved_from,
        )
    return tr(
        "{file} may be another office's (no manifest, or made under another audit chain): it "
        "is never rotated out; delete it by hand if it is not this office's.",
        file=backup.path.name,
    )
