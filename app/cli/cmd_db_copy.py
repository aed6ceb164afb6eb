"""`casedesk db copy --from FILE --to URL`: move an office from its file to a PostgreSQL server."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.cli.common import (
    add_json_option,
    add_lang_option,
    add_user_option,
    err,
    out,
    print_json,
)
from app.errors import ValidationError
from app.i18n import plural, tr

REPORT_EVERY = 50_000  # rows between progress lines within one table


def register_copy(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "copy",
        help=tr("copy an office from its file to an empty PostgreSQL database"),
        description=tr(
            "Copy every table of a Casedesk file into an empty PostgreSQL database in one "
            "transaction, then compare the row counts and verify the audit chain there. On any "
            "failure nothing remains on the server. The file is only read, but for the audit "
            "entry that records the copy. An admin copies."
        ),
    )
    parser.add_argument(
        "--from", dest="source", metavar="FILE", type=Path, required=True, help=tr("the file")
    )
    parser.add_argument(
        "--to",
        dest="target",
        metavar="URL",
        required=True,
        help=tr("postgresql+psycopg://user@host[:port]/dbname (password: CASEDESK_DB_PASSWORD)"),
    )
    add_user_option(parser)
    add_lang_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run_copy)


def _progress(table: str, done: int, total: int) -> None:
    if done == total or (done and done % REPORT_EVERY == 0):
        err(
            plural(
                total,
                "{table}: {done} of {total} row",
                "{table}: {done} of {total} rows",
                table=table,
                done=done,
                total=total,
            )
        )


def run_copy(args: argparse.Namespace) -> int:
    from app import audit
    from app.auth import Permission, require
    from app.cli.common import acting_user, open_file
    from app.cli.server_open import open_server
    from app.models import User
    from db.copy import copy_database
    from db.engine import check_path
    from db.pg import display, is_pg_url
    from db.pg_store import store_office_key

    if not is_pg_url(args.target):
        raise ValidationError(
            "--to must be a PostgreSQL URL such as postgresql+psycopg://user@host/casedesk."
        )
    path = check_path(args.source.expanduser().absolute(), must_exist=True)
    source = open_file(path, upgrade=True)  # a typed key is kept once it opens
    key = source.key
    shown = display(args.target)
    try:
        # The whole office, personal data and all, leaves the file: an admin's act, audited.
        actor = acting_user(args, source)
        require(actor, Permission.MANAGE_BACKUPS)
        # The server keeps the file's key as its office key: the audit chain was made with it.
        target = open_server(args.target, key, upgrade=False)
        try:
            result = copy_database(source, target, progress=None if args.json else _progress)
        finally:
            target.close()
        with source.session(write_lock=True) as session:
            audit.record(
                session,
                session.get(User, actor.id),
                "database.copy",
                "database",
                path.name,
                {"to": shown, "rows": result.rows},
            )
    finally:
        source.close()
    kept = not os.environ.get("CASEDESK_DB_KEY") and store_office_key(shown, key)
    if args.json:
        print_json(
            {
                "from": str(path),
                "to": shown,
                "tables": {t.table: t.target for t in result.tables},
                "rows": result.rows,
                "audit_entries_verified": result.audit_entries,
                "seconds": round(result.seconds, 2),
                "key_in_keychain": bool(kept),
            }
        )
        return 0
    width = max(len(t.table) for t in result.tables)
    for t in result.tables:
        out(f"{t.table.ljust(width)}  {t.target:>10}")
    out(
        tr(
            "Copied {rows} rows in {seconds} s to {url}; the row counts match and the audit "
            "chain verifies ({entries} entries).",
            rows=result.rows,
            seconds=f"{result.seconds:.1f}",
            url=shown,
            entries=result.audit_entries,
        )
    )
    if kept:
        out(tr("The office key is stored in this computer's keychain for {url}.", url=shown))
    else:
        out(
            tr(
                "Open the server's office with the same key as the file (CASEDESK_DB_KEY or "
                "its recovery key)."
            )
        )
    return 0


def run_server_upgrade(target: str) -> int:
    """`db upgrade` on a server: the schema to head in one transaction. The office key is not
    asked for, but taken from CASEDESK_DB_KEY or the keychain when there (and checked): a
    migration that records changes in the audit trail needs it, and says so without it."""
    from app.cli.server_open import password_prompt
    from db.migrate import current_revision
    from db.pg import account, display, parse_url
    from db.pg_login import connect_pg
    from db.pg_store import check_office_key, known_office_key, upgrade_pg

    url = parse_url(target)
    shown = display(target)
    key = known_office_key(account(url))  # None: enough for a schema-only upgrade
    engine = connect_pg(url, password_prompt(shown))
    try:
        if key is not None:
            check_office_key(engine, key, account(url))
        before = current_revision(engine)
        changed = upgrade_pg(engine, account(url), key)
        after = current_revision(engine)
    finally:
        engine.dispose()
    if not changed:
        out(tr("Already at head ({revision}); nothing to do.", revision=after))
    elif before is None:
        out(tr("Created the schema at {revision}.", revision=after))
    else:
        out(tr("Upgraded from {old} to {new}.", old=before, new=after))
        out(tr("No copy was made first on the server: keep a pg_dump from before upgrading."))
    return 0
