"""`casedesk borrower confirm-number BORROWER_NO NUMBER --how HOW --reason T`: the borrower
confirmed a number a contact found wrong or not in service as theirs (app/phone_confirm.py)."""

from __future__ import annotations

import argparse

from app.cli.common import acting_user, add_acting_options, opened
from app.i18n import tr
from app.labels import CONFIRMED_HOW
from app.models import User


def register_confirm(sub: argparse._SubParsersAction) -> None:
    confirm = sub.add_parser(
        "confirm-number",
        help=tr("record that the borrower confirmed a number found invalid is theirs"),
        description=tr(
            "Record that the borrower confirmed a number a contact found wrong or not in "
            "service is theirs (supervisor and admin, for a written reason): the number is "
            "valid again and calls on it are no longer held."
        ),
    )
    confirm.add_argument("borrower_no", metavar="BORROWER_NO")
    confirm.add_argument("number", metavar="NUMBER")
    confirm.add_argument(
        "--how",
        choices=tuple(CONFIRMED_HOW),
        required=True,
        help=tr("how the borrower confirmed it"),
    )
    confirm.add_argument(
        "--reason", metavar="T", required=True, help=tr("what the borrower said (audited)")
    )
    add_acting_options(confirm, json=True)
    confirm.set_defaults(func=run_confirm)


def run_confirm(args: argparse.Namespace) -> int:
    from app.cli.cmd_borrower import _detail, print_phones
    from app.phone_confirm import confirm_number

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            number = args.borrower_no
            confirm_number(session, user, number, args.number, how=args.how, reason=args.reason)
            session.flush()
            detail = _detail(session, user, number)
    print_phones(detail, args.json)
    return 0
