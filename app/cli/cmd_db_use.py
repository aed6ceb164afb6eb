"""`casedesk db use URL|PATH|--default`: which database the window opens on this workstation."""

from __future__ import annotations

import argparse

from app.cli.common import add_json_option, add_lang_option, out, print_json
from app.errors import ValidationError
from app.i18n import tr


def register_use(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "use",
        help=tr("choose the database the window opens on this workstation"),
        description=tr(
            "Choose which database `casedesk` (the window) opens on this workstation: a "
            "database file or a postgresql+psycopg://user@host/casedesk URL without its "
            "password. Without an argument, show the current choice. Commands still take --db."
        ),
    )
    parser.add_argument(
        "target",
        nargs="?",
        metavar="URL|PATH",
        help=tr("a database file or a PostgreSQL URL (the password is never stored)"),
    )
    parser.add_argument(
        "--default",
        action="store_true",
        help=tr("go back to the default file in the data folder"),
    )
    add_lang_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run_use)


def run_use(args: argparse.Namespace) -> int:
    from app.workstation import (
        broken_copy,
        config_path,
        database_target,
        saved_target,
        set_database_target,
        settings_damaged,
        shown_target,
    )

    if args.target is not None and args.default:
        raise ValidationError("Give a database or --default, not both.")
    changed = args.target is not None or args.default
    damaged = changed and settings_damaged()  # replaced by the new choice, a copy kept
    if changed:
        target = set_database_target(None if args.default else args.target)
    else:
        target = database_target()
    chosen = saved_target() is not None
    if args.json:
        print_json(
            {
                "database": shown_target(target),
                "server": isinstance(target, str),
                "default": not chosen,
                "settings_file": str(config_path()),
                "damaged_kept_as": str(broken_copy()) if damaged else None,
            }
        )
        return 0
    shown = shown_target(target)
    if damaged:
        out(
            tr(
                "The settings file {path} was damaged: it is replaced, and the damaged one "
                "kept as {copy}.",
                path=str(config_path()),
                copy=str(broken_copy()),
            )
        )
    if changed:
        out(tr("The window on this workstation will open {target}.", target=shown))
        out(tr("This takes effect the next time Casedesk starts."))
    else:
        out(tr("The window on this workstation opens {target}.", target=shown))
    if not chosen:
        out(tr("(the default; choose another with `casedesk db use URL|PATH`)"))
    else:
        out(tr("Kept in {path}.", path=str(config_path())))
    if isinstance(target, str):
        out(
            tr(
                "The server password comes from CASEDESK_DB_PASSWORD or the keychain, or is "
                "asked for when the server wants one. Check the connection with `casedesk db "
                "status --db {target}`.",
                target=shown,
            )
        )
    return 0


def register_forget_password(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "forget-password",
        help=tr("forget the server password remembered on this computer"),
        description=tr(
            "Remove the PostgreSQL server's password that the window remembered in this "
            "computer's keychain; the next start asks for it if the server wants one. Without "
            "a URL, the server the window opens on this workstation."
        ),
    )
    parser.add_argument(
        "target",
        nargs="?",
        metavar="URL",
        help=tr("the server's postgresql+psycopg://user@host/dbname URL"),
    )
    add_lang_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run_forget_password)


def run_forget_password(args: argparse.Namespace) -> int:
    from app.workstation import database_target
    from db.pg import account, parse_url
    from db.pg_login import forget_password
    from db.target import is_pg_url

    target = args.target if args.target is not None else database_target()
    if not isinstance(target, str) or not is_pg_url(target):
        raise ValidationError(
            "Name the server: casedesk db forget-password postgresql+psycopg://user@host/dbname "
            "(this workstation's window opens a file, which has no server password)."
        )
    shown = account(parse_url(target))
    forgotten = forget_password(shown)
    if args.json:
        print_json({"server": shown, "forgotten": forgotten})
    elif forgotten:
        out(tr("Forgot the password remembered for {url} on this computer.", url=shown))
    else:
        out(tr("No password is remembered for {url} on this computer.", url=shown))
    return 0
