"""`casedesk agreement draft|edit|approve|sign|cancel|show|list|print`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.cmd_agreement_act import run_approve, run_cancel, run_print, run_sign
from app.cli.cmd_agreement_show import find_detail, print_detail, run_list, run_show
from app.cli.common import (
    acting_user,
    add_acting_options,
    add_decision_reason,
    opened,
    out,
    print_json,
    whole_number,
)
from app.cli.output import add_output_options
from app.errors import ValidationError
from app.i18n import tr
from app.models import User
from app.money import to_minor
from app.office import office_currency, office_today
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
    kind.add_argument(
        "--instalments", metavar="N", type=whole_number, help=tr("number of instalments")
    )
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
        (
            "approve",
            tr("approve a draft, or make it ready for signing (a big waiver: supervisor)"),
            run_approve,
        ),
        ("sign", tr("record that both parties signed"), run_sign),
        (
            "cancel",
            tr("cancel an agreement (one a supervisor approved, or signed: supervisor)"),
            run_cancel,
        ),
        ("show", tr("one agreement and its plan"), run_show),
    ):
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.add_argument("agreement_no", metavar="AGREEMENT_NO")
        if name == "sign":
            p.add_argument("--on", metavar="DATE", help=tr("the signing date (default: today)"))
        if name == "cancel":
            add_decision_reason(p)
        add_acting_options(p, json=name == "show")
        p.set_defaults(func=runner)

    listing = sub.add_parser(
        "list", help=tr("list agreements"), description=tr("List agreements, newest first.")
    )
    listing.add_argument(
        "--status",
        metavar="STATUS",
        help=tr(
            "only this status; approved: those a supervisor or admin approved, ready: those "
            "made ready for signing"
        ),
    )
    listing.add_argument("--case", metavar="CASE_NO", help=tr("only this case"))
    add_acting_options(listing, json=True)
    listing.set_defaults(func=run_list)

    printing = sub.add_parser(
        "print",
        help=tr("the agreement as a bilingual PDF"),
        description=tr("Write the agreement as a bilingual Chinese/English PDF."),
    )
    printing.add_argument("agreement_no", metavar="AGREEMENT_NO")
    add_output_options(printing)
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


def _rows(values: list[str] | None, currency: str) -> list[Any] | None:
    """`--row DATE=AMOUNT`s; an amount may carry the office's currency sign."""
    from app.agreements.plan import PlanRow

    if not values:
        return None
    rows = []
    for value in values:
        day, sep, amount = value.partition("=")
        if not sep:
            raise ValidationError("A plan row is DATE=AMOUNT, not {value}.", value=value)
        rows.append(PlanRow(parse_date(day.strip()), to_minor(amount.strip(), currency)))
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
    if args.settle is None and not args.row and args.start is None:
        raise ValidationError("A plan needs the number of instalments and the first date.")
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            currency = office_currency(session)
            rows = _rows(args.row, currency)
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
                    to_minor(args.settle, currency),
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
                    amount=None if args.amount is None else to_minor(args.amount, currency),
                    rows=rows,
                    **common,
                )
            number = agreement.agreement_no
            detail = find_detail(session, user, number)
            moves = _moves(session, args)
            notes = _plan_notes(session, detail, moves)
            moved = _moves_json(moves, [p.due_on for p in detail.plan])
    if args.json:
        print_json(detail.as_json() | {"holiday_moves": moved})
        return 0
    out(tr("Drafted agreement {number}.", number=number))
    print_detail(detail)
    for line in notes:
        out(line)
    return 0


def _moves(session: Any, args: argparse.Namespace) -> list[Any]:
    """The dates the draft moved off public holidays: a generated plan's, or a settlement's
    default due date (typed dates are kept as given)."""
    from app.agreements import plan_moves, settlement_move

    count, start = getattr(args, "instalments", None), getattr(args, "start", None)
    if count and start:
        return plan_moves(session, count, parse_date(start))
    if getattr(args, "settle", None) is not None and getattr(args, "due", None) is None:
        move = settlement_move(session, office_today(session))[1]
        return [move] if move is not None else []
    return []


def _moves_json(moves: list[Any], dates: list[Any]) -> list[dict[str, Any]]:
    """The moves as `draft --json` gives them (those whose row keeps the moved date)."""
    from app.compliance.holidays import holiday_name

    return [
        {
            "seq": m.seq,
            "due_on": m.due_on.isoformat(),
            "moved_from": m.moved_from.isoformat(),
            "country": m.country,
            "holiday": holiday_name(m.country, m.moved_from),
            "note": m.note(),
        }
        for m in moves
        if m.seq <= len(dates) and dates[m.seq - 1] == m.due_on
    ]


def _plan_notes(session: Any, detail: Any, moves: list[Any]) -> list[str]:
    """A line for each instalment moved off a public holiday or due on one (as typed)."""
    from app.agreements import date_notes
    from app.agreements.holiday_dates import office_holiday_country

    dates = [p.due_on for p in detail.plan]
    notes = date_notes(office_holiday_country(session), dates, moves)
    if detail.row.kind == "settlement":  # one payment: not "Instalment 1"
        return [
            tr("The payment ({date}): {note}", date=f"{day:%Y-%m-%d}", note=note)
            for day, note in zip(dates, notes, strict=True)
            if note
        ]
    return [
        tr("Instalment {seq} ({date}): {note}", seq=seq, date=f"{day:%Y-%m-%d}", note=note)
        for seq, (day, note) in enumerate(zip(dates, notes, strict=True), start=1)
        if note
    ]


def run_edit(args: argparse.Namespace) -> int:
    from app.agreements import edit_draft
    from app.agreements.common import find_agreement
    from app.agreements.draft_changes import stale_words

    if args.amount is None and not args.row and args.reason is None and args.capacity is None:
        raise ValidationError("Nothing to change: give --amount, --row, --reason or --capacity.")
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            before = find_detail(session, user, args.agreement_no).version
            currency = office_currency(session)
            # The loan owes another amount than the draft's debt: the edit re-bases the terms
            # on it, as the window's edit dialog does, and says so as the dialog does.
            draft = find_agreement(session, user, args.agreement_no)
            stale = stale_words(session, draft, office_today(session))
            agreement = edit_draft(
                session,
                user,
                args.agreement_no,
                rows=_rows(args.row, currency),
                amount=None if args.amount is None else to_minor(args.amount, currency),
                stated_reason=args.reason,
                stated_capacity=args.capacity,
            )
            session.flush()
            changed = agreement.version != before
            detail = find_detail(session, user, args.agreement_no)
            notes = _plan_notes(session, detail, [])  # typed dates: none moved
    if args.json:
        print_json(detail.as_json())
        return 0
    if changed:
        out(tr("Changed agreement {number}.", number=detail.row.agreement_no))
        if stale is not None:
            out(stale)
    else:
        out(
            tr(
                "Agreement {number} already reads so; nothing changed.",
                number=detail.row.agreement_no,
            )
        )
    print_detail(detail)
    for line in notes:
        out(line)
    return 0
