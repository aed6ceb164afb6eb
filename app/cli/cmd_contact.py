"""`casedesk contact log|check`: contacts judged by the rule set (its commands: cmd_rules.py)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from app.cli.common import (
    acting_user,
    add_acting_options,
    opened,
    out,
    overridden_by,
    override_user,
    own_override,
    print_verdict,
    typed_money,
    whole_number,
)
from app.i18n import tr
from app.models import User, VerdictKind
from app.tabular import parse_date
from app.user_names import person, user_named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.compliance.model import Verdict
    from db.store import Database


EXIT_REFUSED = 3
Promise = tuple[int, dt.date]  # (amount in minor units, due date)


def _contact_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case_no", metavar="CASE_NO")
    parser.add_argument("--channel", required=True, metavar="C", help=tr("call, sms or letter"))
    parser.add_argument(
        "--party",
        required=True,
        metavar="P",
        help=tr("borrower, guarantor, relative, employer or other"),
    )
    parser.add_argument(
        "--outcome",
        required=True,
        metavar="O",
        help=tr(
            "connected, no_answer, busy, wrong_number, invalid_number, refused, delivered or failed"
        ),
    )
    parser.add_argument(
        "--at",
        metavar="ISO-TIMESTAMP",
        default=None,
        help=tr(
            "when, with its time zone (default: now); a time the borrower's clocks skip "
            "(02:30 in New York on the night they go forward) is refused"
        ),
    )
    parser.add_argument("--phone", metavar="NUMBER", default=None, help=tr("the number dialled"))
    parser.add_argument(
        "--person",
        metavar="ID",
        type=whole_number,
        default=None,
        help=tr("the related person's id, for a third party"),
    )
    parser.add_argument("--at-work", action="store_true", help=tr("a call to a work number"))
    parser.add_argument("--notes", default="", metavar="TEXT")
    parser.add_argument(
        "--promise",
        metavar="AMOUNT@DATE",
        default=None,
        help=tr("a promise to pay, e.g. 1500.00@2026-12-05"),
    )
    parser.add_argument(
        "--override-reason",
        metavar="TEXT",
        default=None,
        help=tr("a supervisor's written reason, when the rules need an override"),
    )
    parser.add_argument(
        "--override-by",
        metavar="NAME",
        default=None,
        help=tr(
            "the supervisor who overrides (password from "
            "CASEDESK_OVERRIDE_PASSWORD or a prompt); default: you"
        ),
    )
    add_acting_options(parser, json=True)


def register(commands: argparse._SubParsersAction) -> None:
    contact = commands.add_parser(
        "contact",
        help=tr("log or check a contact attempt against the rule set"),
        description=tr(
            "Every contact is checked against the office's rule set before it is "
            "saved. Exit code 3: blocked, or an override is needed and not given."
        ),
    )
    sub = contact.add_subparsers(dest="contact_command", metavar="ACTION", required=True)
    log = sub.add_parser(
        "log",
        help=tr("check and save a contact attempt"),
        description=tr("Check and save a contact attempt."),
    )
    _contact_args(log)
    log.set_defaults(func=run_log)
    chk = sub.add_parser(
        "check",
        help=tr("the verdict, without saving"),
        description=tr(
            "Show the verdict for a contact without saving it. It takes the arguments of `log`: "
            "a promise and the notes are checked as `log` checks them, and an override is "
            "checked without its password. Exit code 3: `log` would not save it."
        ),
    )
    _contact_args(chk)
    chk.set_defaults(func=run_check)


def _when(value: str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.UTC)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        from app.errors import ValidationError

        raise ValidationError(
            "Cannot read the time {value}; use e.g. 2026-03-01T10:30+08:00.", value=value
        ) from None


def _fields(args: argparse.Namespace) -> dict[str, object]:
    return {
        "channel": args.channel,
        "party": args.party,
        "at": _when(args.at),
        "outcome": args.outcome,
        "phone_number": args.phone,
        "related_person_id": args.person,
        "at_workplace": args.at_work,
    }


def _promise(text: str | None, database: Database) -> Promise | None:
    """`--promise AMOUNT@DATE`; the amount may carry the office's currency sign ($500.00@…)."""
    if not text:
        return None
    from app.errors import ValidationError

    if "@" not in text:
        raise ValidationError("Write a promise as AMOUNT@DATE, e.g. 1500.00@2026-12-05.")
    amount, day = text.split("@", 1)
    return typed_money(database, amount), parse_date(day)


def _overrider_named(session: Session, actor: User, args: argparse.Namespace) -> User | None:
    """Who would override, as `log` would have it, found by name: a check asks no password."""
    from app.errors import NotFound

    if not args.override_reason:
        return None
    if not args.override_by or args.override_by == actor.username:
        return own_override(actor)
    found = user_named(session, args.override_by)
    if found is None or not found.active:
        raise NotFound("No user {name}.", name=args.override_by)
    return found


def _consent_way(session: Session, user: User, case_no: str, verdict: Verdict) -> str:
    """The command that records the borrower's consent to contact in quiet hours, when the
    verdict's quiet-hours finding says that consent would lift it; else ""."""
    from app.compliance.quiet_visit import QUIET_CONTACT
    from app.contacts import find_case

    if not any(f.message == QUIET_CONTACT for f in verdict.findings):
        return ""
    borrower = find_case(session, user, case_no).loan.borrower.borrower_no
    return tr(
        "To record it from the command line: casedesk borrower flags {borrower} "
        '--set quiet_hours_consent --note "who agreed, when and how"',
        borrower=borrower,
    )


def run_check(args: argparse.Namespace) -> int:
    from app.compliance.gate import may_save
    from app.contacts import check_contact, check_contact_promise, find_case
    from app.models import Outcome
    from app.notes import clean_notes

    fields = _fields(args)
    with opened(args) as database:
        promise = _promise(args.promise, database)
        actor = acting_user(args, database)
        with database.session() as session:
            user = session.get_one(User, actor.id)
            clean_notes(args.notes)  # no bearing on the verdict; too long, `log` refuses them
            verdict = check_contact(session, user, args.case_no, **fields)
            way = _consent_way(session, user, args.case_no, verdict)
            overrider = _overrider_named(session, user, args)
            saved = verdict.kind is not VerdictKind.BLOCKED and may_save(
                verdict, overrider, args.override_reason
            )
            by = overrider.username if overrider is not None else ""
            if promise is not None:  # as `log` checks it, before any verdict counts
                check_contact_promise(
                    session,
                    find_case(session, user, args.case_no),
                    fields["at"],  # type: ignore[arg-type]
                    Outcome(str(fields["outcome"])),
                    promise,
                )
    print_verdict(verdict, args.json, {"would_save": saved})
    if way and not args.json:
        out("    " + way)
    if not args.json and saved and verdict.kind is VerdictKind.NEEDS_OVERRIDE:
        out(tr("An override by {user} with this reason would let it be saved.", user=by))
    return 0 if saved else EXIT_REFUSED


def run_log(args: argparse.Namespace) -> int:
    from app.contacts import log_contact

    fields = _fields(args)
    with opened(args) as database:
        promise = _promise(args.promise, database)
        actor = acting_user(args, database)
        overrider = override_user(database, actor, args.override_by, args.override_reason)
        with database.session(write_lock=True) as session:
            result = log_contact(
                session,
                session.get_one(User, actor.id),
                args.case_no,
                notes=args.notes,
                promise=promise,
                override_by=session.get(User, overrider.id) if overrider else None,
                override_reason=args.override_reason,
                **fields,  # type: ignore[arg-type]
            )
            verdict, saved = result.verdict, result.saved
            user = session.get_one(User, actor.id)
            way = "" if saved else _consent_way(session, user, args.case_no, verdict)
    print_verdict(verdict, args.json)
    if way and not args.json:
        out("    " + way)
    if saved:
        if not args.json:
            out(tr("Saved."))
            if verdict.kind is VerdictKind.NEEDS_OVERRIDE and overrider is not None:
                who = person(overrider.display_name, overrider.username)
                out(overridden_by(who, args.override_reason))
        return 0
    if not args.json:
        if verdict.kind is VerdictKind.BLOCKED:
            out(tr("Not saved: blocked by the rules (the block is recorded)."))
        else:
            out(
                tr(
                    "Not saved: a supervisor must override: add --override-reason, and "
                    "--override-by with their name when you are not one."
                )
            )
    return EXIT_REFUSED
