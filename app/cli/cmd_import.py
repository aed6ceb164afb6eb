"""`casedesk import borrowers|loans|payments|training FILE` and `casedesk import template`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import (
    acting_user,
    add_acting_options,
    add_lang_option,
    err,
    opened,
    out,
    print_json,
    refuse_existing,
)
from app.i18n import current_language, tr
from app.id_labels import every_id_label
from app.models import User
from app.money import from_minor

KINDS = ("borrowers", "loans", "payments", "training")
TEMPLATE_KINDS = ("borrowers", "loans", "schedule", "payments", "training")
# The first problems are printed; the full list goes to --errors.
SHOWN_PROBLEMS = 200


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help=tr("import borrowers, loans, payments or training from CSV or XLSX"),
        description=tr(
            "Import a spreadsheet (CSV in UTF-8 or GB18030, tab-separated text in UTF-16 as "
            "Excel's Unicode text, or XLSX) with Chinese or English headers. Every problem is "
            "listed by file, row and column; any problem imports nothing. Re-importing the same "
            "file adds nothing twice."
        ),
    )
    sub = parser.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    for kind in KINDS:
        # The borrowers' ID number as every office's country names it: no office is open yet.
        ids = " / ".join(tr(label) for label in every_id_label())
        cmd = sub.add_parser(kind, help=tr(HELP[kind], id_number=ids))
        cmd.add_argument("file", metavar="FILE", type=Path)
        if kind == "loans":
            cmd.add_argument(
                "--schedule",
                metavar="FILE",
                type=Path,
                default=None,
                help=tr("the loans' instalments, one row each (else made from the terms)"),
            )
        cmd.add_argument(
            "--dry-run", action="store_true", help=tr("check the file only; save nothing")
        )
        cmd.add_argument(
            "--errors",
            metavar="FILE.csv",
            type=Path,
            default=None,
            help=tr("write the rejected rows with their problems to this CSV file"),
        )
        cmd.add_argument(
            "--force", action="store_true", help=tr("replace the --errors file if it exists")
        )
        if kind == "borrowers":
            cmd.add_argument(
                "--shared-reason",
                metavar="REASON",
                default="",
                help=tr(
                    "record a new borrower's mobile that another borrower holds too as shared, "
                    "for this reason (the admin's, who imports; else such a row is a problem)"
                ),
            )
        if kind in ("loans", "payments"):
            cmd.add_argument(
                "--rebuild",
                action=argparse.BooleanOptionalAction,
                default=None,
                help=tr(
                    "rebuild the work queue in the same transaction "
                    "(default: after payments, not after loans)"
                ),
            )
        add_acting_options(cmd, json=True)
        cmd.set_defaults(func=run_import)
    template = sub.add_parser(
        "template",
        help=tr("write an import template: the header row and one example row"),
    )
    template.add_argument("template_kind", metavar="KIND", choices=TEMPLATE_KINDS)
    template.add_argument("file", metavar="FILE", type=Path, help=tr("a .xlsx or .csv file"))
    add_lang_option(template)  # the headers are written in the language of messages
    template.add_argument("--force", action="store_true", help=tr("replace the file if it exists"))
    template.add_argument(
        "--country",
        choices=("CN", "US", "GB"),
        default="CN",
        help=tr("whose example row: a Chinese (CN), US or UK (GB) office's (default: CN)"),
    )
    template.set_defaults(func=run_template)


HELP = {
    "borrowers": "borrower number, name, {id_number}, mobile (+ segment, address, employer)",
    "loans": "loan number, borrower number, product, principal, rate, term, disbursement date",
    "payments": "loan number, date, amount, reference (+ method); posted through the waterfall",
    "training": "agent, course, date, score (+ trainer, evidence)",
}


def run_import(args: argparse.Namespace) -> int:
    from app.cli.progress_line import ProgressLine
    from app.importer import import_file, write_errors_csv
    from app.importer.report import check_errors_target
    from app.privacy import mask_phone

    kind = args.import_kind
    options: dict[str, object] = {"dry_run": args.dry_run}
    if getattr(args, "schedule", None) is not None:
        options["schedule"] = args.schedule
    if getattr(args, "rebuild", None) is not None:
        options["rebuild"] = args.rebuild
    if getattr(args, "shared_reason", ""):
        options["shared_reason"] = args.shared_reason
    sources = [args.file] + ([args.schedule] if getattr(args, "schedule", None) else [])
    with opened(args) as database:
        actor = acting_user(args, database)
        # The rejected rows never go over the database or an imported file: refused before
        # anything is imported, so a refusal leaves nothing half done.
        office_file = database.path if database.url is None else None
        if args.errors is not None:
            args.errors = check_errors_target(
                args.errors, database=office_file, sources=sources, replace=args.force
            )
        progress = ProgressLine()
        try:
            with database.session(write_lock=not args.dry_run) as session:
                user = session.get(User, actor.id)
                assert user is not None
                report = import_file(
                    session,
                    user,
                    kind,
                    args.file,
                    progress=progress,
                    **options,  # type: ignore[arg-type]
                )
        finally:
            progress.finish()
    if args.errors is not None and report.errors:
        write_errors_csv(
            report, args.errors, database=office_file, sources=sources, replace=args.force
        )
    if args.json:
        if report.queue_waits:  # said on stderr too, as without --json
            err(report.queue)
        print_json(
            {
                "kind": report.kind,
                "files": report.files,
                "dry_run": report.dry_run,
                "imported": report.imported,
                "rows": report.rows,
                "new": report.new,
                "unchanged": report.unchanged,
                "repeated": report.repeated,
                "details": report.details,
                "overpaid": {no: str(from_minor(c)) for no, c in report.overpaid.items()},
                "rates_read_as_fractions": [
                    {"row": r, "written": w, "percent": f"{bp / 100:.2f}"}
                    for r, w, bp in report.fractions
                ],
                "rates_above_24_percent": [
                    {"row": r, "percent": f"{bp / 100:.2f}"} for r, bp in report.steep
                ],
                "shared": [
                    {
                        "row": sh.row,
                        "borrower_no": sh.borrower_no,
                        "number": mask_phone(sh.number),
                        "other_borrower_no": sh.other.borrower_no,
                        "other_row": sh.other.row or None,
                    }
                    for sh in report.shared
                ],
                "landlines": [
                    {"row": r, "borrower_no": no, "number": mask_phone(n)}
                    for r, no, n in report.landlines
                ],
                "without_phone": [{"row": r, "borrower_no": no} for r, no in report.no_phone],
                "queue": report.queue,
                "queue_waits": report.queue_waits,
                "unread": {file: names for file, names in report.unread.items() if names},
                "errors": [
                    {"file": p.file, "row": p.row, "column": p.column, "message": p.message}
                    for p in report.errors
                ],
            }
        )
        return 1 if report.errors else 0
    if report.unread_text():  # before the problems: a column renamed may be the fix
        err(report.unread_text())
    for p in report.errors[:SHOWN_PROBLEMS]:
        where = (
            tr("{file}, row {row}, {column}", file=p.file, row=p.row, column=p.column)
            if p.column
            else tr("{file}, row {row}", file=p.file, row=p.row)
            if p.row
            else p.file
        )
        err(tr("{where}: {message}", where=where, message=p.message))
    if len(report.errors) > SHOWN_PROBLEMS:
        err(tr("… and {count} more.", count=len(report.errors) - SHOWN_PROBLEMS))
    if report.errors:
        if report.shared_refused:
            err(
                tr(
                    "If the borrowers share those numbers, import again with --shared-reason "
                    "saying why."
                )
            )
        err(report.summary())
        if args.errors is not None:
            err(tr("The rejected rows are in {path}.", path=str(args.errors)))
        return 1
    out(report.summary())
    for name, count in report.details.items():
        # "{name}: {value}" gives a Chinese line its full-width colon (电话：3)
        out("  " + tr("{name}: {value}", name=tr(DETAILS.get(name, name)), value=f"{count:,}"))
    if report.overpaid_text():  # an extra zero in a statement: seen before it is imported
        out(report.overpaid_text())
    if report.phones_text():  # a phone cell with two numbers: as the window's check says
        out(report.phones_text())
    if report.shared_text():  # numbers another borrower holds too, recorded as shared
        out(report.shared_text())
    if report.rates_text():  # 0.5 read as 50%: seen before a booked loan can't be re-imported
        out(report.rates_text())
    if report.queue_waits:  # the rebuild refused as `queue --rebuild` refuses; the import stands
        err(report.queue)
    elif report.queue:
        out(report.queue)
    return 0


DETAILS = {
    "instalments": "instalments",
    "allocations": "allocations",
    "loans paid off": "loans paid off",
    "payments re-allocated": "payments allocated again in date order",
    "phones": "phones",
    "addresses": "addresses",
    "related": "related persons",
}


def run_template(args: argparse.Namespace) -> int:
    from app.importer import write_template

    lang = getattr(args, "lang", None) or current_language()
    # A template over a filled-in import file (or anything else) would lose it.
    refuse_existing(Path(args.file).expanduser(), force=args.force)
    path = write_template(args.template_kind, args.file, lang, args.country)
    out(tr("Template written to {path}.", path=str(path)))
    return 0
