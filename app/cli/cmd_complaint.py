"""`casedesk complaint list|show|record|assign|note|resolve|lift`: complaints from the command
line, as the Complaints page handles them (app/complaints.py, app/complaint_list.py,
app/complaint_detail.py)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

from app.cases.agent_named import username_of
from app.cli.common import (
    acting_user,
    add_acting_options,
    add_decision_reason,
    opened,
    out,
    print_json,
)
from app.cli.table import table
from app.complaint_detail import (
    NONE,
    ComplaintDetail,
    complaint_detail,
    days_left_words,
    late_words,
    minute,
)
from app.complaint_list import ComplaintRow
from app.complaints import CHANNELS, SOURCES
from app.errors import ValidationError
from app.i18n import tr
from app.labels import (
    COMPLAINT_CATEGORY,
    COMPLAINT_STATUS,
    capital,
    label,
)
from app.models import ComplaintCategory, User
from app.office import office_today
from app.tabular import parse_date


def register(commands: argparse._SubParsersAction) -> None:
    complaint = commands.add_parser(
        "complaint",
        help=tr("complaints: record, list, investigate, resolve"),
        description=tr(
            "Complaints from borrowers, relatives or regulators, as the Complaints page handles "
            "them. One about a case pauses contact on it until it is resolved or a supervisor "
            "lifts the pause."
        ),
    )
    sub = complaint.add_subparsers(dest="complaint_command", metavar="ACTION", required=True)
    listing = sub.add_parser(
        "list",
        help=tr("complaints by answer deadline"),
        description=tr("Open complaints by answer deadline."),
    )
    listing.add_argument("--all", action="store_true", help=tr("closed ones too"))
    listing.add_argument(
        "--near-deadline",
        action="store_true",
        help=tr("complaints: open ones near their deadline, as the dashboard's tile"),
    )
    add_acting_options(listing, json=True)
    listing.set_defaults(func=run_list)
    show = sub.add_parser(
        "show", help=tr("one complaint whole"), description=tr("One complaint whole.")
    )
    show.add_argument("complaint_no", metavar="COMPLAINT_NO")
    add_acting_options(show, json=True)
    show.set_defaults(func=run_show)
    record = sub.add_parser(
        "record",
        help=tr("record a complaint"),
        description=tr(
            "Record a complaint about a case (--case), an agent (--agent) or both; its answer "
            "deadline comes from the rule set."
        ),
    )
    record.add_argument("--case", metavar="CASE_NO", default=None, help=tr("the case it is about"))
    record.add_argument("--agent", metavar="USER", default=None, help=tr("the agent it is against"))
    record.add_argument("--source", required=True, choices=SOURCES)
    record.add_argument("--channel", required=True, choices=CHANNELS)
    record.add_argument("--category", required=True, choices=[c.value for c in ComplaintCategory])
    record.add_argument(
        "--description", metavar="TEXT", required=True, help=tr("what the complainant said")
    )
    record.add_argument(
        "--received",
        metavar="DATE",
        default=None,
        help=tr("the day it was received (default: today on the office's clock)"),
    )
    record.add_argument(
        "--complex", action="store_true", help=tr("a complex complaint: the longer answer period")
    )
    add_acting_options(record, json=True)
    record.set_defaults(func=run_record)
    assign = sub.add_parser(
        "assign",
        help=tr("name who investigates"),
        description=tr("Name who investigates a complaint."),
    )
    assign.add_argument("complaint_no", metavar="COMPLAINT_NO")
    assign.add_argument("investigator", metavar="USER")
    add_acting_options(assign, json=True)
    assign.set_defaults(func=run_assign)
    note = sub.add_parser(
        "note", help=tr("add an investigation note"), description=tr("Add an investigation note.")
    )
    note.add_argument("complaint_no", metavar="COMPLAINT_NO")
    note.add_argument("text", metavar="TEXT")
    add_acting_options(note, json=True)
    note.set_defaults(func=run_note)
    resolve = sub.add_parser(
        "resolve",
        help=tr("close a complaint with its outcome"),
        description=tr("Close a complaint with its outcome: upheld or not. This lifts its pause."),
    )
    resolve.add_argument("complaint_no", metavar="COMPLAINT_NO")
    resolve.add_argument("--outcome", metavar="TEXT", required=True)
    upheld = resolve.add_mutually_exclusive_group(required=True)
    upheld.add_argument(
        "--upheld", dest="upheld", action="store_true", help=tr("the complaint was upheld")
    )
    upheld.add_argument(
        "--not-upheld", dest="upheld", action="store_false", help=tr("the complaint was not upheld")
    )
    add_acting_options(resolve, json=True)
    resolve.set_defaults(func=run_resolve)
    lift = sub.add_parser(
        "lift",
        help=tr("let contact resume while the complaint stays open"),
        description=tr(
            "Let contact resume on the case while the complaint stays open (a supervisor's, "
            "with a reason)."
        ),
    )
    lift.add_argument("complaint_no", metavar="COMPLAINT_NO")
    add_decision_reason(lift)
    add_acting_options(lift, json=True)
    lift.set_defaults(func=run_lift)


def _row_json(r: ComplaintRow) -> dict[str, Any]:
    return {
        "complaint": r.complaint_no,
        "received_on": r.received_on.isoformat(),
        "deadline_on": r.deadline_on.isoformat(),
        "days_left": r.days_left,
        "case": r.case_no,
        "agent": r.agent,
        "category": r.category.value,
        "status": r.status.value,
        "source": r.source,
        "channel": r.channel,
        "pauses_contact": r.pausing,
        "investigator": r.investigator,
        "closed_on": r.closed_on.isoformat() if r.closed_on else None,
        **_late_json(r.closed_on, r.days_late),
    }


def _late_json(closed_on: dt.date | None, days_late: int | None) -> dict[str, Any]:
    """Whether a closed complaint was answered after its deadline, and by how many days (null
    while it is open)."""
    return {
        "answered_late": None if closed_on is None else days_late is not None,
        "days_late": days_late,
    }


def _left(r: ComplaintRow) -> str:
    """The list's "Left": days to the deadline while open, how late a late answer came."""
    if r.days_left is not None:
        return days_left_words(r.days_left)
    return late_words(r.days_late) if r.days_late is not None else NONE


def run_list(args: argparse.Namespace) -> int:
    from app.complaint_list import complaints_list

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.sessions() as session:
            user = session.get(User, actor.id)
            assert user is not None
            rows = complaints_list(
                session, user, open_only=not args.all, near_deadline=args.near_deadline
            )
    if args.json:
        print_json([_row_json(r) for r in rows])
        return 0
    if not rows:
        out(tr("No complaints to show."))
        return 0
    head = [
        tr(h)
        for h in (
            "Complaint",
            "Answer by",
            "Left",
            "Status",
            "Category",
            "Case no.",
            "Against agent",
            "Contact paused",
        )
    ]
    body = [
        [
            r.complaint_no,
            r.deadline_on.isoformat(),
            _left(r),
            capital(label(COMPLAINT_STATUS, r.status)),
            capital(label(COMPLAINT_CATEGORY, r.category)),
            r.case_no or NONE,
            r.agent_name or NONE,
            tr("Yes") if r.pausing else tr("No"),
        ]
        for r in rows
    ]
    for line in table([head, *body]):
        out(line)
    return 0


def _detail_json(d: ComplaintDetail) -> dict[str, Any]:
    return {
        "complaint": d.complaint_no,
        "case": d.case_no,
        "borrower": d.borrower,
        "source": d.source,
        "channel": d.channel,
        "category": d.category.value,
        "complex": d.complex,
        "received_on": d.received_on.isoformat(),
        "deadline_on": d.deadline_on.isoformat(),
        "days_left": d.days_left,
        "status": d.status.value,
        "against": d.against,
        "investigator": d.investigator,
        "description": d.description,
        "notes": [
            {
                "at": minute(n.at) if n.at else None,
                "by": n.author,
                "text": n.words(),
                "kind": n.kind,
            }
            for n in d.notes
        ],
        "notes_withheld": d.notes_withheld,
        "outcome": d.outcome or None,
        "closed_on": d.closed_on.isoformat() if d.closed_on else None,
        "pauses_contact": d.pausing,
        **_late_json(d.closed_on, d.days_late),
    }


def _detail_lines(d: ComplaintDetail) -> list[str]:
    lines = [tr("Complaint {number}", number=d.complaint_no)]
    fields = d.field_values(dt.date.isoformat).items()
    lines += ["  " + tr("{field}: {value}", field=tr(k), value=v or NONE) for k, v in fields]
    lines += [tr("Complaint description"), "  " + d.description.replace("\n", "\n  ")]
    lines.append(tr("Investigation notes"))
    if d.notes:
        rows = [[minute(n.at), n.author or NONE, n.words().replace("\n", " ")] for n in d.notes]
        lines += ["  " + line for line in table(rows)]
    else:
        lines.append("  " + d.no_notes_words())
    lines.append(tr("Outcome"))
    if d.closed_on is None:
        lines.append("  " + tr("No outcome yet: the complaint is open."))
    else:
        lines.append(
            "  "
            + tr("Closed on {date}: {outcome}", date=d.closed_on.isoformat(), outcome=d.outcome)
        )
    return lines


def _shown(args: argparse.Namespace, detail: ComplaintDetail, said: str | None = None) -> int:
    if args.json:
        print_json(_detail_json(detail))
        return 0
    if said:
        out(said)
    for line in _detail_lines(detail):
        out(line)
    return 0


def run_show(args: argparse.Namespace) -> int:
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.sessions() as session:
            user = session.get(User, actor.id)
            assert user is not None
            detail = complaint_detail(
                session, user, args.complaint_no.strip(), as_of=office_today(session)
            )
    return _shown(args, detail)


def _acted(args: argparse.Namespace, act: Any, said: Callable[[str], str]) -> int:
    """Run `act(session, user) -> complaint number` in one transaction, then say `said(number)`
    and show the complaint."""
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            number = act(session, user)
            session.flush()
            detail = complaint_detail(session, user, number, as_of=office_today(session))
    return _shown(args, detail, said(number))


def run_record(args: argparse.Namespace) -> int:
    from app.complaints import record_complaint

    if not (args.case or "").strip() and not (args.agent or "").strip():
        raise ValidationError("A complaint concerns a case, an agent, or both.")

    def act(session: Any, user: User) -> str:
        today = office_today(session)
        received = parse_date(args.received) if args.received else today
        return record_complaint(
            session, user, case_no=args.case,
            agent_username=username_of(session, args.agent),
            received_on=received, source=args.source, channel=args.channel,
            category=args.category, description=args.description, complex=args.complex,
            today=today,
        ).complaint_no  # fmt: skip

    return _acted(args, act, lambda n: tr("Complaint {number} recorded.", number=n))


def run_assign(args: argparse.Namespace) -> int:
    from app.complaints import assign_complaint

    def act(session: Any, user: User) -> str:
        return assign_complaint(
            session, user, args.complaint_no.strip(), args.investigator
        ).complaint_no

    return _acted(args, act, lambda n: tr("Complaint {number}: investigator named.", number=n))


def run_note(args: argparse.Namespace) -> int:
    from app.complaints import add_note

    def act(session: Any, user: User) -> str:
        return add_note(session, user, args.complaint_no.strip(), args.text).complaint_no

    return _acted(args, act, lambda n: tr("Complaint {number}: note added.", number=n))


def run_resolve(args: argparse.Namespace) -> int:
    from app.complaints import resolve_complaint

    def act(session: Any, user: User) -> str:
        return resolve_complaint(
            session, user, args.complaint_no.strip(), args.outcome, args.upheld,
            today=office_today(session),
        ).complaint_no  # fmt: skip

    return _acted(args, act, lambda n: tr("Complaint {number} resolved.", number=n))


def run_lift(args: argparse.Namespace) -> int:
    from app.complaints import lift_pause

    def act(session: Any, user: User) -> str:
        return lift_pause(session, user, args.complaint_no.strip(), args.reason).complaint_no

    return _acted(
        args, act, lambda n: tr("Complaint {number}: contact may resume on its case.", number=n)
    )
