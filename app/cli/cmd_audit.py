"""`casedesk audit verify|export`: prove the audit trail is intact; export a period to CSV."""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from app.cli.common import acting_user, add_acting_options, err, opened, out, print_json
from app.i18n import plural, tr
from app.tabular import parse_date

EXIT_BROKEN = 4


def register(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser(
        "audit",
        help=tr("the audit trail: verify, export"),
        description=tr("The tamper-evident audit trail of every change."),
    )
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser(
        "verify",
        help=tr("check that no audit entry was altered or removed"),
        description=tr("Recompute the whole chain; exit code 4 names the first broken entry."),
    )
    add_acting_options(verify, json=True)
    verify.set_defaults(func=run_verify)
    export = sub.add_parser(
        "export",
        help=tr("export audit entries to CSV (admin)"),
        description=tr("Export the audit entries of a period to CSV."),
    )
    export.add_argument("--from", dest="date_from", metavar="DATE", required=True)
    export.add_argument("--to", dest="date_to", metavar="DATE", required=True)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    add_acting_options(export)
    export.set_defaults(func=run_export)


def run_verify(args: argparse.Namespace) -> int:
    from app.audit import verify_chain
    from app.auth import Permission, require

    with opened(args) as database:
        actor = acting_user(args, database)
        require(actor, Permission.VIEW_AUDIT)
        with database.session() as session:
            result = verify_chain(session)
    if args.json:
        print_json(
            {
                "intact": result.intact,
                "checked": result.checked,
                "first_broken": result.first_broken,
                "reason": result.reason,
            }
        )
    elif result.intact:
        out(
            plural(
                result.checked,
                "Audit trail intact: {count} entry verified.",
                "Audit trail intact: {count} entries verified.",
            )
        )
    else:
        err(
            "casedesk: "
            + tr(
                "Audit trail broken at entry {id}: it was altered, or the entry before it removed.",
                id=result.first_broken,
            )
        )
    return 0 if result.intact else EXIT_BROKEN


def run_export(args: argparse.Namespace) -> int:
    import datetime as dt

    from sqlalchemy import select

    from app import audit
    from app.auth import Permission, require
    from app.models import AuditEntry, User

    start, end = parse_date(args.date_from), parse_date(args.date_to)
    if end < start:
        from app.errors import ValidationError

        raise ValidationError("The period ends before it starts.")
    since = dt.datetime.combine(start, dt.time(), dt.UTC)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC)
    with opened(args) as database:
        actor = acting_user(args, database)
        require(actor, Permission.EXPORT_AUDIT)
        with database.session() as session:
            names = dict(session.execute(select(User.id, User.username)).all())
            entries = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.at >= since, AuditEntry.at < until)
                .order_by(AuditEntry.id)
            ).all()
            with open(args.output, "w", newline="", encoding="utf-8-sig") as handle:
                writer = csv.writer(handle)
                writer.writerow(
                    [
                        "id",
                        "at_utc",
                        "user",
                        "action",
                        "entity",
                        "entity_id",
                        "changes",
                        "prev_hash",
                        "hash",
                    ]
                )
                for e in entries:
                    writer.writerow(
                        [
                            e.id,
                            e.at.isoformat(),
                            "" if e.user_id is None else names.get(e.user_id, ""),
                            e.action,
                            e.entity,
                            e.entity_id,
                            json.dumps(e.changes, ensure_ascii=False, sort_keys=True)
                            if e.changes is not None
                            else "",
                            e.prev_hash,
                            e.hash,
                        ]
                    )
            me = session.get(User, actor.id)
            audit.record(
                session,
                me,
                "audit.export",
                "audit_entry",
                "",
                {"from": start.isoformat(), "to": end.isoformat(), "entries": len(entries)},
            )
            count = len(entries)
    out(
        plural(
            count,
            "Exported {count} audit entry to {path}.",
            "Exported {count} audit entries to {path}.",
            path=str(args.output),
        )
    )
    return 0
