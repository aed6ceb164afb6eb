"""`casedesk queue`, `case show`, `payment post`, `assign`: the work queue from a terminal."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli.cmd_case import run_case_show
from app.cli.cmd_payment import run_payment_post
from app.cli.cmd_queue_list import add_queue_filters, run_queue
from app.cli.common import (
    add_acting_options,
    err,
)
from app.cli.options import limit_count
from app.i18n import tr
from app.id_labels import every_id_label
from app.models import Case, CaseStatus, User
from app.office import office_today
from app.queries.cases import SORT_KEYS
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
    post.set_defaults(func=run_payment_post)  # app/cli/cmd_payment.py

    from app.cli import cmd_assign

    cmd_assign.register(commands)


OPENED_ABOVE = "cases opened above"  # session.info: cases with a greater id are not saved
NOT_OPENED = "(not opened)"  # a would-be case's number in the listing


def not_opened(session: Session, case_id: int) -> bool:
    """A case figures_as_of opened for a day to come, which will not be saved."""
    above = session.info.get(OPENED_ABOVE)
    return above is not None and case_id > above


@contextmanager
def figures_as_of(database: Database, as_of: dt.date, *, chosen: bool = False) -> Iterator[Session]:
    """A session whose cases show figures as of `as_of`; a recomputation is never saved.

    While this computer's clock is behind and the queue was built for a later day, the office's
    queue date (not a day `chosen` with --as-of) keeps the stored figures, as the window shows
    them (its start rebuild waits: app/clock_behind.py figures_held); the listing says their day.
    """
    from app.cases.rebuild import rebuild_queue
    from app.cases.scoring_stamp import scoring_current
    from app.clock_behind import figures_held

    with database.sessions() as session:
        stored = set(
            session.scalars(
                select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED).distinct()
            )
        )
        held = not chosen and figures_held(session) is not None
        if stored and not held and (stored != {as_of} or not scoring_current(session)):
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
            # A day to come opens the cases overdue by then, each taking the next number; the
            # rollback gives the numbers back, so those cases are shown without one.
            session.info[OPENED_ABOVE] = session.scalar(select(func.max(Case.id))) or 0
            rebuild_queue(session, None, as_of)
        try:
            yield session
        finally:
            session.rollback()


def refuse_going_back(database: Database) -> None:
    """`queue --rebuild` on a computer whose clock was set back: not as of an earlier day than
    the queue was built for (it would close and judge cases by a day already past)."""
    from app import settings
    from app.clock_behind import going_back, rebuild_goes_back

    with database.sessions() as session:
        built = rebuild_goes_back(session)
        if built is None:
            return
        as_of = settings.as_of(session)
    raise going_back(as_of, built)


def rebuild_saved(database: Database, actor: User) -> RebuildSummary:
    """The whole queue brought up to date and saved (the core checks the user may), under the
    write lock as the window's rebuild runs."""
    from app.cases.rebuild import rebuild_queue

    with database.session(write_lock=True) as session:
        return rebuild_queue(session, session.get_one(User, actor.id))
