"""`casedesk assign`: cases to an agent, back to the queue, or placed by rule (unassigned ones, or
one absent agent's open cases among the others)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import acting_user, add_acting_options, opened, out
from app.i18n import plural, sentences, tr
from app.models import User

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.cases.assignment import HandAssignment


def register(commands: argparse._SubParsersAction) -> None:
    assign = commands.add_parser(
        "assign",
        help=tr("assign cases to an agent, or by rule"),
        description=tr(
            "Assign cases to an agent, hand them back to the queue, or place unassigned cases "
            "(or one agent's open cases) by rule."
        ),
    )
    assign.add_argument("case_nos", metavar="CASE_NO", nargs="*")
    assign.add_argument("--agent", metavar="NAME", default=None)
    assign.add_argument(
        "--unassign", action="store_true", help=tr("hand the cases back to the queue, unassigned")
    )
    assign.add_argument("--rule", metavar="RULE", default=None, help=tr("round-robin or capacity"))
    assign.add_argument(
        "--bucket", metavar="B", default=None, help=tr("with --rule: only this bucket")
    )
    assign.add_argument(
        "--from",
        dest="from_agent",
        metavar="NAME",
        default=None,
        help=tr("with --rule: this agent's open cases, placed among the other agents"),
    )
    assign.add_argument(
        "--over-capacity",
        action="store_true",
        help=tr("with --agent: assign even past the office's capacity of open cases per agent"),
    )
    add_acting_options(assign)
    assign.set_defaults(func=run_assign)
    from app.cli import cmd_assign_undo

    cmd_assign_undo.register(commands)


def _check_assign_options(args: argparse.Namespace) -> None:
    from app.errors import ValidationError

    if args.from_agent and not args.rule:
        raise ValidationError("--from goes with --rule: whose open cases to place by rule.")
    if bool(args.rule) == bool(args.case_nos):
        raise ValidationError("Give case numbers with --agent or --unassign, or --rule alone.")
    if args.unassign and args.rule:
        raise ValidationError("--unassign goes with case numbers, not with --rule.")
    if args.case_nos and bool(args.agent) == bool(args.unassign):
        raise ValidationError("Say which agent: --agent NAME, or --unassign.")
    if args.over_capacity and not args.agent:
        raise ValidationError("--over-capacity goes with --agent: whom to give the cases.")


def run_assign(args: argparse.Namespace) -> int:
    from app.cases.assign_words import already_text
    from app.cases.assignment import assign_by_rule, nothing_waiting, unassign_cases
    from app.cases.handed_back import handed_back_words
    from app.cases.passed_over import passed_over_text

    _check_assign_options(args)
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            me = session.get_one(User, actor.id)
            if args.unassign:
                back = unassign_cases(session, me, args.case_nos)
            elif args.rule:
                summary = assign_by_rule(
                    session, me, args.rule, bucket=args.bucket, from_agent=args.from_agent
                )
                left_out = passed_over_text(session, summary)
            else:
                assigned = _assign(session, me, args)
    if args.unassign:
        out(
            handed_back_words(
                back.back,
                len({n.strip() for n in args.case_nos}),
                plural(
                    back.back,
                    "Handed {count} case back to the queue, unassigned.",
                    "Handed {count} cases back to the queue, unassigned.",
                ),
            )
        )
        _batch_line(back.batch, back.back)
    elif not args.rule:
        done = (
            plural(assigned.assigned, "Assigned {count} case.", "Assigned {count} cases.")
            if assigned.assigned
            else ""
        )
        out(sentences([done, already_text(assigned)]))
        _batch_line(assigned.batch, assigned.assigned)
    else:
        out(plural(summary.assigned, "Assigned {count} case.", "Assigned {count} cases."))
        for reason, count in summary.skipped.items():
            out("    " + tr("{count} not assigned: {reason}", count=count, reason=tr(reason)))
        if why := nothing_waiting(summary, args.bucket, args.from_agent):
            out("    " + why)
        if left_out:
            out("    " + left_out)
        _batch_line(summary.batch, summary.assigned)
    return 0


def _batch_line(batch: int | None, assigned: int) -> None:
    """The assignment's number, by which `casedesk assign-undo` undoes it."""
    if batch is not None and assigned:
        out(tr("Assignment {batch}; undo it with: casedesk assign-undo {batch}", batch=batch))


def _assign(session: Session, me: User, args: argparse.Namespace) -> HandAssignment:
    """The chosen cases to `--agent`; past the office's capacity only with --over-capacity."""
    from app.cases.assignment import assign_cases
    from app.cases.capacity import OverCapacity
    from app.errors import ValidationError

    try:
        return assign_cases(
            session, me, args.case_nos, args.agent, over_capacity=args.over_capacity
        )
    except OverCapacity as over:
        raise ValidationError(
            "{agent} would hold {load} open cases; the office's capacity is {capacity}. Nothing "
            "was assigned: give --over-capacity to assign them all the same, or choose another "
            "agent.",
            **over.params,
        ) from None
