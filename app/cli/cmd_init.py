"""`casedesk init`: a new, empty, encrypted office database with its first admin."""

from __future__ import annotations

import argparse

from app.cli.common import (
    add_db_option,
    add_lang_option,
    announce_key,
    ask_new_password,
    db_path,
    new_key,
    out,
    refuse_existing,
)
from app.i18n import tr


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "init",
        help=tr("create a new office database and its admin"),
        description=tr(
            "Create a new encrypted office database at head with its first admin, store the key "
            "in the keychain and print the recovery key once. "
            "The admin's password comes from CASEDESK_PASSWORD or a prompt."
        ),
    )
    add_db_option(parser)
    add_lang_option(parser)
    parser.add_argument("--office", metavar="NAME", default=None, help=tr("the office's name"))
    parser.add_argument(
        "--admin",
        metavar="NAME",
        default="admin",
        help=tr("the admin's user name (default: admin)"),
    )
    parser.add_argument(
        "--timezone",
        metavar="TZ",
        default="Asia/Shanghai",
        help=tr("the office's time zone (default: Asia/Shanghai)"),
    )
    parser.add_argument(
        "--rules",
        choices=("cn", "us", "uk"),
        default="cn",
        help=tr("the compliance rule set (default: cn)"),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.auth import check_username
    from app.first_steps import first_steps_text, new_office_steps
    from app.passwords import check_new_password
    from app.setup import (
        check_can_create,
        check_office_choices,
        create_office_database,
        currency_for,
    )

    # Everything that can be refused without the password is refused before it is asked for.
    path = db_path(args)
    refuse_existing(path)
    check_can_create(path)
    office_name = args.office or tr("Branch office")
    check_office_choices(office_name, currency_for(args.rules), args.timezone, args.rules)
    check_username(args.admin)
    key, from_env = new_key()
    password = ask_new_password("CASEDESK_PASSWORD", args.admin)
    check_new_password(password, args.admin)  # the window's first-run wizard holds it to the same
    create_office_database(
        path,
        key,
        office=office_name,
        admin=args.admin,
        password=password,
        currency=currency_for(args.rules),
        timezone=args.timezone,
        jurisdiction=args.rules,
    )
    out(tr("Created {path}", path=str(path)))
    out(tr("Office: {name}; admin: {admin}", name=office_name, admin=args.admin))
    announce_key(path, key, from_env)
    out(tr("Open it with: casedesk --db {path}", path=str(path)))
    out("")  # then what a new admin does next, as the office's empty work queue lists it
    out(first_steps_text(new_office_steps()))
    return 0
