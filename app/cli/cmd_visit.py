"""`casedesk visit …`: home visits from request to check-out, alerts, and the daily visit sheet."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

from app.cli.common import (
    acting_user,
    add_acting_options,
    ask_secret,
    opened,
    out,
    print_json,
    print_verdict,
)
from app.errors import ValidationError
from app.i18n import current_language, tr
from app.labels import VISIT_STATUS, label
from app.models import User, VerdictKind
from app.money import fmt, to_minor
from app.tabular import parse_date

EXIT_REFUSED = 3


def _sub(sub: Any, name: str, help_text: str, func: Any) -> Any:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(func=func)
    return parser


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    visit = commands.add_parser(
        "visit",
        help=tr("home visits: request, verify, book, check in and out, alerts, visit sheet"),
        description=tr(
            "Home visits. A booking is checked against the rule set before it is saved; "
            "exit code 3: refused (blocked, or an override is needed and not given)."
        ),
    )
    sub = visit.add_subparsers(dest="visit_command", metavar="ACTION", required=True)

    p = _sub(
        sub,
        "request",
        tr("ask for a visit on a case (its contract must allow visits)"),
        run_request,
    )
    p.add_argument("case_no", metavar="CASE_NO")
    p.add_argument(
        "--address", default=None, metavar="TEXT", help=tr("default: the borrower's home address")
    )
    add_acting_options(p)

    p = _sub(sub, "verify", tr("record the identity, address and phone checks"), run_verify)
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument("--identity", action="store_true", help=tr("identity confirmed"))
    p.add_argument("--address", action="store_true", help=tr("address confirmed"))
    p.add_argument("--phone", action="store_true", help=tr("phone number confirmed"))
    add_acting_options(p)

    p = _sub(sub, "book", tr("book a verified visit (checked against the rule set)"), run_book)
    p.add_argument("visit", metavar="CASE_NO|VISIT_NO")
    p.add_argument(
        "--agents", required=True, metavar="A,B", help=tr("the agents' user names, the lead first")
    )
    p.add_argument(
        "--at", required=True, metavar="ISO-TIMESTAMP", help=tr("start, with its time zone")
    )
    p.add_argument(
        "--minutes", type=int, default=60, metavar="N", help=tr("expected length (default 60)")
    )
    p.add_argument(
        "--not-agreed", action="store_true", help=tr("the borrower has not agreed the time")
    )
    p.add_argument("--no-entry", action="store_true", help=tr("no consent to enter the home"))
    p.add_argument("--at-work", action="store_true", help=tr("the visit is at the borrower's work"))
    p.add_argument("--check", action="store_true", help=tr("the verdict only; nothing is saved"))
    p.add_argument(
        "--override-reason",
        default=None,
        metavar="TEXT",
        help=tr("a supervisor's written reason, when the rules need an override"),
    )
    p.add_argument(
        "--override-by",
        default=None,
        metavar="NAME",
        help=tr(
            "the supervisor who overrides (password from "
            "CASEDESK_OVERRIDE_PASSWORD or a prompt); default: you"
        ),
    )
    add_acting_options(p, json=True)

    p = _sub(sub, "approve", tr("approve a booked visit (supervisor)"), run_approve)
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument("--note", default="", metavar="TEXT")
    add_acting_options(p)

    p = _sub(sub, "checkin", tr("check in at the door"), run_checkin)
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument("--at", default=None, metavar="ISO-TIMESTAMP", help=tr("default: now"))
    add_acting_options(p)

    p = _sub(sub, "checkout", tr("check out with the visit's outcome"), run_checkout)
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument(
        "--reason",
        required=True,
        metavar="R",
        help=tr(
            "reason for default: job_loss, illness, business_failure, over_indebtedness, "
            "dispute, fraud_suspected or other"
        ),
    )
    p.add_argument(
        "--capacity", default="", metavar="TEXT", help=tr("the borrower's stated capacity to pay")
    )
    p.add_argument("--proposal", default="", metavar="TEXT", help=tr("what was proposed"))
    p.add_argument("--notes", default="", metavar="TEXT")
    p.add_argument("--next-step", default="", metavar="TEXT")
    p.add_argument(
        "--promise",
        default=None,
        metavar="AMOUNT@DATE",
        help=tr("a promise to pay, e.g. 1500.00@2026-12-05"),
    )
    _cost_args(p)
    add_acting_options(p)

    p = _sub(sub, "noshow", tr("the team went but met nobody"), run_noshow)
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument("--notes", default="", metavar="TEXT")
    _cost_args(p)
    add_acting_options(p)

    p = _sub(sub, "cancel", tr("cancel a visit not yet started"), run_cancel)
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument("--reason", required=True, metavar="TEXT")
    add_acting_options(p)

    p = _sub(sub, "incident", tr("report an incident on a visit"), run_incident)
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument(
        "--kind",
        required=True,
        metavar="K",
        help=tr(
            "aggressive_dog, verbal_abuse, threat, injury, third_party_present, vehicle or other"
        ),
    )
    p.add_argument("--description", required=True, metavar="TEXT")
    add_acting_options(p)

    p = _sub(sub, "list", tr("list visits"), run_list)
    p.add_argument("--agent", default=None, metavar="NAME")
    p.add_argument("--date", default=None, metavar="DATE", help=tr("one day (office time)"))
    p.add_argument("--status", default=None, metavar="S")
    add_acting_options(p, json=True)

    p = _sub(sub, "alerts", tr("visits past their end with no check-out"), run_alerts)
    add_acting_options(p, json=True)

    p = _sub(sub, "resolve", tr("clear a late check-out alert (supervisor)"), run_resolve)
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument("--note", required=True, metavar="TEXT")
    add_acting_options(p)

    p = _sub(sub, "sheet", tr("print an agent's daily visit sheet as PDF"), run_sheet)
    p.add_argument("--agent", required=True, metavar="NAME")
    p.add_argument("--date", required=True, metavar="DATE")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    add_acting_options(p)


def _cost_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--travel-cost", default=None, metavar="AMOUNT", help=tr("default: the office setting")
    )
    parser.add_argument(
        "--minutes-spent",
        type=int,
        default=None,
        metavar="N",
        help=tr("hours spent, in minutes (default: the office setting)"),
    )
    parser.add_argument("--at", default=None, metavar="ISO-TIMESTAMP", help=tr("default: now"))


def _time(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            "Cannot read the time {value}; use e.g. 2026-03-01T10:30+08:00.", value=value
        ) from None


def _promise(text: str | None) -> tuple[int, dt.date] | None:
    if not text:
        return None
    if "@" not in text:
        raise ValidationError("Write a promise as AMOUNT@DATE, e.g. 1500.00@2026-12-05.")
    amount, day = text.split("@", 1)
    return to_minor(amount), parse_date(day)


def _local(at: dt.datetime | None, zone: Any) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if at else "—"


def _acting(args: argparse.Namespace, fn: Any, *, write_lock: bool = False) -> Any:
    """Log in, then run fn(session, actor) in one transaction."""
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=write_lock) as session:
            user = session.get(User, actor.id)
            assert user is not None
            return fn(session, user)


def run_request(args: argparse.Namespace) -> int:
    from app.visits import request_visit

    number = _acting(
        args, lambda s, u: request_visit(s, u, args.case_no, address=args.address).visit_no
    )
    out(tr("Visit {number} requested; verify it next.", number=number))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from app.visits import verify_visit

    _acting(
        args,
        lambda s, u: verify_visit(
            s, u, args.visit_no, identity=args.identity, address=args.address, phone=args.phone
        ),
    )
    out(tr("Visit {number} verified; it can be booked.", number=args.visit_no.upper()))
    return 0


def _visit_for(session: Any, user: User, text: str) -> str:
    """A visit number as given, or the verified (else booked) visit of a case number."""
    from sqlalchemy import select

    from app.contacts import find_case
    from app.models import Visit, VisitStatus

    key = text.strip().upper()
    if key.startswith("V"):
        return key
    case = find_case(session, user, key)
    number = session.scalar(
        select(Visit.visit_no).where(Visit.case_id == case.id, Visit.status == VisitStatus.VERIFIED)
    )
    if number is None:
        raise ValidationError(
            "Case {case} has no verified visit; run `visit request` and `visit verify` first.",
            case=case.case_no,
        )
    return str(number)


def run_book(args: argparse.Namespace) -> int:
    from app.auth import authenticate
    from app.visits import book_visit, check_booking

    agents = [a.strip() for a in args.agents.split(",") if a.strip()]
    start = _time(args.at)
    assert start is not None
    with opened(args) as database:
        actor = acting_user(args, database)
        overrider = None
        if args.override_reason and not args.check:
            if args.override_by and args.override_by != actor.username:
                password = (
                    os.environ.get("CASEDESK_OVERRIDE_PASSWORD")
                    or ask_secret(tr("Password for {user}: ", user=args.override_by))
                    or ""
                )
                overrider = authenticate(database.sessions, args.override_by, password)
            else:
                overrider = actor
        with database.session(write_lock=not args.check) as session:
            user = session.get(User, actor.id)
            assert user is not None
            number = _visit_for(session, user, args.visit)
            fields: dict[str, Any] = {
                "agents": agents,
                "start": start,
                "minutes": args.minutes,
                "at_workplace": args.at_work,
            }
            if args.check:
                verdict, saved = check_booking(session, user, number, **fields), False
            else:
                result = book_visit(
                    session,
                    user,
                    number,
                    borrower_agreed=not args.not_agreed,
                    consent_to_enter=not args.no_entry,
                    override_by=session.get(User, overrider.id) if overrider else None,
                    override_reason=args.override_reason,
                    **fields,
                )
                verdict, saved = result.verdict, result.saved
    print_verdict(verdict, args.json, {"visit_no": number, "saved": saved})
    if args.check:
        return 0 if verdict.saved else EXIT_REFUSED
    if saved:
        if not args.json:
            out(tr("Visit {number} booked.", number=number))
        return 0
    if not args.json:
        if verdict.kind is VerdictKind.BLOCKED:
            out(tr("Not booked: blocked by the rules (the block is recorded)."))
        else:
            out(tr("Not booked: a supervisor must override, with --override-reason."))
    return EXIT_REFUSED


def run_approve(args: argparse.Namespace) -> int:
    from app.visits import approve_visit

    _acting(args, lambda s, u: approve_visit(s, u, args.visit_no, args.note))
    out(tr("Visit {number} approved.", number=args.visit_no.upper()))
    return 0


def run_checkin(args: argparse.Namespace) -> int:
    from app.visits import check_in

    _acting(args, lambda s, u: check_in(s, u, args.visit_no, at=_time(args.at)))
    out(tr("Checked in to visit {number}.", number=args.visit_no.upper()))
    return 0


def _travel(args: argparse.Namespace) -> int | None:
    return None if args.travel_cost is None else to_minor(args.travel_cost)


def run_checkout(args: argparse.Namespace) -> int:
    from app.visits import check_out

    promise = _promise(args.promise)

    def go(s: Any, u: User) -> tuple[int, int]:
        visit, _ = check_out(
            s,
            u,
            args.visit_no,
            default_reason=args.reason.strip().lower(),
            capacity_note=args.capacity,
            proposal=args.proposal,
            notes=args.notes,
            next_step=args.next_step,
            promise=promise,
            travel_cost=_travel(args),
            hours_minutes=args.minutes_spent,
            at=_time(args.at),
        )
        return visit.travel_cost, visit.hours_minutes

    travel, minutes = _acting(args, go)
    out(
        tr(
            "Checked out of visit {number}: travel cost {cost}, {minutes} minutes.",
            number=args.visit_no.upper(),
            cost=fmt(travel),
            minutes=minutes,
        )
    )
    if promise:
        out(tr("Promise to pay recorded."))
    return 0


def run_noshow(args: argparse.Namespace) -> int:
    from app.visits import no_show

    _acting(
        args,
        lambda s, u: no_show(
            s,
            u,
            args.visit_no,
            notes=args.notes,
            travel_cost=_travel(args),
            hours_minutes=args.minutes_spent,
            at=_time(args.at),
        ),
    )
    out(tr("Visit {number} recorded as a no-show.", number=args.visit_no.upper()))
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from app.visits import cancel_visit

    _acting(args, lambda s, u: cancel_visit(s, u, args.visit_no, args.reason))
    out(tr("Visit {number} cancelled.", number=args.visit_no.upper()))
    return 0


def run_incident(args: argparse.Namespace) -> int:
    from app.visits import add_incident

    _acting(args, lambda s, u: add_incident(s, u, args.visit_no, args.kind, args.description))
    out(tr("Incident recorded on visit {number}.", number=args.visit_no.upper()))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from app.queries.visits import list_visits, office_zone

    day = parse_date(args.date) if args.date else None
    status = None
    if args.status:
        from app.models import VisitStatus

        try:
            status = VisitStatus(args.status.strip().lower())
        except ValueError:
            raise ValidationError(
                "Unknown visit status {value}; choose one of: {choices}.",
                value=args.status,
                choices=", ".join(s.value for s in VisitStatus),
            ) from None

    def go(s: Any, u: User) -> tuple[Any, Any]:
        rows = list_visits(s, u, agent=args.agent, status=status, date_from=day, date_to=day)
        return rows, office_zone(s)

    rows, zone = _acting(args, go)
    if args.json:
        print_json(
            {
                "visits": [
                    {
                        "visit_no": r.visit_no,
                        "case_no": r.case_no,
                        "borrower": r.borrower,
                        "status": r.status.value,
                        "start": r.start.isoformat() if r.start else None,
                        "end": r.end.isoformat() if r.end else None,
                        "agents": list(r.agents),
                        "approved": r.approved,
                    }
                    for r in rows
                ]
            }
        )
        return 0
    if not rows:
        out(tr("No visits."))
        return 0
    for r in rows:
        when = _local(r.start, zone) + (
            "–" + r.end.astimezone(zone).strftime("%H:%M") if r.end else ""
        )
        out(
            f"{r.visit_no}  {r.case_no}  {when:<22}  {label(VISIT_STATUS, r.status):<12}  "
            f"{r.borrower}  {', '.join(r.agents)}"
        )
    return 0


def run_alerts(args: argparse.Namespace) -> int:
    from app.queries.visits import office_zone
    from app.visits import late_visits

    rows, zone = _acting(args, lambda s, u: (late_visits(s), office_zone(s)))
    if args.json:
        print_json(
            {
                "alerts": [
                    {
                        "visit_no": a.visit_no,
                        "case_no": a.case_no,
                        "borrower": a.borrower,
                        "agents": list(a.agents),
                        "scheduled_end": a.scheduled_end.isoformat(),
                        "minutes_late": a.minutes_late,
                    }
                    for a in rows
                ]
            }
        )
        return 0
    if not rows:
        out(tr("No late check-outs."))
        return 0
    for a in rows:
        out(
            tr(
                "{number} ({case}, {borrower}): expected end {end}, {minutes} minutes ago, no "
                "check-out — {agents}",
                number=a.visit_no,
                case=a.case_no,
                borrower=a.borrower,
                end=_local(a.scheduled_end, zone),
                minutes=a.minutes_late,
                agents=", ".join(a.agents),
            )
        )
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from app.visits import resolve_late

    _acting(args, lambda s, u: resolve_late(s, u, args.visit_no, args.note))
    out(tr("Alert on visit {number} resolved.", number=args.visit_no.upper()))
    return 0


def run_sheet(args: argparse.Namespace) -> int:
    from app.queries.visits import day_sheet
    from reports.visit_sheet import render_visit_sheet

    day = parse_date(args.date)
    sheet = _acting(args, lambda s, u: day_sheet(s, u, args.agent, day))
    render_visit_sheet(sheet, args.output, current_language())
    out(
        tr(
            "Wrote {path} ({count} visits).",
            path=str(args.output),
            count=len(sheet.visits),
        )
    )
    return 0
