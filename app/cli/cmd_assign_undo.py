"""`casedesk assign-undo BATCH`: undo an assignment (its number is printed by `casedesk assign`);
each case still with the agent it gave goes back to its previous holder. Asked first ([y/N]); a
run that cannot be asked (a script, a pipe) undoes only with --yes."""

from __future__ import annotations

import argparse

from app.cli import common
from app.cli.common import acting_user, add_acting_options, opened, out, whole_number
from app.errors import ValidationError
from app.i18n import plural, tr
from app.models import User


def register(commands: argparse._SubParsersAction) -> None:
    undo = commands.add_parser(
        "assign-undo",
        help=tr("undo an assignment of cases by its number"),
        description=tr(
            "Undo an assignment: each of its cases still where it put them goes back to its "
            "previous agent, or back to the queue if it was unassigned; cases reassigned or "
            "closed since are left as they are. The number is the one `casedesk assign` printed."
        ),
    )
    undo.add_argument("batch", metavar="NUMBER", type=whole_number)
    undo.add_argument("--yes", action="store_true", help=tr("do not ask for confirmation"))
    add_acting_options(undo)
    undo.set_defaults(func=run_undo)


def run_undo(args: argparse.Namespace) -> int:
    from app.cases.assign_undo import batch_size, undo_assignment, undone_text

    with opened(args) as database:
        actor = acting_user(args, database)
        if not args.yes:
            with database.sessions() as session:
                count = batch_size(session, args.batch)
            if not common.interactive():  # looked up when called: a test plays the person
                raise ValidationError(
                    "Not undoing without confirmation: run it in a terminal, or add --yes."
                )
            question = plural(
                count,
                "Undo assignment {batch} of {count} case? [y/N] ",
                "Undo assignment {batch} of {count} cases? [y/N] ",
                batch=args.batch,
            )
            if input(question).strip().lower() not in ("y", "yes", "是"):
                out(tr("Cancelled; nothing was changed."))
                return 1
        with database.session(write_lock=True) as session:
            result = undo_assignment(session, session.get_one(User, actor.id), args.batch)
    out(undone_text(result))
    return 0
