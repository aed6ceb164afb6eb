"""`casedesk visit …`: home visits from request to check-out, alerts, and the daily visit sheet.

The parser lives here; the actions' code in cmd_visit_steps (a visit's steps, request to
check-out) and cmd_visit_lists (the list, late check-out alerts, the daily sheet).
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.cmd_visit_lists import run_alerts, run_list, run_resolve, run_sheet, run_show
from app.cli.cmd_visit_move import run_reschedule
from app.cli.cmd_visit_steps import (
    EXIT_REFUSED,
    run_approve,
    run_book,
    run_cancel,
    run_checkin,
    run_checkout,
    run_incident,
    run_noshow,
    run_request,
    run_verify,
)
from app.cli.common import add_acting_options, add_decision_reason, whole_number
from app.cli.output import add_output_options
from app.i18n import tr

__all__ = [
    "EXIT_REFUSED",
    "register",
    "run_alerts",
    "run_approve",
    "run_book",
    "run_cancel",
    "run_checkin",
    "run_checkout",
    "run_incident",
    "run_list",
    "run_noshow",
    "run_request",
    "run_reschedule",
    "run_resolve",
    "run_sheet",
    "run_show",
    "run_verify",
]


def _sub(sub: Any, name: str, help_text: str, func: Any) -> Any:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(func=func)
    return parser


def register(commands: argparse._SubParsersAction) -> None:
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
    _booking_args(p, ("--at",), ("--at-work",), default_minutes=60)

    p = _sub(
        sub,
        "reschedule",
        tr("move a booked visit to another time, length or team (checked as a booking is)"),
        run_reschedule,
    )
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument(
        "--reason",
        default="",
        metavar="TEXT",
        help=tr("why the visit moves (needed, except with --check)"),
    )
    # As `visit book` takes them; --at and --at-work too, as `visit book` spells them.
    _booking_args(
        p, ("--start", "--at"), ("--at-workplace", "--at-work"), default_minutes=None, moved=True
    )
    p.add_argument(
        "--not-at-work",
        action="store_true",
        help=tr("the visit is no longer at the borrower's work (default: where it was booked)"),
    )

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
            "dispute, fraud_suspected or other, or its name (job loss, 失业)"
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
    add_decision_reason(p)
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

    p = _sub(
        sub,
        "show",
        tr("one visit: its booking, outcome and next step, and any pause on its case"),
        run_show,
    )
    p.add_argument("visit_no", metavar="VISIT_NO")
    add_acting_options(p, json=True)

    p = _sub(
        sub,
        "alerts",
        tr(
            "booked visits whose time passed with no check-in, then visits past their end "
            "with no check-out"
        ),
        run_alerts,
    )
    add_acting_options(p, json=True)

    p = _sub(sub, "resolve", tr("clear a late check-out alert (supervisor)"), run_resolve)
    p.add_argument("visit_no", metavar="VISIT_NO")
    p.add_argument("--note", required=True, metavar="TEXT")
    add_acting_options(p)

    p = _sub(sub, "sheet", tr("print an agent's daily visit sheet as PDF"), run_sheet)
    p.add_argument("--agent", required=True, metavar="NAME")
    p.add_argument("--date", required=True, metavar="DATE")
    add_output_options(p)
    add_acting_options(p)


def _booking_args(
    p: argparse.ArgumentParser,
    start: tuple[str, ...],
    at_work: tuple[str, ...],
    *,
    default_minutes: int | None,
    moved: bool = False,
) -> None:
    """The team, the slot, the borrower's say, --check and the override, as a booking takes
    them (`visit book`, `visit reschedule`). A move (`moved`) keeps the consents the booking
    recorded unless told they no longer hold, as the Reschedule dialog's boxes start ticked."""
    p.add_argument(
        "--agents", required=True, metavar="A,B", help=tr("the agents' user names, the lead first")
    )
    p.add_argument(
        *start,
        dest="at",
        required=True,
        metavar="ISO-TIMESTAMP",
        help=tr("start, with its time zone"),
    )
    p.add_argument(
        "--minutes",
        type=whole_number,
        default=default_minutes,
        metavar="N",
        help=tr("expected length (default 60)")
        if default_minutes is not None
        else tr("expected length (default: the visit's length now)"),
    )
    # Consent is stated, never assumed (as the booking dialog's boxes): without these flags the
    # booking records no agreement and no consent to enter, which the consent rule flags. A move
    # keeps what the booking recorded (QA s46: the CLI asked an override the window did not).
    p.add_argument(
        "--borrower-agreed",
        action="store_true",
        help=tr(
            "the borrower agreed to this time (default: as recorded when the time and length "
            "stay, else not recorded; --not-agreed: no longer)"
        )
        if moved
        else tr(
            "the borrower agreed to this time (default: not recorded; the consent rule flags it)"
        ),
    )
    p.add_argument(
        "--consent-to-enter",
        action="store_true",
        help=tr(
            "the borrower consents to the agents entering the home (default: as the booking "
            "recorded it; --no-entry: no longer)"
        )
        if moved
        else tr(
            "the borrower consents to the agents entering the home (default: not recorded; the "
            "consent rule flags it)"
        ),
    )
    # The borrower's agreement to this slot's early or late time (quiet hours), for this visit
    # only: the quiet-hours rule judges the time as agreed, as the rule set says.
    p.add_argument(
        "--quiet-agreed-by",
        default=None,
        metavar="NAME",
        help=tr("who agreed to this early or late time (quiet hours), e.g. the borrower"),
    )
    p.add_argument(
        "--quiet-agreed-how",
        default=None,
        metavar="TEXT",
        help=tr("how they agreed to the early or late time (e.g. by phone, asked for it)"),
    )
    p.add_argument(
        "--quiet-agreed-at",
        default=None,
        metavar="ISO-TIMESTAMP",
        help=tr("when they agreed to the early or late time (default: now)"),
    )
    # The old negative flags state a booking's default now: still accepted, listed for a move
    # only, where they say a recorded consent no longer holds.
    p.add_argument(
        "--not-agreed",
        dest="borrower_agreed",
        action="store_false",
        help=tr("the borrower no longer agrees to the time the booking recorded")
        if moved
        else argparse.SUPPRESS,
    )
    p.add_argument(
        "--no-entry",
        dest="consent_to_enter",
        action="store_false",
        help=tr("the borrower no longer consents to the agents entering the home")
        if moved
        else argparse.SUPPRESS,
    )
    if moved:  # None: as the booking recorded it (app/cli/cmd_visit_move.py)
        p.set_defaults(borrower_agreed=None, consent_to_enter=None)
    p.add_argument(
        *at_work,
        dest="at_work",
        action="store_true",
        help=tr("the visit is at the borrower's work"),
    )
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


def _cost_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--travel-cost", default=None, metavar="AMOUNT", help=tr("default: the office setting")
    )
    parser.add_argument(
        "--minutes-spent",
        type=whole_number,
        default=None,
        metavar="N",
        help=tr("hours spent, in minutes (default: the office setting)"),
    )
    parser.add_argument("--at", default=None, metavar="ISO-TIMESTAMP", help=tr("default: now"))
