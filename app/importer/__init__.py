"""Validated spreadsheet import of borrowers, loans (with schedules), payments and training.

Every function checks the whole file first and lists every problem by file, row and column; if
there is any, or on a dry run, nothing is written. Otherwise the rows are written with Core bulk
inserts in the caller's transaction (open it with ``database.session(write_lock=True)``), with
one audit entry: a failure or a cancel anywhere rolls the whole import back.

The work queue: a payments import rebuilds the queue in the same transaction (as posting one
payment does), so cases open, move and close at once; a loans import does not by default —
freshly booked loans without their payments would all look overdue — so import the payments
next (or pass ``rebuild=True`` when the book has no payments yet). Without a rebuild the report
says when the queue will catch up (Rebuild queue in the window, `casedesk queue --rebuild`).
While this computer's clock is behind, the rebuild is not run as of an earlier day than the queue
was built for (`queue --rebuild`'s rule): the import stands, and the report says why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from pathlib import Path

from sqlalchemy.orm import Session

from app import audit, settings
from app.auth import Permission, require
from app.errors import CasedeskError, ValidationError
from app.i18n import plural, tr
from app.importer import borrowers as _borrowers
from app.importer import cells, phone_cell
from app.importer import loans as _loans
from app.importer import payments as _payments
from app.importer.columns import KINDS, columns, header_unit, own_export_names, write_template
from app.importer.formulas import unsaved_formula
from app.importer.job import Cancel, ImportCancelled, Job, Progress
from app.importer.overpaid import overpaid
from app.importer.report import SAMPLE_ROWS, ImportReport, Problem, write_errors_csv
from app.importer.shared_mobiles import check_reason
from app.importer.sheet import Table, read_table
from app.masking import is_us_uk_id
from app.models import User
from app.office import office_today
from app.privacy import mask_id

__all__ = [
    "IMPORT_KINDS",
    "KINDS",
    "ImportCancelled",
    "ImportReport",
    "Problem",
    "import_borrowers",
    "import_file",
    "import_loans",
    "import_payments",
    "import_training",
    "write_errors_csv",
    "write_template",
]

IMPORT_KINDS = ("borrowers", "loans", "payments", "training")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # as the sheet shows it: 300.3, not 300.29999999999995
        if value.is_integer():
            return str(int(value)) if abs(value) < 1e15 else f"{value:.6G}"
        return cells.excel_number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return str(value)


def _mask_id(text: str) -> str:
    """Mask what could be an ID number — a resident ID, or a US SSN / UK NI number however it is
    written (123-45-6789, AB 12 34 56 C); leave Excel's '1.10105E+17' readable."""
    compact = re.sub(r"[\s.-]", "", text).upper()
    if is_us_uk_id(compact):
        return mask_id(compact)
    return mask_id(text) if len(text) >= 15 and text.isalnum() else text


_MASKS = {"id_number": _mask_id, "mobile": phone_cell.masked}


def _read(report: ImportReport, kind: str, path: Path) -> Table | None:
    """The file as a table, or None with the reason in the report (never an exception)."""
    try:
        table = read_table(path, columns(kind), header_unit(kind), own_export_names(kind))
    except CasedeskError as exc:
        report.problem(path.name, 0, "", exc)
        return None
    except Exception as exc:  # a damaged file may trip any parser: say so, never crash
        report.problem(path.name, 0, "", tr("The file cannot be read: {error}", error=str(exc)))
        return None
    report.headers[table.file] = table.headers
    report.unread[table.file] = table.unread
    # The preview masks ID numbers and mobiles as every other list in Casedesk does.
    masked = {table.index[k]: fn for k, fn in _MASKS.items() if k in table.index}
    # A formula never calculated shows as one, not as an empty cell (it is not empty in Excel).
    formula = tr("(formula, not calculated)")

    def shown(line: int, at: int, cell: object) -> str:
        if (line, at) in table.unsaved:
            return formula
        return masked[at](_cell_text(cell)) if at in masked else _cell_text(cell)

    report.sample[table.file] = [
        [shown(line, i, c) for i, c in enumerate(cells)] for line, cells in table.rows[:SAMPLE_ROWS]
    ]
    if not table.rows:
        report.problem(path.name, 0, "", tr("The file has a header but no rows."))
    if table.unsaved:  # told in place of "missing": the cell is not empty in Excel
        lines = dict(table.rows)
        for line, at in sorted(table.unsaved):
            report.problem(path.name, line, table.headers[at], unsaved_formula())
            report.reject(path.name, line, lines.get(line, []))
    return table


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def import_file(
    session: Session,
    actor: User,
    kind: str,
    path: Path,
    *,
    schedule: Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    today: dt.date | None = None,
    rebuild: bool | None = None,
    shared_reason: str = "",
) -> ImportReport:
    """Import one file of `kind` (borrowers, loans, payments, training); see the module doc.
    With `shared_reason` (the admin's: only an admin imports), a new borrower's mobile that someone
    else holds too is recorded as shared, audited, rather than refused
    (app/importer/shared_mobiles.py)."""
    require(actor, Permission.IMPORT_DATA)
    shared_reason = check_reason(actor, shared_reason)
    if kind not in IMPORT_KINDS:
        raise ValidationError(
            "Unknown import kind {kind}; choose one of: {choices}.",
            kind=kind,
            choices=list(IMPORT_KINDS),
        )
    if kind == "training":
        return import_training(session, actor, path, dry_run=dry_run, today=today)
    started = time.perf_counter()
    path = Path(path)
    files = [path.name] + ([Path(schedule).name] if schedule is not None else [])
    report = ImportReport(kind, files, dry_run)
    # The office's today: a payment dated today at the office is not "in the future".
    job = Job(session, actor, report, today or office_today(session), progress, cancel)
    job.shared_reason = shared_reason
    job.tick("read", 0, 1)
    sheet = _read(report, kind, path)
    schedule_sheet = None
    if schedule is not None:
        if kind != "loans":
            report.problem(path.name, 0, "", tr("Only a loans import takes a schedule file."))
        schedule_sheet = _read(report, "schedule", Path(schedule))
        if schedule_sheet is None:
            return report
    if sheet is None or report.errors:
        return report
    if kind == "borrowers":
        plan: object = _borrowers.check(job, sheet)
    elif kind == "loans":
        plan = _loans.check(job, sheet, schedule_sheet)
        report.details["instalments"] = sum(len(s) for s in plan.schedules)
    else:
        payments = _payments.check(job, sheet)
        report.overpaid = overpaid(session, payments)  # named by the check and the summary
        plan = payments
    if report.errors or dry_run:
        report.seconds = time.perf_counter() - started
        return report
    if kind == "borrowers":
        _borrowers.write(job, plan)  # type: ignore[arg-type]
    elif kind == "loans":
        _loans.write(job, plan)  # type: ignore[arg-type]
    else:
        _payments.write(job, sheet, plan)  # type: ignore[arg-type]
    job.tick("audit", 1, 1)
    audit.record(
        session,
        actor,
        f"import.{kind}",
        "import",
        path.name,
        {
            "files": files,
            "sha256": _digest(path),
            "rows": report.rows,
            "new": report.new,
            "unchanged": report.unchanged,
            **report.details,
            **({"shared": len(report.shared)} if report.shared else {}),
        },
    )
    if rebuild if rebuild is not None else kind == "payments":
        _rebuild_unless_going_back(job)
    elif kind == "loans" and report.new:  # nothing new: the queue has nothing to learn
        report.queue = tr(
            "The work queue was not rebuilt: import the payments next (a payments import "
            "rebuilds it), or use Rebuild queue on the work queue page."
        )
    elif kind == "payments" and report.new:
        # The window's first start of a day rebuilds a queue computed on an earlier day
        # (app/cases/daily.py), as `casedesk queue --rebuild` does.
        report.queue = tr(
            "The work queue was not rebuilt: cases open and close for these payments at its "
            "next rebuild (Rebuild queue on the work queue page, a payments import that "
            "rebuilds it, or the window's first start of the next day)."
        )
    report.imported = True
    job.tick("done", 1, 1)
    report.seconds = time.perf_counter() - started
    return report


def _rebuild_unless_going_back(job: Job) -> None:
    """The rebuild after the import, but not as of an earlier day than the queue was built for
    while this computer's clock is behind (`queue --rebuild`'s rule, app/clock_behind.py): it
    would close and judge cases by a day already past. The import stands; the report says why
    the queue was not rebuilt (`queue_waits`)."""
    from app.clock_behind import going_back, rebuild_goes_back

    built = rebuild_goes_back(job.session)
    if built is None:
        _rebuild(job)
        return
    job.report.queue = going_back(settings.as_of(job.session), built).translated()
    job.report.queue_waits = True


def _rebuild(job: Job) -> None:
    from app.cases.rebuild import rebuild_queue

    job.tick("queue", 0, 1)
    as_of = settings.as_of(job.session)
    # A payoff in the file cancels its loan's unsigned agreements: by the importer.
    summary = rebuild_queue(job.session, None, as_of, closed_by=job.actor)
    job.report.queue = plural(
        summary.open_cases,
        "Queue rebuilt as of {date}: {opened} opened, {closed} closed, {open} open case.",
        "Queue rebuilt as of {date}: {opened} opened, {closed} closed, {open} open cases.",
        date=as_of.isoformat(),
        opened=f"{summary.opened:,}",
        closed=f"{summary.closed:,}",
        open=f"{summary.open_cases:,}",
    )
    with_loan = [n for n in summary.cancelled if n not in summary.cured]
    if with_loan:
        job.report.queue += " " + plural(
            len(with_loan),
            "{count} agreement not yet signed was cancelled with its loan: {numbers}.",
            "{count} agreements not yet signed were cancelled with their loans: {numbers}.",
            numbers=with_loan,
        )
    if summary.cured:  # a payment brought the loan up to date: its case closed as cured
        job.report.queue += " " + plural(
            len(summary.cured),
            "{count} agreement not yet signed was cancelled as its case closed as cured: "
            "{numbers}.",
            "{count} agreements not yet signed were cancelled as their cases closed as cured: "
            "{numbers}.",
            numbers=list(summary.cured),
        )


def import_borrowers(session: Session, actor: User, path: Path, **options: object) -> ImportReport:
    """Borrowers (borrower number, name, ID number, mobile, optional segment/address/employer)."""
    return import_file(session, actor, "borrowers", path, **options)  # type: ignore[arg-type]


def import_loans(session: Session, actor: User, path: Path, **options: object) -> ImportReport:
    """Loans from their terms, or with `schedule=` a file of their instalments."""
    return import_file(session, actor, "loans", path, **options)  # type: ignore[arg-type]


def import_payments(session: Session, actor: User, path: Path, **options: object) -> ImportReport:
    """Payments through the waterfall; the queue is rebuilt in the same transaction."""
    return import_file(session, actor, "payments", path, **options)  # type: ignore[arg-type]


def import_training(
    session: Session,
    actor: User,
    path: Path,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
    **_ignored: object,
) -> ImportReport:
    """Training records through the training module's own all-or-nothing importer."""
    from app.training.importer import import_training as training_import

    require(actor, Permission.IMPORT_DATA)
    started = time.perf_counter()
    path = Path(path)
    report = ImportReport("training", [path.name], dry_run)
    table = _read(report, "training", path)
    if table is None or report.errors:
        return report
    try:
        result = training_import(session, actor, path, dry_run=dry_run, today=today)
    except CasedeskError as exc:
        report.problem(path.name, 0, "", exc)
        return report
    lines = {line: cells for line, cells in table.rows}
    for e in result.errors:
        report.problem(path.name, e.line, table.header_of(e.column), e.message)
        report.reject(path.name, e.line, lines.get(e.line, []))
    report.rows = len(table.rows) - result.not_taken  # an exported course never taken
    report.new, report.unchanged = len(result.rows), result.skipped
    report.repeated = result.repeated
    if result.ok and not dry_run:
        audit.record(
            session,
            actor,
            "import.training",
            "import",
            path.name,
            {
                "files": [path.name],
                "sha256": _digest(path),
                "rows": report.rows,
                "new": report.new,
                "skipped": report.unchanged,
                "repeated": report.repeated,
            },
        )
        report.imported = True
    report.seconds = time.perf_counter() - started
    return report
