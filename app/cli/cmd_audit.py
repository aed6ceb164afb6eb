"""`casedesk audit verify|export|list`: prove the audit trail is intact; export a period (CSV,
XLSX); list a case's or a borrower's entries (app/cli/cmd_audit_list.py)."""

from __future__ import annotations

import argparse

from app.cli.common import acting_user, add_acting_options, err, opened, out, print_json
from app.cli.output import add_output_options, check_output
from app.i18n import plural, tr
from app.tabular import parse_date

EXIT_BROKEN = 4


def register(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser(
        "audit",
        help=tr("the audit trail: verify, export, list"),
        description=tr("The tamper-evident audit trail of every change."),
    )
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser(
        "verify",
        help=tr("check that no audit entry was altered or removed"),
        description=tr(
            "Recompute the whole chain and check that it still reaches the head recorded on this "
            "workstation and in the newest backup; exit code 4 names the first broken entry or "
            "the entries missing from the end."
        ),
    )
    add_acting_options(verify, json=True)
    verify.set_defaults(func=run_verify)
    export = sub.add_parser(
        "export",
        help=tr("export audit entries to CSV or Excel (admin)"),
        description=tr(
            "Export the audit entries of a period (the office's days, both included, as the "
            "Audit page counts them) to CSV (UTF-8 for Excel) or XLSX, every column as stored, "
            "then the action, the record and the changes in words. The export is itself "
            "audited."
        ),
    )
    export.add_argument("--from", dest="date_from", metavar="DATE", required=True)
    export.add_argument("--to", dest="date_to", metavar="DATE", required=True)
    add_output_options(export, pdf=False)
    export.add_argument(
        "--format",
        dest="fmt",
        choices=("csv", "xlsx"),
        default=None,
        help=tr("csv or xlsx; must agree with the file name's ending (.csv, .xlsx)"),
    )
    add_acting_options(export)
    export.set_defaults(func=run_export)
    from app.cli.cmd_audit_list import register as register_list

    register_list(sub)


def run_verify(args: argparse.Namespace) -> int:
    from app.audit_anchor import verify_trail
    from app.auth import Permission, require

    with opened(args) as database:
        actor = acting_user(args, database)
        require(actor, Permission.VIEW_AUDIT)
        target = database.url if database.url is not None else database.path
        with database.session() as session:
            result = verify_trail(session, target)
    if args.json:
        anchor = result.missing or result.reaches
        print_json(
            {
                "intact": result.chain.intact,
                "checked": result.chain.checked,
                "first_broken": result.chain.first_broken,
                "reason": result.chain.reason,
                "complete": result.ok,
                "anchor": None
                if anchor is None
                else {
                    "entry_id": anchor.entry_id,
                    "recorded_at": anchor.recorded_at,
                    "where": anchor.where,
                    "place": anchor.place,
                },
                "missing_after": result.last_id if result.missing is not None else None,
            }
        )
    elif result.ok:
        out("\n".join(result.lines()))
    else:
        err("casedesk: " + result.words())
    return 0 if result.ok else EXIT_BROKEN


def run_export(args: argparse.Namespace) -> int:
    from app.export import export_audit_trail

    start, end = parse_date(args.date_from), parse_date(args.date_to)
    check_output(args)  # a file already there is kept unless --force
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:  # as `export`: audited after reads
            result = export_audit_trail(session, actor, start, end, args.output, fmt=args.fmt)
    out(
        plural(
            result.rows,
            "Exported {count} audit entry to {path}.",
            "Exported {count} audit entries to {path}.",
            path=str(result.path),
        )
    )
    return 0
