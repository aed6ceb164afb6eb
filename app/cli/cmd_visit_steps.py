"""`casedesk visit request|verify|book|reschedule|approve|checkin|checkout|noshow|cancel|incident`:
a visit's steps, from the request to the check-out, each through the core's use case."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

from app.cli.common import (
    acting_user,
    opened,
    out,
    overridden_by,
    override_user,
    print_verdict,
)
from app.compliance.quiet_visit import agreement_would_lift
from app.compliance.visit_rules import consent_options
from app.errors import ValidationError
from app.i18n import plural, sentences, tr
from app.models import User, VerdictKind
from app.money import fmt, to_minor
from app.office import office_currency
from app.office_printed import missing_notice
from app.tabular import parse_date
from app.typed_number import number_key
from app.user_names import person

EXIT_REFUSED = 3


def _time(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            "Cannot read the time {value}; use e.g. 2026-03-01T10:30+08:00.", value=value
        ) from None


def _promise(text: str | None, s: Any) -> tuple[int, dt.date] | None:
    """`--promise AMOUNT@DATE`; the amount may carry the office's currency sign ($500.00@…)."""
    if not text:
        return None
    if "@" not in text:
        raise ValidationError("Write a promise as AMOUNT@DATE, e.g. 1500.00@2026-12-05.")
    amount, day = text.split("@", 1)
    return to_minor(amount, office_currency(s)), parse_date(day)


def acting(args: argparse.Namespace, fn: Any, *, write_lock: bool = True) -> Any:
    """Log in, then run fn(session, actor) in one transaction: holding the write lock from
    its start (a save waits for another writer), unless `write_lock` is False (a listing)."""
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=write_lock) as session:
            user = session.get(User, actor.id)
            assert user is not None
            return fn(session, user)


def run_request(args: argparse.Namespace) -> int:
    from app.visits import request_visit

    number = acting(
        args, lambda s, u: request_visit(s, u, args.case_no, address=args.address).visit_no
    )
    out(tr("Visit {number} requested; verify it next.", number=number))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from app.visits import verify_visit

    acting(
        args,
        lambda s, u: verify_visit(
            s, u, args.visit_no, identity=args.identity, address=args.address, phone=args.phone
        ),
    )
    out(tr("Visit {number} verified; it can be booked.", number=number_key(args.visit_no)))
    return 0


def _visit_for(session: Any, user: User, text: str) -> str:
    """A visit number as given, or the verified (else booked) visit of a case number."""
    from sqlalchemy import select

    from app.contacts import find_case
    from app.models import Visit, VisitStatus

    key = number_key(text)
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


Judged = tuple[str, Any, bool]  # the visit's number, the verdict, whether it was saved
# and the overriding supervisor's user name and "王慧（supervisor）" ("" for none)
Told = tuple[str, Any, bool, str, str]


def _judged(args: argparse.Namespace, step: Callable[[Any, User, User | None], Judged]) -> Told:
    """Log in (and the overriding supervisor, unless --check), then `step(session, user,
    supervisor)` in one transaction, under the write lock when it may save."""
    with opened(args) as database:
        actor = acting_user(args, database)
        # Without a password (no CASEDESK_OVERRIDE_PASSWORD, no terminal) nothing is tried: an
        # empty one counted as a failed login against the supervisor (five lock them out).
        overrider = (
            None
            if args.check
            else override_user(database, actor, args.override_by, args.override_reason)
        )
        with database.session(write_lock=not args.check) as session:
            user = session.get(User, actor.id)
            assert user is not None
            boss = session.get(User, overrider.id) if overrider else None
            number, verdict, saved = step(session, user, boss)
            if boss is None:
                return number, verdict, saved, "", ""
            return number, verdict, saved, boss.username, person(boss.display_name, boss.username)


def _quiet_agreement(args: argparse.Namespace) -> Any:
    """The borrower's agreement to the slot's early or late time, as --quiet-agreed-by, -at (else
    now) and -how give it; None when neither who nor how is given (the core checks the rest)."""
    from app.models.base import utcnow
    from app.visits.quiet_consent import QuietAgreement

    if not (args.quiet_agreed_by or args.quiet_agreed_how):
        if args.quiet_agreed_at:
            raise ValidationError(
                "--quiet-agreed-at needs --quiet-agreed-by and --quiet-agreed-how: who agreed "
                "to the early or late time, and how."
            )
        return None
    return QuietAgreement(
        args.quiet_agreed_by or "",
        _time(args.quiet_agreed_at) or utcnow(),
        args.quiet_agreed_how or "",
    )


def _slot(args: argparse.Namespace, minutes: int) -> dict[str, Any]:
    """The booking's fields as the command gives them."""
    start = _time(args.at)
    assert start is not None
    return {
        "quiet_agreement": _quiet_agreement(args),
        "agents": [a.strip() for a in args.agents.split(",") if a.strip()],
        "start": start,
        "minutes": minutes,
        "at_workplace": args.at_work,
        "borrower_agreed": args.borrower_agreed,
        "consent_to_enter": args.consent_to_enter,
    }


QUIET_WAY = (
    "To record it from the command line: add --quiet-agreed-by WHO --quiet-agreed-how HOW (and "
    "--quiet-agreed-at WHEN, if not now)."
)

CONSENT_WAY = "If the borrower gave this consent, record it from the command line: add {options}."


def _said(args: argparse.Namespace, judged: Told, done: str, blocked: str, held: str) -> int:
    """Print the verdict, then what came of it (`done`, `blocked` or `held`) and, when a
    supervisor's override let it through, whose and why; exit 0 when saved (with --check: when
    it may be saved without an override), else EXIT_REFUSED."""
    number, verdict, saved, boss, boss_named = judged
    overridden = saved and verdict.kind is VerdictKind.NEEDS_OVERRIDE
    extra = {"visit_no": number, "saved": saved}
    if overridden and not args.check:
        extra |= {"override_by": boss, "override_reason": args.override_reason.strip()}
    print_verdict(verdict, args.json, extra)
    if not args.json and not saved and agreement_would_lift(verdict.findings):
        out("    " + tr(QUIET_WAY))
    consent = consent_options(verdict.findings)
    if not args.json and not saved and consent:
        out("    " + tr(CONSENT_WAY, options=" ".join(consent)))
    if args.check:
        return 0 if verdict.saved else EXIT_REFUSED
    if not args.json:
        out(done if saved else blocked if verdict.kind is VerdictKind.BLOCKED else held)
        if overridden:
            out(overridden_by(boss_named, args.override_reason))
    return 0 if saved else EXIT_REFUSED


def run_book(args: argparse.Namespace) -> int:
    from app.models import VisitStatus
    from app.office import office_timezone
    from app.visits import book_visit, check_booking
    from app.visits.common import find_visit, needs_approval, require_status
    from app.visits.slot import office_time

    fields = _slot(args, args.minutes)
    start: dict[str, str] = {}  # the start saved, on the office's clock, and the office's zone
    waits: list[bool] = []  # the office wants a supervisor's approval before the team goes
    notices: list[str] = []  # the office's blank safety contact, which the sheet would print

    def step(session: Any, user: User, boss: User | None) -> Judged:
        number = _visit_for(session, user, args.visit)
        if args.check:  # as `visit book` would take it: a visit verified, not yet booked
            require_status(find_visit(session, user, number), VisitStatus.VERIFIED)
            return number, check_booking(session, user, number, **fields), False
        result = book_visit(
            session,
            user,
            number,
            override_by=boss,
            override_reason=args.override_reason,
            **fields,
        )
        if result.visit is not None and result.visit.scheduled_start is not None:
            start["start"] = office_time(session, result.visit.scheduled_start)
            start["zone"] = office_timezone(session)
            waits.append(needs_approval(session, result.visit))
            notices.append(missing_notice(session, user, "visits"))
        return number, result.verdict, result.saved

    judged = _judged(args, step)
    booked = tr(
        "Visit {number} booked for {start} (office time, {zone}).",
        number=judged[0],
        start=start.get("start", ""),
        zone=start.get("zone", ""),
    )
    if any(waits):  # as the window says "Booked, awaiting approval" (found by QA)
        booked = sentences(
            [
                booked,
                tr(
                    "It waits for a supervisor's approval before the team goes "
                    "(casedesk visit approve {number}).",
                    number=judged[0],
                ),
            ]
        )
    booked = "\n".join([booked, *(n for n in notices if n)])
    return _said(
        args,
        judged,
        booked,
        tr("Not booked: blocked by the rules (the block is recorded)."),
        tr(
            "Not booked: a supervisor must override: add --override-reason, and --override-by "
            "with their name when you are not one."
        ),
    )


def run_approve(args: argparse.Namespace) -> int:
    from app.visits import approve_visit

    def go(session: Any, user: User) -> str:
        approve_visit(session, user, args.visit_no, args.note)
        return missing_notice(session, user, "visits")

    notice = acting(args, go)
    out(tr("Visit {number} approved.", number=number_key(args.visit_no)))
    if notice:  # the team goes all the same: the one who approves can fill it in first
        out(notice)
    return 0


def run_checkin(args: argparse.Namespace) -> int:
    from app.visits import check_in

    acting(args, lambda s, u: check_in(s, u, args.visit_no, at=_time(args.at)))
    out(tr("Checked in to visit {number}.", number=number_key(args.visit_no)))
    return 0


def _travel(args: argparse.Namespace, s: Any) -> int | None:
    """`--travel-cost`, which may carry the office's currency sign."""
    return None if args.travel_cost is None else to_minor(args.travel_cost, office_currency(s))


def run_checkout(args: argparse.Namespace) -> int:
    from app.visits import check_out

    def go(s: Any, u: User) -> tuple[int, int, bool]:
        promise = _promise(args.promise, s)
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
            travel_cost=_travel(args, s),
            hours_minutes=args.minutes_spent,
            at=_time(args.at),
        )
        return visit.travel_cost, visit.hours_minutes, promise is not None

    travel, minutes, promised = acting(args, go)
    out(
        plural(
            minutes,
            "Checked out of visit {number}: travel cost {cost}, {minutes} minute.",
            "Checked out of visit {number}: travel cost {cost}, {minutes} minutes.",
            number=number_key(args.visit_no),
            cost=fmt(travel),
            minutes=f"{minutes:,}",
        )
    )
    if promised:
        out(tr("Promise to pay recorded."))
    return 0


def run_noshow(args: argparse.Namespace) -> int:
    from app.visits import no_show

    acting(
        args,
        lambda s, u: no_show(
            s,
            u,
            args.visit_no,
            notes=args.notes,
            travel_cost=_travel(args, s),
            hours_minutes=args.minutes_spent,
            at=_time(args.at),
        ),
    )
    out(tr("Visit {number} recorded as a no-show.", number=number_key(args.visit_no)))
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from app.visits import cancel_visit

    acting(args, lambda s, u: cancel_visit(s, u, args.visit_no, args.reason))
    out(tr("Visit {number} cancelled.", number=number_key(args.visit_no)))
    return 0


def run_incident(args: argparse.Namespace) -> int:
    from app.visits import add_incident

    acting(args, lambda s, u: add_incident(s, u, args.visit_no, args.kind, args.description))
    out(tr("Incident recorded on visit {number}.", number=number_key(args.visit_no)))
    return 0
