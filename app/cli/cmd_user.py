"""`casedesk user add|list|password|reset|unlock|deactivate|activate|role`: accounts, managed by a
logged-in user held to their role."""

from __future__ import annotations

import argparse
import os

from app.cli.common import (
    acting_user,
    add_acting_options,
    add_db_option,
    add_json_option,
    add_lang_option,
    add_user_option,
    ask_new_password,
    ask_secret,
    interactive,
    opened,
    out,
    print_json,
)
from app.cli.table import table
from app.errors import AuthenticationError
from app.i18n import tr
from app.models import Role, User
from app.user_names import login_name


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "user",
        help=tr("user accounts: add, list, password, reset, unlock, deactivate, activate, role"),
        description=tr("Manage user accounts (as a user allowed to)."),
    )
    sub = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help=tr("add a user account"),
        description=tr(
            "Add a user account. You act as --user (or CASEDESK_USER) with the password from "
            "CASEDESK_PASSWORD or a prompt; the new user's password comes from "
            "CASEDESK_NEW_PASSWORD or a prompt."
        ),
    )
    add.add_argument("name", metavar="NAME", help=tr("the new user's login name"))
    add.add_argument(
        "--role",
        metavar="ROLE",
        required=True,
        help=tr("one of: {choices}", choices=[r.value for r in Role]),
    )
    add.add_argument("--display-name", metavar="TEXT", default=None, help=tr("the name shown"))
    add_user_option(add)
    add_db_option(add)
    add_lang_option(add)
    add.set_defaults(func=run_add)
    listing = sub.add_parser(
        "list",
        help=tr("list user accounts"),
        description=tr("List user accounts (as a user allowed to manage them)."),
    )
    add_user_option(listing)
    add_db_option(listing)
    add_lang_option(listing)
    add_json_option(listing)
    listing.set_defaults(func=run_list)
    password = sub.add_parser(
        "password",
        help=tr("change your own password"),
        description=tr(
            "Change your own password: you are --user (or CASEDESK_USER), the current password "
            "comes from CASEDESK_PASSWORD or a prompt, the new one from CASEDESK_NEW_PASSWORD or "
            "is asked twice."
        ),
    )
    add_acting_options(password)
    password.set_defaults(func=run_password)
    for action, summary, func in (
        ("reset", tr("(admin) set a new password for an account and unlock it"), run_reset),
        ("unlock", tr("(admin) unlock an account locked after wrong passwords"), run_unlock),
        ("deactivate", tr("(admin) stop an account from logging in"), run_deactivate),
        ("activate", tr("(admin) let a deactivated account log in again"), run_activate),
    ):
        command = sub.add_parser(action, help=summary, description=summary)
        command.add_argument("name", metavar="NAME", help=tr("the account's login name"))
        add_acting_options(command)
        command.set_defaults(func=func)
    summary = tr("(admin) give an account another role")
    role = sub.add_parser("role", help=summary, description=summary)
    role.add_argument("name", metavar="NAME", help=tr("the account's login name"))
    role.add_argument(
        "role",
        metavar="ROLE",
        help=tr("one of: {choices}", choices=[r.value for r in Role]),
    )
    add_acting_options(role)
    role.set_defaults(func=run_role)


def run_add(args: argparse.Namespace) -> int:
    from app.accounts import add_account
    from app.auth import (
        Permission,
        check_display_name,
        check_name_free,
        check_username,
        parse_role,
        require,
    )

    # What add_account would refuse is refused before anything is asked.
    role = parse_role(args.role)
    check_display_name(args.display_name, check_username(args.name))
    with opened(args) as database:
        actor = acting_user(args, database)
        require(actor, Permission.MANAGE_USERS)
        with database.session() as session:
            check_name_free(session, check_username(args.name))  # before the password is asked
        password = ask_new_password("CASEDESK_NEW_PASSWORD", args.name)
        with database.session(write_lock=True) as session:
            me = session.get(User, actor.id)
            assert me is not None
            user = add_account(session, me, args.name, role, password, args.display_name)
            name, role_value = user.username, user.role.value
    from app.labels import ROLE, label

    out(tr("Added {name} ({role}).", name=name, role=label(ROLE, role_value)))
    out(tr("{name} chooses their own password at their first login.", name=name))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from app.accounts import account_rows

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            admin = session.get(User, actor.id)
            assert admin is not None
            rows = [
                {
                    "username": a.username,
                    "display_name": a.display_name,
                    "role": a.role,
                    "active": a.active,
                    "last_login_at": a.last_login_at.isoformat() if a.last_login_at else None,
                    "locked": a.locked,
                    "must_change_password": a.must_change_password,
                }
                for a in account_rows(session, admin)
            ]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        out(tr("No users."))
        return 0
    from app.labels import ROLE, label

    # The role in words (主管 in Chinese), as the window's Users… shows it; --json keeps the codes.
    lines = table(
        [
            (
                r["username"],
                label(ROLE, r["role"]),
                r["display_name"],
                " ".join(
                    ([] if r["active"] else [tr("(inactive)")])
                    + ([tr("(locked)")] if r["locked"] else [])
                    + ([tr("(must change password)")] if r["must_change_password"] else [])
                ),
            )
            for r in rows
        ]
    )
    for line in lines:
        out(line)
    return 0


def run_password(args: argparse.Namespace) -> int:
    """The acting user changes their own password (login first; failures are counted)."""
    from app.accounts import change_own_password
    from app.auth import authenticate

    name = getattr(args, "user", None) or os.environ.get("CASEDESK_USER")
    if not name and interactive():
        name = input(tr("User name: ")).strip()
    if not name:
        raise AuthenticationError("Say who you are: --user NAME or CASEDESK_USER.")
    old = os.environ.get("CASEDESK_PASSWORD")
    if old is None:
        old = ask_secret(tr("Current password for {user}: ", user=name))
    if old is None:
        raise AuthenticationError(
            "No password for {user}: set CASEDESK_PASSWORD or run this in a terminal.", user=name
        )
    with opened(args) as database:
        actor = authenticate(database.sessions, name, old)
        new = ask_new_password("CASEDESK_NEW_PASSWORD", actor.username)
        change_own_password(database.sessions, actor.id, old, new)
    out(tr("Changed the password of {name}.", name=actor.username))
    return 0


def _admin_action(args: argparse.Namespace, action: str) -> tuple[str, bool]:
    """(the account's name, whether it is active afterwards; for unlock, whether it was
    locked)."""
    from app.accounts import (
        account_named,
        activate_user,
        deactivate_user,
        reset_password,
        unlock_user,
    )
    from app.auth import Permission, require

    with opened(args) as database:
        actor = acting_user(args, database)
        require(actor, Permission.MANAGE_USERS)
        new = ""
        if action == "reset":
            with database.session() as session:  # an unknown name before the password is asked
                account_named(session, args.name)
            new = ask_new_password("CASEDESK_NEW_PASSWORD", args.name)
        with database.session(write_lock=True) as session:
            me = session.get(User, actor.id)
            assert me is not None
            active = True
            if action == "reset":
                active = reset_password(session, me, args.name, new)
                args.theirs = me.username != login_name(args.name)
            elif action == "unlock":
                active = unlock_user(session, me, args.name)  # here: whether it was locked
            elif action == "activate":
                activate_user(session, me, args.name)
            else:
                args.held = deactivate_user(session, me, args.name)
                active = False
    return args.name.strip(), active


def run_reset(args: argparse.Namespace) -> int:
    name, active = _admin_action(args, "reset")
    if active:
        out(tr("Set a new password for {name}; the account is unlocked.", name=name))
    else:
        out(
            tr(
                "Set a new password for {name}; the account stays inactive until you activate "
                "it: casedesk user activate {name}",
                name=name,
            )
        )
    if args.theirs:  # not the admin's own account
        out(tr("{name} chooses their own password at their next login.", name=name))
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    name, was_locked = _admin_action(args, "unlock")
    if was_locked:
        out(tr("Unlocked {name}.", name=name))
    else:
        out(tr("{name} was not locked; its count of wrong passwords starts again.", name=name))
    return 0


def run_deactivate(args: argparse.Namespace) -> int:
    from app.account_handover import after_words

    name, _active = _admin_action(args, "deactivate")
    out(tr("Deactivated {name}; the account can no longer log in.", name=name))
    if args.held.cases or args.held.visits:
        out(after_words(args.held))  # where its open cases went, the visits it was on
    return 0


def run_activate(args: argparse.Namespace) -> int:
    name, _active = _admin_action(args, "activate")
    out(tr("Activated {name}; the account can log in again.", name=name))
    return 0


def run_role(args: argparse.Namespace) -> int:
    from app.account_handover import Handover, after_words
    from app.accounts import change_role
    from app.labels import ROLE, label

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            me = session.get(User, actor.id)
            assert me is not None
            visits = change_role(session, me, args.name, args.role)
    out(
        tr(
            "{name} is now {role}.",
            name=args.name.strip(),
            role=label(ROLE, args.role.strip().lower()),
        )
    )
    if visits:  # no longer an agent: the booked visits they are on need a new team
        out(after_words(Handover(visits=visits)))
    return 0
