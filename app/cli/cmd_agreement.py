"""`casedesk agreement draft|edit|approve|sign|cancel|show|list|print`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from app.agreements.outcome import ENDINGS
from app.cli.common import acting_user, add_acting_options, opened, out, print_json
from app.cli.table import table
from app.errors import ValidationError
from app.i18n import plural, tr
from app.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label
from app.models import User
from app.money import fmt, to_minor
from app.tabular import parse_date


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "agreement",
        help=tr("repayment agreements: draft, approve, sign, print"),
        description=tr("Draft, approve, sign, cancel, list and print repayment agreements."),
    )
    sub = parser.add_subparsers(dest="agreement_command", metavar="ACTION", required=True)

    draft = sub.add_parser(
        "draft",
        help=tr("draft a settlement or an instalment plan"),
        description=tr(
            "Draft a settlement (--settle) or an instalment plan (--instalments and --start, "
            "or --row for each payment); the debt is the case's outstanding balance."
        ),
    )
    draft.add_argument("case_no", metavar="CASE_NO")
    kind = draft.add_mutually_exclusive_group(required=True)
    kind.add_argument("--settle", metavar="AMOUNT", help=tr("settle for this amount"))
    kind.add_argument("--instalments", metavar="N", type=int, help=tr("number of instalments"))
    kind.add_argument(
        "--row",
        metavar="DATE=AMOUNT",
        action="append",
        help=tr("one payment of the plan (repeat for each)"),
    )
    draft.add_argument("--start", metavar="DATE", help=tr("the first instalment's due date"))
    draft.add_argument("--amount", metavar="A", help=tr("the plan's total (default: the debt)"))
    draft.add_argument("--due", metavar="DATE", help=tr("the settlement's due date"))
    _add_statement(draft, default=None)
    draft.add_argument(
        "--visit",
        metavar="VISIT_NO",
        help=tr("the completed visit it came from (its outcome gives the reason and capacity)"),
    )
    add_acting_options(draft, json=True)
    draft.set_defaults(func=run_draft)

    edit = sub.add_parser(
        "edit",
        help=tr("change a draft"),
        description=tr("Change a draft's amount, plan rows or the borrower's statement."),
    )
    edit.add_argument("agreement_no", metavar="AGREEMENT_NO")
    edit.add_argument("--amount", metavar="A", help=tr("the new agreed amount"))
    edit.add_argument(
        "--row",
        metavar="DATE=AMOUNT",
        action="append",
        help=tr("one payment of the plan (repeat for each)"),
    )
    _add_statement(edit, default=None)
    add_acting_options(edit, json=True)
    edit.set_defaults(func=run_edit)

    for name, helptext, runner in (
        ("approve", tr("approve a draft (a big waiver: supervisor)"), run_approve),
        ("sign", tr("record that both parties signed"), run_sign),
        ("cancel", tr("cancel an agreement"), run_cancel),
        ("show", tr("one agreement and its plan"), run_show),
    ):
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.add_argument("agreement_no", metavar="AGREEMENT_NO")
        if name == "sign":
            p.add_argument("--on", metavar="DATE", help=tr("the signing date (default: today)"))
        if name == "cancel":
            p.add_argument("--reason", required=True, metavar="TEXT", help=tr("why"))
        add_acting_options(p, json=name == "show")
        p.set_defaults(func=runner)

    listing = sub.add_parser(
        "list", help=tr("list agreements"), description=tr("List agreements, newest first.")
    )
    listing.add_argument("--status", metavar="STATUS", help=tr("only this status"))
    listing.add_argument("--case", metavar="CASE_NO", help=tr("only this case"))
    add_acting_options(listing, json=True)
    listing.set_defaults(func=run_list)

    printing = sub.add_parser(
        "print",
        help=tr("the agreement as a bilingual PDF"),
        description=tr("Write the agreement as a bilingual Chinese/English PDF."),
    )
    printing.add_argument("agreement_no", metavar="AGREEMENT_NO")
    printing.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    printing.add_argument(
        "--signed", action="store_true", help=tr("the signed copy (refused unless signed)")
    )
    add_acting_options(printing)
    printing.set_defaults(func=run_print)


def _add_statement(parser: argparse.ArgumentParser, default: str | None = "") -> None:
    parser.add_argument(
        "--reason", default=default, metavar="TEXT", help=tr("the borrower's stated reason")
    )
    parser.add_argument(
        "--capacity", default=default, metavar="TEXT", help=tr("what the borrower can pay")
    )


def _rows(values: list[str] | None) -> list[Any] | None:
    from app.agreements.plan import PlanRow

    if not values:
        return None
    rows = []
    for value in values:
        day, sep, amount = value.partition("=")
        if not sep:
            raise ValidationError("A plan row is DATE=AMOUNT, not {value}.", value=value)
        rows.append(PlanRow(parse_date(day.strip()), to_minor(amount.strip())))
    return rows


def _options_fit(args: argparse.Namespace) -> None:
    """Refuse an option the kind of agreement does not take, rather than ignore it."""
    if args.settle is not None and (args.start is not None or args.amount is not None):
        raise ValidationError(
            "A settlement is one amount due on one day: give it with --settle and --due, "
            "not --start or --amount."
        )
    if args.settle is None and args.due is not None:
        raise ValidationError(
            "--due is a settlement's date; a plan's first date is --start, or each --row's."
        )
    if args.row and args.start is not None:
        raise ValidationError("Each --row has its own date: --start is for --instalments.")


def run_draft(args: argparse.Namespace) -> int:
    from app.agreements import draft_plan, draft_settlement
    from app.agreements.from_visit import visit_statement

    _options_fit(args)
    rows = _rows(args.row)
    if args.settle is None and rows is None and args.start is None:
        raise ValidationError("A plan needs the number of instalments and the first date.")
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            reason, capacity = args.reason, args.capacity
            if args.visit:  # what the borrower said at the visit, unless given here
                visit = visit_statement(session, user, args.visit)
                reason = visit.reason if reason is None else reason
                capacity = visit.capacity if capacity is None else capacity
            common: dict[str, Any] = {
                "stated_reason": reason or "",
                "stated_capacity": capacity or "",
                "visit_no": args.visit,
            }
            if args.settle is not None:
                agreement = draft_settlement(
                    session,
                    user,
                    args.case_no,
                    to_minor(args.settle),
                    due_on=parse_date(args.due) if args.due else None,
                    **common,
                )
            else:
                agreement = draft_plan(
                    session,
                    user,
                    args.case_no,
                    count=args.instalments,
                    start=parse_date(args.start) if args.start else None,
                    amount=None if args.amount is None else to_minor(args.amount),
                    rows=rows,
                    **common,
                )
            number = agreement.agreement_no
            detail = _detail(session, user, number)
    if args.json:
        print_json(detail.as_json())
        return 0
    out(tr("Drafted agreement {number}.", number=number))
    _print_detail(detail)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from app.agreements import edit_draft

    rows = _rows(args.row)
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            edit_draft(
                session,
                user,
                args.agreement_no,
                rows=rows,
                amount=None if args.amount is None else to_minor(args.amount),
                stated_reason=args.reason,
                stated_capacity=args.capacity,
            )
            detail = _detail(session, user, args.agreement_no)
    if args.json:
        print_json(detail.as_json())
        return 0
    out(tr("Changed agreement {number}.", number=detail.row.agreement_no))
    _print_detail(detail)
    return 0


def _act(args: argparse.Namespace, action: str) -> str:
    from app.agreements import approve, cancel, sign

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            if action == "approve":
                agreement = approve(session, user, args.agreement_no)
            elif action == "sign":
                on = parse_date(args.on) if args.on else dt.date.today()
                agreement = sign(session, user, args.agreement_no, on)
            else:
                agreement = cancel(session, user, args.agreement_no, args.reason)
            session.refresh(agreement)
            return label(AGREEMENT_STATUS, agreement.status)


def run_approve(args: argparse.Namespace) -> int:
    status = _act(args, "approve")
    out(tr("Agreement {number} is now {status}.", number=args.agreement_no.upper(), status=status))
    return 0


def run_sign(args: argparse.Namespace) -> int:
    status = _act(args, "sign")
    out(tr("Agreement {number} is now {status}.", number=args.agreement_no.upper(), status=status))
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    status = _act(args, "cancel")
    out(tr("Agreement {number} is now {status}.", number=args.agreement_no.upper(), status=status))
    return 0


def _detail(session: Any, user: User, number: str) -> Any:
    from app.agreements import agreement_detail

    return agreement_detail(session, user, number)


def _print_detail(detail: Any) -> None:
    r = detail.row
    out(
        tr(
            "{number} · {kind} · {status} · case {case} · loan {loan} · {borrower}",
            number=r.agreement_no,
            kind=label(AGREEMENT_KIND, r.kind),
            status=label(AGREEMENT_STATUS, r.status),
            case=r.case_no,
            loan=r.loan_no,
            borrower=r.borrower,
        )
    )
    out(
        tr(
            "Debt {debt}, agreed {settled}, waiver {waiver}.",
            debt=fmt(r.debt),
            settled=fmt(r.settled),
            waiver=fmt(r.waiver),
        )
    )
    if detail.needs_supervisor and r.status == "draft":
        out(tr("The waiver is above the office's threshold: a supervisor must approve it."))
    if r.ended_on is not None and r.status in ENDINGS:
        out(tr(ENDINGS[r.status], date=f"{r.ended_on:%Y-%m-%d}"))
    if detail.supersedes:
        out(tr("Supersedes {number}.", number=detail.supersedes))
    if detail.cancel_reason:
        out(tr("Cancelled: {reason}", reason=detail.cancel_reason))
    if detail.stated_reason:
        out(tr("Stated reason: {text}", text=detail.stated_reason))
    if detail.stated_capacity:
        out(tr("Stated capacity: {text}", text=detail.stated_capacity))
    rows: list[tuple[object, ...]] = [
        (tr("No."), tr("Due date"), tr("Amount"), tr("Paid"), tr("Status"))
    ]
    rows += [
        (
            p.seq,
            f"{p.due_on:%Y-%m-%d}",
            fmt(p.amount),
            fmt(p.paid),
            tr(INSTALMENT_STATUS.get(p.status, p.status)),
        )
        for p in detail.plan
    ]
    rows.append((tr("Total"), "", fmt(sum(p.amount for p in detail.plan))))
    for line in table(rows, align="><>><"):
        out(line)


INSTALMENT_STATUS = {
    "pending": "pending",
    "kept": "kept",
    "partial": "partly paid",
    "missed": "missed",
    "paid": "paid",
}


def run_show(args: argparse.Namespace) -> int:
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            detail = _detail(session, actor, args.agreement_no)
    if args.json:
        print_json(detail.as_json())
    else:
        _print_detail(detail)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from app.agreements import list_agreements

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            rows = list_agreements(session, actor, status=args.status, case_no=args.case)
    if args.json:
        print_json(
            [
                {
                    "agreement_no": r.agreement_no,
                    "case_no": r.case_no,
                    "loan_no": r.loan_no,
                    "borrower": r.borrower,
                    "kind": r.kind,
                    "status": r.status,
                    "debt": r.debt,
                    "settled": r.settled,
                    "waiver": r.waiver,
                    "instalments": r.instalments,
                    "next_due": r.next_due.isoformat() if r.next_due else None,
                    "drafted_on": r.drafted_on.isoformat(),
                    "signed_on": r.signed_on.isoformat() if r.signed_on else None,
                    "ended_on": r.ended_on.isoformat() if r.ended_on else None,
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        out(tr("No agreements."))
        return 0
    lines = table(
        [
            (
                r.agreement_no,
                r.case_no,
                r.borrower,
                label(AGREEMENT_KIND, r.kind),
                label(AGREEMENT_STATUS, r.status),
                fmt(r.settled),
                r.next_due or "",
                tr("ended {date}", date=f"{r.ended_on:%Y-%m-%d}") if r.ended_on else "",
            )
            for r in rows
        ],
        align="<<<<<>",
    )
    for line in lines:
        out(line)
    out(plural(len(rows), "{count} agreement.", "{count} agreements."))
    return 0


def run_print(args: argparse.Namespace) -> int:
    from app.agreements import gather_document
    from reports.agreement import render_agreement

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            doc = gather_document(session, user, args.agreement_no, as_signed=args.signed)
            # Written inside the transaction: a file that cannot be written leaves no audit entry.
            render_agreement(doc, args.output, as_signed=args.signed)
    out(tr("Wrote {path}.", path=str(args.output)))
    return 0
