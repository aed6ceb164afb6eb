"""`casedesk case legal|recall|write-off|reinstate CASE_NO --reason T`: a supervisor's decisions
on a case's loan (app/loans/closure.py)."""

from __future__ import annotations

import argparse

from app.cli.common import (
    acting_user,
    add_acting_options,
    add_decision_reason,
    opened,
    out,
    print_json,
)
from app.errors import ValidationError
from app.i18n import tr
from app.labels import capital
from app.loans.closure import LEGAL, RECALL, REINSTATE, WRITE_OFF
from app.loans.write_off_age import CANDIDATE_DPD, NOT_YET_WRITTEN_OFF, NOT_YET_WRITTEN_OFF_CLI
from app.models import User
from app.tabular import parse_date

COMMANDS = {"legal": LEGAL, "recall": RECALL, "write-off": WRITE_OFF, "reinstate": REINSTATE}
HELP = {
    LEGAL: "send the case's loan to legal (the case stays open as legal)",
    RECALL: "recall the loan from legal: the case is worked again",
    WRITE_OFF: "write the loan off: the case closes as written off",
    REINSTATE: "undo a write-off: collection goes on in a case",
}


def register(case_sub: argparse._SubParsersAction) -> None:
    """Add the four decisions under `casedesk case`."""
    for name, decision in COMMANDS.items():
        text = tr(HELP[decision])
        parser = case_sub.add_parser(name, help=text, description=capital(text) + ".")
        parser.add_argument("case_no", metavar="CASE_NO")
        add_decision_reason(parser)
        if decision == WRITE_OFF:
            parser.add_argument(
                "--on",
                metavar="DATE",
                default=None,
                help=tr(
                    "the write-off date (default: today; not before the last payment, nor before "
                    "the loan's last reinstatement)"
                ),
            )
            parser.add_argument(
                "--early",
                action="store_true",
                help=tr(
                    "write off a loan fewer than {days} days past due (one with nothing overdue "
                    "is never written off)",
                    days=CANDIDATE_DPD,
                ),
            )
        add_acting_options(parser, json=True)
        parser.set_defaults(func=run_decision, decision=decision)


def run_decision(args: argparse.Namespace) -> int:
    from app.loans.closure import decide

    on = parse_date(args.on) if getattr(args, "on", None) else None
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            try:
                done = decide(
                    session,
                    user,
                    args.case_no,
                    args.decision,
                    args.reason,
                    on=on,
                    early=getattr(args, "early", False),
                )
            except ValidationError as exc:
                if exc.msgid != NOT_YET_WRITTEN_OFF:
                    raise
                raise ValidationError(NOT_YET_WRITTEN_OFF_CLI, **exc.params) from None
    if args.json:
        print_json(done.as_json())
    else:
        out(done.message())
    return 0
