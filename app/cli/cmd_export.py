"""`casedesk export KIND FILE`: a list as its page shows it, to CSV or XLSX (audited)."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from app.cases.agent_named import named
from app.cli.common import acting_user, add_acting_options, err, opened, out, print_json
from app.cli.output import add_output_options, check_output
from app.errors import NotFound, ValidationError
from app.i18n import tr
from app.labels import SEGMENT
from app.queries.cases import SORT_KEYS
from app.reasons import MIN_REASON, long_reason, short_reason
from app.tabular import parse_date

# The queue's orders, as `casedesk queue --sort` names them.
QUEUE_SORTS = ["priority", *SORT_KEYS]
QUEUE_ONLY = ("product", "segment", "sort", "reverse")


def register(commands: argparse._SubParsersAction) -> None:
    from app.export_kinds import KINDS

    parser = commands.add_parser(
        "export",
        help=tr("export a list to CSV or Excel"),
        description=tr(
            "Export a list (queue, cases, borrowers, loans, training, complaints, audit, "
            "compliance) as you may see it, with the same filters as its page, to CSV (UTF-8 "
            "for Excel) or XLSX. ID numbers and phones are masked unless an admin asks for "
            "--personal-data with a --reason, which the file and the audit log keep. Every "
            "export is audited."
        ),
    )
    parser.add_argument("kind", metavar="KIND", choices=sorted(KINDS), help=", ".join(KINDS))
    add_output_options(parser, pdf=False, positional="file")
    parser.add_argument(
        "--format",
        dest="fmt",
        choices=("csv", "xlsx"),
        default=None,
        help=tr("csv or xlsx; must agree with the file name's ending (.csv, .xlsx)"),
    )
    parser.add_argument(
        "--personal-data",
        action="store_true",
        help=tr("full ID numbers and phones (admin only; needs --reason; audited)"),
    )
    parser.add_argument(
        "--reason",
        metavar="TEXT",
        default=None,
        help=tr(
            "with --personal-data: why the file must hold full personal data (at least {count} "
            "characters; kept in the audit log and written into the file)",
            count=MIN_REASON,
        ),
    )
    parser.add_argument("--search", default="", help=tr("queue, cases, borrowers, loans: search"))
    parser.add_argument("--bucket", default=None, help=tr("queue, cases: M1, M2, M3, M4+, 180+"))
    parser.add_argument("--agent", metavar="NAME", default=None, help=tr("only this agent's"))
    parser.add_argument(
        "--status",
        default=None,
        help=tr("queue, cases, loans: a status; training: all, lapsed, expiring, valid"),
    )
    parser.add_argument("--unassigned", action="store_true", help=tr("queue, cases: unassigned"))
    # The queue's own options, as `casedesk queue` takes them (QA s47: refused here).
    parser.add_argument(
        "--product",
        metavar="CODE",
        default=None,
        help=tr("queue: only loans of this product (its code)"),
    )
    parser.add_argument(
        "--segment",
        metavar="S",
        default=None,
        help=tr("queue: only borrowers of this segment: {choices}", choices=list(SEGMENT)),
    )
    parser.add_argument(
        "--sort",
        metavar="KEY",
        default=None,
        choices=QUEUE_SORTS,
        help=tr(
            "queue: priority (default), borrower (in pinyin order), dpd, amount, next_action …"
        ),
    )
    parser.add_argument(
        "--reverse",
        action="store_true",
        help=tr("queue: the other way round (priority: least urgent first)"),
    )
    parser.add_argument(
        "--all",
        dest="include_closed",
        action="store_true",
        help=tr("complaints: closed ones too"),
    )
    parser.add_argument(
        "--near-deadline",
        action="store_true",
        help=tr("complaints: open ones near their deadline, as the dashboard's tile"),
    )
    parser.add_argument("--from", dest="date_from", metavar="DATE", default=None)
    parser.add_argument("--to", dest="date_to", metavar="DATE", default=None)
    parser.add_argument(
        "--action",
        default=None,
        help=tr(
            "audit: action (prefix); agreement.approve: a supervisor's or admin's approvals, "
            "agreement.ready: agreements made ready for signing; case.assign: cases assigned to "
            "an agent, case.handed_back: handed back to the queue, case.agent_deactivated: sent "
            "back as their agent was deactivated; visit.blocked: bookings blocked by a rule, "
            "visit.move_blocked: moves blocked"
        ),
    )
    parser.add_argument("--verdict", default=None, help=tr("compliance: warning, blocked …"))
    parser.add_argument("--rule", default=None, help=tr("compliance: rule id"))
    add_acting_options(parser, json=True)
    parser.set_defaults(func=run_export)


def user_id_named(session: Session, name: str | None) -> int | None:
    """The id of the account `name` names (None for none given); NotFound in words."""
    if not name:
        return None
    user = named(session, name, None)  # a user name, or the name the lists show
    found = None if user is None else user.id
    if found is None:
        raise NotFound("No user {name}.", name=name)
    return int(found)


def _check_choice(value: str | None, choices: Any) -> None:
    if value is not None and value not in choices:
        raise ValidationError(
            "Unknown value {value}; choose one of: {choices}.",
            value=value,
            choices=list(choices),
        )


def build_filter(session: Session, kind: str, args: argparse.Namespace) -> Any:
    """The page's filter for `kind` from the command line's options."""
    from app.export_kinds import ComplaintFilter, TextFilter, TrainingFilter
    from app.queries.audit_log import AuditFilter
    from app.queries.cases import QueueFilter
    from app.queries.compliance_log import ComplianceFilter

    date_from = parse_date(args.date_from) if args.date_from else None
    date_to = parse_date(args.date_to) if args.date_to else None
    given = [f"--{o}" for o in QUEUE_ONLY if getattr(args, o, None)]
    if given and kind != "queue":
        raise ValidationError(
            "Only the queue's export takes {options}: export {kind} without.",
            options=given,
            kind=kind,
        )
    if kind in ("queue", "cases"):
        from app.cases.delinquency import BUCKET_NAMES
        from app.models import CaseStatus
        from app.queries.cases import product_choices

        _check_choice(args.bucket, BUCKET_NAMES)
        _check_choice(args.status, [s.value for s in CaseStatus])
        _check_choice(args.product, [code for code, _name in product_choices(session)])
        _check_choice(args.segment, list(SEGMENT))
        return QueueFilter(
            bucket=args.bucket,
            agent_id=user_id_named(session, args.agent),
            status=args.status,
            product_code=args.product,
            segment=args.segment,
            unassigned=args.unassigned,
            search=args.search,
        )
    if kind in ("borrowers", "loans"):
        from app.models import LoanStatus

        _check_choice(args.status if kind == "loans" else None, [s.value for s in LoanStatus])
        return TextFilter(search=args.search, status=args.status if kind == "loans" else None)
    if kind == "complaints":
        return ComplaintFilter(open_only=not args.include_closed, near_deadline=args.near_deadline)
    if kind == "training":
        return TrainingFilter(status=args.status or "all")
    if kind == "audit":
        return AuditFilter(
            user_id=user_id_named(session, args.agent),
            action=args.action,
            date_from=date_from,
            date_to=date_to,
        )
    return ComplianceFilter(
        rule=args.rule,
        agent_id=user_id_named(session, args.agent),
        verdict=args.verdict,
        date_from=date_from,
        date_to=date_to,
    )


def _order(args: argparse.Namespace) -> tuple[str | None, bool | None]:
    """The queue's sort key and direction as `casedesk queue` reads --sort and --reverse (its
    default key priority); (None, None): the page's own order."""
    if args.sort is None and not args.reverse:
        return None, None
    from app.cli.cmd_queue_list import queue_descending

    sort = args.sort or "priority"
    return sort, queue_descending(sort, args.reverse)


def check_reason(args: argparse.Namespace) -> None:
    """--personal-data asks for --reason (long enough), and --reason goes with it: said before
    a row is gathered."""
    too_long = long_reason(args.reason)
    if too_long is not None:
        raise too_long
    if args.personal_data and short_reason(args.reason) is not None:
        raise ValidationError(
            "--personal-data needs --reason TEXT: why the file must hold full personal data, in "
            "at least {count} characters (a Chinese character counts as two). The reason is kept "
            "in the audit log and written into the file.",
            count=MIN_REASON,
        )
    if args.reason is not None and not args.personal_data:
        raise ValidationError(
            "--reason goes with --personal-data; without it the file is masked and needs none."
        )


def run_export(args: argparse.Namespace) -> int:
    from app.export import check_may_export, export_rows
    from app.export_personal import export_message

    check_output(args, "file")  # a file already there is kept unless --force
    with opened(args) as database:
        actor = acting_user(args, database)
        check_may_export(actor, args.kind, args.personal_data)  # the right first, then why
        check_reason(args)
        # The write lock from the first read, as the window's Export takes it: the audit entry
        # comes after every read, and a save made meanwhile would have made it fail, busy.
        with database.session(write_lock=True) as session:
            flt = build_filter(session, args.kind, args)
            sort, descending = _order(args)
            result = export_rows(
                session,
                actor,
                args.kind,
                args.file,
                filters=flt,
                sort=sort,
                descending=descending,
                fmt=args.fmt,
                personal_data=args.personal_data,
                reason=args.reason,
            )
    if args.json:
        print_json(
            {
                "file": str(result.path),
                "list": result.kind,
                "format": result.format,
                "rows": result.rows,
                "personal_data": not result.masked,
                "reason": result.reason,
            }
        )
        if not result.masked:  # JSON for a program, the warning for the person running it
            err(
                tr(
                    "Warning: the file holds full personal data; "
                    "keep it safe and delete it after use."
                )
            )
    else:
        out(export_message(result))  # says the file holds full personal data, or masked
    return 0
