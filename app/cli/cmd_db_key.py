"""`casedesk db new-recovery-key`: replace a lost recovery key (admin, password typed again)."""

from __future__ import annotations

import argparse

from app.cli import common
from app.cli.common import add_acting_options, credentials, opened, out
from app.errors import ValidationError
from app.i18n import tr


def register_new_key(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new-recovery-key",
        help=tr("replace a lost recovery key: re-encrypt the office under a new key (admin)"),
        description=tr(
            "Re-encrypt the database under a new key and print the new recovery key once; the "
            "keychain keeps the new key. The old recovery key no longer opens the office; "
            "backups made before still open only with it. Asks the admin's password again."
        ),
    )
    parser.add_argument("--yes", action="store_true", help=tr("do not ask for confirmation"))
    add_acting_options(parser)
    parser.set_defaults(func=run_new_key)


def run_new_key(args: argparse.Namespace) -> int:
    from app.recovery_key import old_key_words, replace_recovery_key

    with opened(args) as database:
        name, password = credentials(args)
        if not args.yes:
            if not common.interactive():  # looked up here: a test stands a person there
                raise ValidationError(
                    "Not replacing the recovery key without confirmation: run it in a terminal, "
                    "or add --yes."
                )
            out(old_key_words())
            answer = input(tr("Make a new recovery key for {path}? [y/N] ", path=database.shown))
            if answer.strip().lower() not in ("y", "yes", "是"):
                out(tr("Cancelled; nothing was changed."))
                return 1
        made = replace_recovery_key(database, name, password)
    out(tr("The office {path} is now encrypted with a new key.", path=str(database.path)))
    common.tell_where_kept("keychain" if made.kept else "none")
    if made.environment:
        out(tr("CASEDESK_DB_KEY still holds the old key: set it to the new one before going on."))
    out()
    out(tr("New recovery key (shown only this once; write it down and keep it safe):"))
    out("    " + made.recovery)
    out(old_key_words())
    out()
    return 0
