"""`casedesk db status|upgrade`: the database's schema revision, size and main counts.

The backup actions (backup, restore, verify, backups) are in cmd_backup.py."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import func, inspect, select

from app.cli.common import (
    add_db_option,
    add_json_option,
    add_lang_option,
    is_encrypted,
    opened,
    out,
    print_json,
)
from app.cli.table import table
from app.errors import DatabaseError
from app.i18n import tr
from app.models import Borrower, Case, Loan, User
from db.store import Database

COUNTED = {"borrowers": Borrower, "loans": Loan, "cases": Case, "users": User}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "db",
        help=tr("the database: status, upgrade, backup, restore, verify, a new recovery key"),
        description=tr(
            "The office's database: its schema, backups and restores, checks, a new recovery "
            "key, and which database the window opens on this workstation."
        ),
    )
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    status = sub.add_parser(
        "status",
        help=tr("path, size, schema revision and counts (read-only)"),
        description=tr(
            "Show the database's path, size, encryption, schema revision and main counts. "
            "Changes nothing: an older database is reported, not upgraded."
        ),
    )
    add_db_option(status)
    add_lang_option(status)
    add_json_option(status)
    status.set_defaults(func=run_status)
    upgrade = sub.add_parser(
        "upgrade",
        help=tr("bring the schema to this version, after a backup"),
        description=tr(
            "Upgrade the database's schema to this version of Casedesk. An encrypted copy is "
            "made next to the file first."
        ),
    )
    add_db_option(upgrade)
    add_lang_option(upgrade)
    upgrade.set_defaults(func=run_upgrade)
    from app.cli.cmd_backup import register_actions

    register_actions(sub)
    from app.cli.cmd_db_copy import register_copy

    register_copy(sub)
    from app.cli.cmd_db_use import register_forget_password, register_use

    register_use(sub)
    register_forget_password(sub)
    from app.cli.cmd_db_key import register_new_key

    register_new_key(sub)
    from app.cli.cmd_db_clock import register_confirm_clock

    register_confirm_clock(sub)


def _counts(database: Database) -> dict[str, int | None]:
    counts: dict[str, int | None] = {}
    with database.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        for label, model in COUNTED.items():
            if model.__tablename__ in tables:
                counts[label] = conn.execute(select(func.count()).select_from(model)).scalar_one()
            else:
                counts[label] = None
    return counts


def read_status(database: Database) -> dict[str, Any]:
    """What `db status` reports; raises the clear error for a schema newer than this program."""
    from db.migrate import current_revision, head_revision, is_empty, refuse_newer

    current = current_revision(database.engine)
    head = head_revision()
    refuse_newer(current, str(database.path))
    if current is None and not is_empty(database.engine):
        raise DatabaseError("{path} is not a Casedesk database.", path=str(database.path))
    if database.url is not None:  # a PostgreSQL server: no file, no SQLCipher (db/pg.py)
        from db.pg import database_size

        size, encrypted = database_size(database.engine), False
    else:
        size, encrypted = database.path.stat().st_size, is_encrypted(database.path)
    return {
        "path": database.url or str(database.path),
        "size_bytes": size,
        "encrypted": encrypted,
        "current_revision": current,
        "head_revision": head,
        "at_head": current == head,
        "needs_upgrade": current != head,
        "counts": _counts(database),
        "clock": _clock(database) if current == head else None,
    }


def _clock(database: Database) -> dict[str, Any] | None:
    """This computer's UTC offset beside the office's (app/clock.py); None before an office."""
    from app.clock import clocks, utc_offset

    with database.session() as session:
        found = clocks(session)
    if found is None:
        return None
    return {
        "computer": utc_offset(found.computer),
        "office": utc_offset(found.office),
        "office_zone": found.office_zone,
        "agree": found.agree,
        "said": found.short(),
    }


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def run_status(args: argparse.Namespace) -> int:
    with opened(args, upgrade=False) as database:
        info = read_status(database)
    if args.json:
        print_json(info)
        return 0
    yes, no = tr("yes"), tr("no")
    if info["at_head"]:
        state = tr("at head")
    else:
        state = tr("needs upgrade: run `casedesk db upgrade`")
    rows = [
        (tr("Database"), info["path"]),
        (tr("Size"), _size(info["size_bytes"])),
        (tr("Encrypted"), yes if info["encrypted"] else no),
        (tr("Schema"), info["current_revision"] or tr("(none)")),
        (tr("Newest schema"), info["head_revision"]),
        (tr("State"), state),
    ]
    labels = {
        "borrowers": tr("Borrowers"),
        "loans": tr("Loans"),
        "cases": tr("Cases"),
        "users": tr("Users"),
    }
    for key, count in info["counts"].items():
        rows.append((labels[key], "-" if count is None else str(count)))
    clock = info["clock"]
    if clock is not None:
        rows.append((tr("Clock"), clock["said"]))
    for line in table(rows):
        out(line)
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    from app.cases.daily import rebuild_if_due, summary_text
    from db.migrate import current_revision, upgrade_if_needed

    if isinstance(getattr(args, "db", None), str):
        from app.cli.cmd_db_copy import run_server_upgrade

        return run_server_upgrade(args.db)
    with opened(args, upgrade=False) as database:
        before = current_revision(database.engine)
        backup = upgrade_if_needed(database.engine, database.path, database.key)
        after = current_revision(database.engine)
        # An upgrade may score the queue anew (app/cases/scoring_stamp.py): rebuilt now, as the
        # window would on opening, so `queue` and `case show` never mix two formulas.
        rebuilt = rebuild_if_due(database) if backup is not None else None
    if backup is not None:
        out(tr("Upgraded from {old} to {new}.", old=before, new=after))
        out(tr("Copy made before upgrading: {backup}", backup=str(backup)))
    if rebuilt is not None:
        out(summary_text(rebuilt))
    elif before is None:
        out(tr("Created the schema at {revision}.", revision=after))
    else:
        out(tr("Already at head ({revision}); nothing to do.", revision=after))
    return 0
