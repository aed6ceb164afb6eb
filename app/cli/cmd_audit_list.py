"""`casedesk audit list`: the trail newest first, of one case (and everything of it) or one
borrower, of one user, one action, as the Audit page filters it (app/queries/audit_log.py)."""

from __future__ import annotations

import argparse

from app.cli.common import acting_user, add_acting_options, opened, out, print_json
from app.i18n import plural, tr
from app.tabular import parse_date


def register(sub: argparse._SubParsersAction) -> None:
    listing = sub.add_parser(
        "list",
        help=tr("list audit entries, of one case or borrower (supervisor, admin)"),
        description=tr(
            "List the audit entries newest first: with --case, those about the case and "
            "everything of it (its contacts, promises, visits, agreements, complaints, "
            "overrides, and its loan's payments while it was open); with --borrower, those "
            "about the borrower, their loans and all their cases. Dates are the office's days, "
            "both included."
        ),
    )
    listing.add_argument("--case", dest="case_no", metavar="CASE", default=None)
    listing.add_argument("--borrower", dest="borrower_no", metavar="BORROWER", default=None)
    listing.add_argument("--from", dest="date_from", metavar="DATE", default=None)
    listing.add_argument("--to", dest="date_to", metavar="DATE", default=None)
    # The Audit page's Who and Action: the entries of the agent a complaint names.
    listing.add_argument(
        "--agent", metavar="NAME", default=None, help=tr("only the entries of this user name")
    )
    listing.add_argument(
        "--action",
        default=None,
        help=tr(
            "only this action, or its kind (contact.log, contact); agreement.approve: a "
            "supervisor's or admin's approvals, agreement.ready: agreements made ready for "
            "signing; case.assign: cases assigned to an agent, case.handed_back: handed back to "
            "the queue, case.agent_deactivated: sent back as their agent was deactivated; "
            "visit.blocked: bookings blocked by a rule, visit.move_blocked: moves blocked"
        ),
    )
    add_acting_options(listing, json=True)
    listing.set_defaults(func=run_list)


def run_list(args: argparse.Namespace) -> int:
    from app.cli.cmd_export import user_id_named
    from app.cli.table import table
    from app.office import office_timezone
    from app.queries.audit_log import AuditFilter, audit_ids, audit_rows
    from app.wall_clock import wall_time

    flt = AuditFilter(
        case_no=args.case_no,
        borrower_no=args.borrower_no,
        date_from=parse_date(args.date_from) if args.date_from else None,
        date_to=parse_date(args.date_to) if args.date_to else None,
        action=args.action,
    )
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            flt.user_id = user_id_named(session, args.agent)  # an unknown name: NotFound
            ids = audit_ids(session, actor, flt)  # an unknown case or borrower: NotFound
            read = audit_rows(session, ids, args.lang)
            zone = office_timezone(session)
    rows = [read[i] for i in ids]
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "at": r.at.isoformat(),
                    "user": r.user,
                    "action": r.action,
                    "entity": r.entity,
                    "entity_id": r.entity_id,
                    "changes": r.raw_changes,
                    "action_words": r.action_words(args.lang),
                    "record_words": r.affected(args.lang),
                    "changes_words": r.words_line(args.lang),
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        out(flt.nothing(args.lang))
        return 0
    import zoneinfo

    tz = zoneinfo.ZoneInfo(zone)
    # The entry's number first: `audit verify` names an altered entry by it (QA s42).
    header = [tr("No."), tr("When"), tr("Who"), tr("Action"), tr("Affected record"), tr("Changes")]
    body = [
        [
            str(r.id),
            wall_time(r.at, tz, "%Y-%m-%d %H:%M"),
            r.user,
            r.action_words(args.lang),
            r.affected(args.lang),
            r.words_line(args.lang),
        ]
        for r in rows
    ]
    for line in table([header, *body]):
        out(line)
    out(plural(len(rows), "{count} audit entry", "{count} audit entries"))
    return 0
