"""`casedesk payment post`: a payment through the waterfall, what it paid, and its case."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from app.cli.common import acting_user, opened, out, typed_money
from app.i18n import tr
from app.labels import CASE_STATUS, label
from app.models import Case, User
from app.money import fmt
from app.tabular import parse_date


def run_payment_post(args: argparse.Namespace) -> int:
    from app import settings
    from app.agreements.closing import cancelled_words
    from app.cases.payments import posting
    from app.cli.payment_settles import confirmed
    from app.loans.replay import reallocated_words
    from app.office import office_today

    with opened(args) as database:
        amount = typed_money(database, args.amount)
        actor = acting_user(args, database)
        with database.sessions() as session:
            paid_on = parse_date(args.date) if args.date else office_today(session)
        if not confirmed(args, database, actor, amount, paid_on):
            return 1
        with database.session(write_lock=True) as session:
            posted = posting(
                session,
                session.get_one(User, actor.id),
                args.loan_no,
                amount,
                paid_on,
                method=args.method,
                reference=args.ref,
            )
            payment = posted.payment
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
            as_of = settings.as_of(session)  # the day the case's figures are of
            today = office_today(session)
            loan_no = payment.loan.loan_no  # as stored, not as typed
            reallocated = reallocated_words(session, payment.loan_id, paid_on)
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
    if reallocated:
        out(reallocated)
    if case_state:
        case_no, status, overdue = case_state[0], label(CASE_STATUS, case_state[1]), case_state[2]
        out(
            tr(
                "Case {case_no}: {status}, overdue {amount}.",
                case_no=case_no,
                status=status,
                amount=fmt(overdue),
            )
            if as_of == today
            else tr(
                "Case {case_no}: {status}, overdue {amount} as of the queue date {date}.",
                case_no=case_no,
                status=status,
                amount=fmt(overdue),
                date=as_of.isoformat(),
            )
        )
    # The payoff, or the cure, ended its unsigned agreements.
    told = cancelled_words(posted.cancelled, None, posted.cured)
    if told:
        out(told)
    return 0
