"""`casedesk queue`, `case show`, `payment post`, `assign`: the work queue from a terminal."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cli.cmd_case import run_case_show
from app.cli.cmd_queue_list import add_queue_filters, run_queue
from app.cli.common import (
    acting_user,
    add_acting_options,
    err,
    opened,
    out,
)
from app.cli.options import limit_count
from app.i18n import tr
from app.id_labels import every_id_label
from app.labels import CASE_STATUS, label
from app.models import Case, CaseStatus, User
from app.money import fmt, to_minor
from app.office import office_today
from app.queries.cases import SORT_KEYS
from app.tabular import parse_date
from db.store import Database

if TYPE_CHECKING:
    from app.cases.rebuild import RebuildSummary


def register(commands: argparse._SubParsersAction) -> None:
    queue = commands.add_parser(
        "queue",
        help=tr("the work queue, most urgent first"),
        description=tr("Open cases in the same order as the window's work queue."),
    )
    day = queue.add_mutually_exclusive_group()
    day.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help=tr("figures as of this date (default: the office's queue date)"),
    )
    day.add_argument(
        "--rebuild",
        action="store_true",
        help=tr(
            "(supervisor, admin) first bring the queue up to date as of the office's queue date "
            "and save it, as Rebuild queue in the window does: cases open and close, promises "
            "and agreements are judged (kept, broken, completed, breached)"
        ),
    )
    add_queue_filters(queue)
    queue.add_argument(
        "--search",
        metavar="TEXT",
        default="",
        help=tr(
            "a name or its pinyin (zhangsan, zs), {full_id}, phone, case or loan number",
            full_id=" / ".join(tr(label) for label in every_id_label("full")),
        ),
    )
    queue.add_argument(
        "--sort",
        metavar="KEY",
        default="priority",
        choices=["priority", *SORT_KEYS],
        help=tr("priority (default), borrower (in pinyin order), dpd, amount, next_action …"),
    )
    queue.add_argument(
        "--reverse",
        action="store_true",
        help=tr("the other way round (priority: least urgent first)"),
    )
    queue.add_argument("--limit", metavar="N", type=limit_count, default=50, help=tr("default: 50"))
    add_acting_options(queue, json=True)
    queue.set_defaults(func=run_queue)

    case = commands.add_parser(
        "case", help=tr("one case"), description=tr("Show one case, or decide on its loan.")
    )
    case_sub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    show = case_sub.add_parser(
        "show",
        help=tr("the whole story of one case"),
        description=tr("The whole story of one case."),
    )
    show.add_argument("case_no", metavar="CASE_NO")
    add_acting_options(show, json=True)
    show.set_defaults(func=run_case_show)
    from app.cli import cmd_case_note, cmd_closure

    cmd_case_note.register(case_sub)
    cmd_closure.register(case_sub)

    payment = commands.add_parser(
        "payment", help=tr("post payments"), description=tr("Post payments to loans.")
    )
    pay_sub = payment.add_subparsers(dest="payment_command", metavar="ACTION", required=True)
    post = pay_sub.add_parser(
        "post",
        help=tr("post a payment to a loan"),
        description=tr(
            "Post a payment; it is allocated fees → interest → principal, oldest instalment first."
        ),
    )
    post.add_argument("loan_no", metavar="LOAN_NO")
    post.add_argument("amount", metavar="AMOUNT", help=tr("e.g. 1,234.50"))
    post.add_argument("--date", metavar="DATE", default=None, help=tr("default: today"))
    post.add_argument("--ref", metavar="R", default=None, help=tr("the bank's reference"))
    post.add_argument("--method", metavar="M", default="transfer", help=tr("default: transfer"))
    post.add_argument(
        "--yes",
        action="store_true",
        help=tr(
            "post without asking when a settling payment waives the rest of the debt, or "
            "when the amount is more than the loan owes"
        ),
    )
    add_acting_options(post)
    post.set_defaults(func=run_payment_post)

    from app.cli import cmd_assign

    cmd_assign.register(commands)


@contextmanager
def figures_as_of(database: Database, as_of: dt.date) -> Iterator[Session]:
    """A session whose cases show figures as of `as_of`; a recomputation is never saved."""
    from app.cases.rebuild import rebuild_queue

    with database.sessions() as session:
        stored = set(
            session.scalars(
                select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED).distinct()
            )
        )
        if stored and stored != {as_of}:
            # Only the loans' positions are recomputed for the day: the facts (promises,
            # contacts, visits, complaints) and the open cases are today's.
            past = as_of < office_today(session)
            err(
                tr(
                    "Today's open cases overdue on {date}, with days past due, bucket and "
                    "amount overdue as of that day (not saved); promises, contacts, visits and "
                    "statuses are as recorded today.",
                    date=as_of.isoformat(),
                )
                if past
                else tr(
                    "Figures computed as of {date} for this listing (not saved).",
                    date=as_of.isoformat(),
                )
            )
            rebuild_queue(session, None, as_of)
        try:
            yield session
        finally:
            session.rollback()


def rebuild_saved(database: Database, actor: User) -> RebuildSummary:
    """The whole queue brought up to date and saved (the core checks the user may), under the
    write lock as the window's rebuild runs."""
    from app.cases.rebuild import rebuild_queue

    with database.session(write_lock=True) as session:
        return rebuild_queue(session, session.get_one(User, actor.id))


def run_payment_post(args: argparse.Namespace) -> int:
    from app.cases.payments import record_payment
    from app.cli.payment_settles import confirmed
    from app.office import office_today

    amount = to_minor(args.amount)
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.sessions() as session:
            paid_on = parse_date(args.date) if args.date else office_today(session)
        if not confirmed(args, database, actor, amount, paid_on):
            return 1
        with database.session() as session:
            payment = record_payment(
                session,
                session.get_one(User, actor.id),
                args.loan_no,
                amount,
                paid_on,
                method=args.method,
                reference=args.ref,
            )
            seq = {i.id: i.seq for i in payment.loan.instalments}
            parts = [
                (seq[a.instalment_id], a.fee, a.interest, a.principal) for a in payment.allocations
            ]
            credit = payment.credit_amount
            case = session.scalar(
                select(Case)
                .where(Case.loan_id == payment.loan_id)
                .order_by(Case.id.desc())
                .limit(1)
            )
            case_state = (case.case_no, case.status, case.amount_overdue) if case else None
            loan_no = payment.loan.loan_no  # as stored, not as typed
    out(
        tr(
            "Posted {amount} to {loan_no} on {date}.",
            amount=fmt(amount),
            loan_no=loan_no,
            date=paid_on.isoformat(),
        )
    )
    for number, fee, interest, principal in parts:
        out(
            "    "
            + tr(
                "instalment {n}: fees {f}, interest {i}, principal {p}",
                n=number,
                f=fmt(fee),
                i=fmt(interest),
                p=fmt(principal),
            )
        )
    if credit:
        out(tr("Kept as credit: {amount}.", amount=fmt(credit)))
    if case_state:
        out(
            tr(
                "Case {case_no}: {status}, overdue {amount}.",
                case_no=case_state[0],
                status=label(CASE_STATUS, case_state[1]),
                amount=fmt(case_state[2]),
            )
        )
    return 0
