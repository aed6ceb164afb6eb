"""`casedesk queue`: the work queue listed in a terminal, with the window's filters (bucket,
agent, status, product, segment, unassigned, promise due today, search), read into the same
QueueFilter the window's page fills and queried by the same functions."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from sqlalchemy.orm import Session

from app.cli.common import acting_user, opened, out, print_json
from app.cli.table import table
from app.errors import PermissionDenied, ValidationError
from app.i18n import plural, tr
from app.labels import CASE_STATUS, SEGMENT, label
from app.models import User
from app.money import fmt
from app.queries.cases import QueueFilter
from app.queue_row import next_action_words

# The statuses an open case can have: the window's Status filter offers these.
OPEN_STATUSES = [s for s in CASE_STATUS if s != "closed"]


def add_queue_filters(queue: argparse.ArgumentParser) -> None:
    """The window's filters as options of `casedesk queue`."""
    queue.add_argument(
        "--agent",
        metavar="NAME",
        default=None,
        help=tr("(supervisor, admin) only this agent's cases"),
    )
    queue.add_argument(
        "--unassigned",
        action="store_true",
        help=tr("(supervisor, admin) only the cases no agent holds"),
    )
    queue.add_argument("--bucket", metavar="B", default=None, help=tr("M1, M2, M3, M4+ or 180+"))
    queue.add_argument(
        "--status",
        metavar="S",
        default=None,
        help=tr("only cases in this status: {choices}", choices=list(OPEN_STATUSES)),
    )
    queue.add_argument(
        "--product", metavar="CODE", default=None, help=tr("only loans of this product (its code)")
    )
    queue.add_argument(
        "--segment",
        metavar="S",
        default=None,
        help=tr("only borrowers of this segment: {choices}", choices=list(SEGMENT)),
    )
    queue.add_argument(
        "--promise-due",
        action="store_true",
        help=tr("only cases with a promise due today"),
    )


def queue_descending(sort: str, reverse: bool) -> bool:
    """The order of `--sort KEY [--reverse]`: priority puts the most urgent first; any other key
    reads from its smallest (`queue` and `export queue`)."""
    return (sort == "priority") != reverse


def _choice(value: str | None, choices: list[str]) -> None:
    if value is not None and value not in choices:
        raise ValidationError(
            "Unknown value {value}; choose one of: {choices}.", value=value, choices=choices
        )


def queue_filter(session: Session, actor: User, args: argparse.Namespace) -> QueueFilter:
    """The filter the options name, checked as the window's choices are; an agent, who sees only
    their own cases, is refused another agent's or the unassigned ones rather than shown their
    own list as if it were those."""
    from app.auth import Permission, can
    from app.queries.cases import product_choices

    agent_id = None
    if args.agent:
        from app.cases.agent_named import active_agent

        agent_id = active_agent(session, args.agent).id
    if not can(actor, Permission.VIEW_ALL_CASES):
        if agent_id is not None and agent_id != actor.id:
            raise PermissionDenied(
                "You see only the cases assigned to you: leave out --agent, or ask a supervisor "
                "about another agent's cases."
            )
        if args.unassigned:
            raise PermissionDenied(
                "You see only the cases assigned to you: unassigned cases are a supervisor's "
                "to place; leave out --unassigned."
            )
    if args.bucket:
        from app.cases.delinquency import bucket_range

        bucket_range(args.bucket)  # a clear error for a bucket that does not exist
    _choice(args.status, OPEN_STATUSES)
    _choice(args.product, [code for code, _name in product_choices(session)])
    _choice(args.segment, list(SEGMENT))
    return QueueFilter(
        bucket=args.bucket,
        agent_id=agent_id,
        status=args.status,
        product_code=args.product,
        segment=args.segment,
        unassigned=args.unassigned,
        promise_due_today=args.promise_due,
        search=args.search,
    )


def _training_notice(session: Session, actor: User, flt: QueueFilter) -> str | None:
    """An agent's own lapsed training, as the window's queue says it to them; a supervisor's
    listing of one agent's cases says that agent's, in the third person."""
    from app.models import Role
    from app.office import office_today

    if actor.role is Role.AGENT:
        from app.training.status import own_training_notice

        return own_training_notice(session, actor.id, office_today(session))
    if flt.agent_id is None:
        return None
    from app.training.agent_notice import agent_training_notice

    return agent_training_notice(session, flt.agent_id, office_today(session), "cli")


def run_queue(args: argparse.Namespace) -> int:
    from app import settings
    from app.cli.cmd_queue import (
        NOT_OPENED,
        figures_as_of,
        not_opened,
        rebuild_saved,
        refuse_going_back,
    )
    from app.first_steps import first_steps, first_steps_text
    from app.models import Role
    from app.queries.cases import queue_count, queue_ids, queue_rows
    from app.queries.queue_day import queue_day
    from app.queue_empty import own_queue_empty
    from app.tabular import parse_date

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            as_of = parse_date(args.as_of) if args.as_of else settings.as_of(session)
            flt = queue_filter(session, actor, args)
        if args.rebuild:
            refuse_going_back(database)
        rebuilt = rebuild_saved(database, actor) if args.rebuild else None
        with figures_as_of(database, as_of, chosen=bool(args.as_of)) as session:
            limit = max(args.limit, 0)
            descending = queue_descending(args.sort, args.reverse)
            page = queue_ids(session, actor, flt, as_of, args.sort, descending, limit=limit)
            total = queue_count(session, actor, flt, as_of)
            rows = queue_rows(session, page)
            ordered = [rows[i] for i in page]
            unsaved = {i for i in page if not_opened(session, i)}
            notice = _training_notice(session, actor, flt)
            steps = first_steps(session) if not total else []  # a new office: what fills it
            # The queue date not today: which day the figures are of, as the window's page says
            # (here computed for the listing, so of the queue date).
            # While the clock is behind, the stored figures' day, as the window's page says.
            day = None if args.as_of else queue_day(session, actor, as_of)
            said, held = (day.said(), day.held) if day else (None, None)
    if args.json:
        print_json(
            {
                "as_of": as_of,
                **({"rebuilt": asdict(rebuilt)} if rebuilt else {}),
                "total": total,
                "training_notice": notice,
                "queue_date_said": said,
                "figures_held": held,
                "first_steps": [{"step": f.key, "done": f.done, "text": f.text} for f in steps],
                "cases": [
                    {
                        "case_no": None if r.id in unsaved else r.case_no,
                        "opened": r.id not in unsaved,
                        "loan_no": r.loan_no,
                        "borrower": r.borrower,
                        "id_number": r.masked_id,
                        "dpd": r.dpd,
                        "bucket": r.bucket,
                        "amount_overdue": fmt(r.amount_overdue).replace(",", ""),
                        "score": r.score,
                        "breakdown": r.breakdown,
                        "agent": r.agent,
                        "status": r.status,
                        "next_action_on": r.next_action_on,
                        "waiting": r.waiting,
                    }
                    for r in ordered
                ],
            }
        )
        return 0
    if notice:
        out(notice)
    if rebuilt:
        from app.cases.daily import summary_text

        out(summary_text(rebuilt))
    out(
        plural(
            total,
            "Work queue as of {date}: {shown} of {total} open case.",
            "Work queue as of {date}: {shown} of {total} open cases.",
            date=as_of.isoformat(),
            shown=f"{len(ordered):,}",
            total=f"{total:,}",
        )
    )
    if said:
        out(said)
    if unsaved:
        out(
            tr(
                "A case marked {mark} is one the queue would open by {date}: it gets its number "
                "when a rebuild on or after that day opens it.",
                mark=tr(NOT_OPENED),
                date=as_of.isoformat(),
            )
        )
    cells = [
        (
            tr(NOT_OPENED) if r.id in unsaved else r.case_no,
            r.loan_no,
            r.borrower,
            r.masked_id,
            r.dpd,
            r.bucket,
            fmt(r.amount_overdue),
            r.score,
            r.agent or "—",
            label(CASE_STATUS, r.status),
            next_action_words(r) or "—",
        )
        for r in ordered
    ]
    for line in table(cells, align="<<<<><>><<<", gap=" "):
        out(line)
    if steps:
        out(first_steps_text(steps))
    elif not total and actor.role is Role.AGENT and flt == QueueFilter() and not args.as_of:
        out(own_queue_empty())  # whose move it is, as the window's queue says under its table
    return 0
