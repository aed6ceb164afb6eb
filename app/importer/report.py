"""What an import found and did: counts, every problem by file/row/column, rejected rows as CSV."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import CasedeskError, ValidationError
from app.i18n import Counted, clauses, listed, plural, sentences, tr

SAMPLE_ROWS = 20
REPEATED = (
    "{count} row repeating an earlier row of the file was skipped",
    "{count} rows repeating earlier rows of the file were skipped",
)
OVERPAID_NAMED = 10  # loans named by overpaid_text; the rest counted
# What an import added and skipped, by kind: (one, many) forms of each count (app.i18n.Counted).
ADDED = {
    "borrowers": ("{count} new borrower", "{count} new borrowers"),
    "loans": ("{count} new loan", "{count} new loans"),
    "payments": ("{count} new payment", "{count} new payments"),
    "training": ("{count} new training record", "{count} new training records"),
}
SKIPPED = {
    "borrowers": (
        "{count} borrower already in Casedesk was skipped",
        "{count} borrowers already in Casedesk were skipped",
    ),
    "loans": (
        "{count} loan already in Casedesk was skipped",
        "{count} loans already in Casedesk were skipped",
    ),
    "payments": (
        "{count} payment already posted was skipped",
        "{count} payments already posted were skipped",
    ),
    "training": (
        "{count} training record already in Casedesk was skipped",
        "{count} training records already in Casedesk were skipped",
    ),
}


def problems_on_rows(problems: int, rows: int) -> str:
    """What is wrong with an import's rows, counted, and what to do: the loan book's import and
    the training records' say it in the same words."""
    return tr(
        "{problems} on {rows}. Fix the file and choose it again: nothing is imported while any "
        "row has a problem.",
        problems=Counted(problems, "{count} problem", "{count} problems"),
        rows=Counted(rows, "{count} row", "{count} rows"),
    )


@dataclass(frozen=True)
class Problem:
    file: str
    row: int  # line in the file as a spreadsheet numbers it; 0 for the file as a whole
    column: str  # the header as written in the file; '' for the whole row or file
    message: str  # already translated


@dataclass
class ImportReport:
    kind: str
    files: list[str]
    dry_run: bool
    rows: int = 0  # data rows read (all files)
    new: int = 0  # records added (or, in a dry run, that would be)
    unchanged: int = 0  # already in Casedesk with the same data: skipped
    details: dict[str, int] = field(default_factory=dict)  # e.g. instalments, allocations
    errors: list[Problem] = field(default_factory=list)
    imported: bool = False
    headers: dict[str, list[str]] = field(default_factory=dict)
    sample: dict[str, list[list[str]]] = field(default_factory=dict)
    rejected: dict[str, dict[int, list[Any]]] = field(default_factory=dict)  # file → row → cells
    queue: str = ""  # what happened to the work queue
    queue_waits: bool = False  # its rebuild refused: the clock behind (app/clock_behind.py)
    # file → its named columns that nothing was read from ("I: 是否同意上门"), as sheet.Table
    unread: dict[str, list[str]] = field(default_factory=dict)
    # loan number → what the payments to it leave as credit, paying more than it owes in all
    overpaid: dict[str, int] = field(default_factory=dict)
    # loans: (row, rate as written, basis points) of each rate read as a fraction (0.5 as 50%),
    # and (row, basis points) of each above 24% a year (app/importer/rates.py)
    fractions: list[tuple[int, str, int]] = field(default_factory=list)
    steep: list[tuple[int, int]] = field(default_factory=list)
    # training: valid rows that repeat an earlier row of the file, skipped (not "already
    # imported": the two training commands and the window count them apart, found by QA)
    repeated: int = 0
    # borrowers: the new borrowers' numbers someone else holds too, recorded as shared
    # (app/importer/shared_mobiles.Shared)
    shared: list[Any] = field(default_factory=list)
    shared_refused: int = 0  # such numbers refused, without a reason
    # borrowers (US, UK): (row, borrower number, number) of each landline filed as a home number,
    # and (row, borrower number) of each new borrower without a number (app/importer/landlines.py)
    landlines: list[tuple[int, str, str]] = field(default_factory=list)
    no_phone: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_problems(self) -> list[Problem]:
        """Problems with a file as a whole: unreadable, empty, a column missing or repeated."""
        return [p for p in self.errors if p.row == 0]

    def problems_text(self) -> str:
        """What is wrong, counted: problems with a file as a whole apart from rows' problems."""
        on_file = len(self.file_problems)
        rows = len({(p.file, p.row) for p in self.errors if p.row})
        problems = Counted(len(self.errors) - on_file, "{count} problem", "{count} problems")
        on_rows = Counted(rows, "{count} row", "{count} rows")
        if not on_file:
            return problems_on_rows(len(self.errors) - on_file, rows)
        whole = Counted(
            on_file, "{count} problem with the file itself", "{count} problems with the file itself"
        )
        if not rows:
            return tr(
                "{problems}. Fix the file and choose it again: nothing was imported.",
                problems=whole,
            )
        return tr(
            "{file_problems} and {problems} on {rows}. Fix the file and choose it again: "
            "nothing was imported.",
            file_problems=whole,
            problems=problems,
            rows=on_rows,
        )

    def unread_text(self) -> str:
        """The columns of the files that were not read, or '': a column Casedesk does not know by
        that name is left out, and what it holds (a consent, a first due date) is not imported."""
        found = [(file, names) for file, names in self.unread.items() if names]
        if not found:
            return ""
        columns = clauses(
            [
                tr("{name}: {value}", name=file, value=listed(names))
                if len(self.files) > 1
                else listed(names)
                for file, names in found
            ]
        )
        # What a later import does with a row imported without the column, in the kind's words:
        # borrowers and loans are never rewritten; payments and training records are skipped.
        if self.kind in ("borrowers", "loans"):
            return tr(
                "Not read — Casedesk has no column by that name: {columns}. If one of them holds "
                "what a template column holds, rename it as the template does and check the file "
                "again: a borrower or loan once imported is never rewritten by a later import.",
                columns=columns,
            )
        if self.kind == "payments":
            return tr(
                "Not read — Casedesk has no column by that name: {columns}. If one of them holds "
                "what a template column holds, rename it as the template does and check the file "
                "again: a payment once imported is skipped by a later import.",
                columns=columns,
            )
        return tr(
            "Not read — Casedesk has no column by that name: {columns}. If one of them holds "
            "what a template column holds, rename it as the template does and check the file "
            "again: a training record once imported is skipped by a later import.",
            columns=columns,
        )

    def phones_text(self) -> str:
        """How many phone numbers the new borrowers bring, when more than one each: a phone
        cell may hold two numbers or more (app/importer/phone_cell.py), and the check says so;
        and which are landlines or missing (a US or UK office's), or ''."""
        from app.importer.landlines import landlines_text
        from app.importer.related import related_text

        if self.kind != "borrowers" or self.errors:
            return ""
        phones = self.details.get("phones", 0)
        more = phones > self.new - len(self.no_phone)
        return sentences(
            [
                tr(
                    "The new borrowers bring {count} phone numbers: a cell with more than one "
                    "number gives the borrower each, the first as the primary one.",
                    count=f"{phones:,}",
                )
                if more
                else "",
                landlines_text(self.landlines, self.no_phone, imported=self.imported),
                related_text(self.details.get("related", 0), self.imported),
            ]
        )

    def overpaid_text(self) -> str:
        """The loans paid more than they owe, with what is kept as credit on each, or '': the
        import asks nothing, and an extra zero typed in a statement would post unseen (QA)."""
        if not self.overpaid or self.errors:
            return ""
        from app.money import fmt

        named = [
            tr("{loan_no} ({amount})", loan_no=no, amount=fmt(credit))
            for no, credit in list(self.overpaid.items())[:OVERPAID_NAMED]
        ]
        more = len(self.overpaid) - len(named)
        if more:
            named.append(plural(more, "{count} more loan", "{count} more loans"))
        loans = listed(named)
        if self.imported:
            return tr("Paid more than the loan owes, kept as credit on it: {loans}.", loans=loans)
        return tr(
            "Paid more than the loan owes, to be kept as credit on it: {loans}. Check these "
            "amounts before importing: a posted payment cannot be taken back.",
            loans=loans,
        )

    def shared_text(self) -> str:
        """The numbers recorded (or to be recorded) as shared, row by row, or ''."""
        from app.importer.shared_mobiles import listed_text

        return "" if self.errors else listed_text(self.shared, imported=self.imported)

    def rates_text(self) -> str:
        """The rates read as fractions and those above 24% a year, by row, or '': a clerk who
        wrote 0.5 for 0.5% sees it read as 50.00% before Import (QA)."""
        if self.errors:
            return ""
        said = []
        if self.fractions:
            said.append(
                tr(
                    "Rates below 1 without a % sign were read as fractions, as Excel stores a "
                    "percent: {rates}. If one means a per cent, write it with the sign (0.5%).",
                    rates=_by_row(
                        [
                            tr(
                                "row {row}: {value} read as {rate}",
                                row=r,
                                value=v,
                                rate=rate_text(bp),
                            )
                            for r, v, bp in self.fractions
                        ]
                    ),
                )
            )
        if self.steep:
            said.append(
                tr(
                    "Rates above 24% a year, which Chinese courts may not uphold: {rates}.",
                    rates=_by_row(
                        [tr("row {row}: {rate}", row=r, rate=rate_text(bp)) for r, bp in self.steep]
                    ),
                )
            )
        return sentences(said)

    def problem(self, file: str, row: int, column: str, error: CasedeskError | str) -> None:
        message = error.translated() if isinstance(error, CasedeskError) else error
        self.errors.append(Problem(file, row, column, message))

    def reject(self, file: str, row: int, cells: list[Any]) -> None:
        self.rejected.setdefault(file, {}).setdefault(row, cells)

    def summary(self) -> str:
        if self.errors:
            return plural(
                len(self.errors),
                "{count} problem in {file}; nothing was imported.",
                "{count} problems in {file}; nothing was imported.",
                file=", ".join(self.files),
            )
        if self.dry_run:
            checked = plural(
                self.rows,
                "{rows} row checked: {new} new, {unchanged} already imported; "
                "nothing was saved (dry run).",
                "{rows} rows checked: {new} new, {unchanged} already imported; "
                "nothing was saved (dry run).",
                rows=f"{self.rows:,}",
                new=f"{self.new:,}",
                unchanged=f"{self.unchanged:,}",
            )
            return sentences([checked, self.repeated_text()])
        if self.repeated:
            return tr(
                "Imported {new}; {skipped}; {repeated}.",
                new=Counted(self.new, *ADDED[self.kind]),
                skipped=Counted(self.unchanged, *SKIPPED[self.kind]),
                repeated=Counted(self.repeated, *REPEATED),
            )
        return tr(
            "Imported {new}; {skipped}.",
            new=Counted(self.new, *ADDED[self.kind]),
            skipped=Counted(self.unchanged, *SKIPPED[self.kind]),
        )

    def repeated_text(self) -> str:
        """The rows repeating an earlier row of the file, which a check skips, or ''."""
        if not self.repeated:
            return ""
        return plural(
            self.repeated,
            "{count} row repeats an earlier row of the file and will be skipped.",
            "{count} rows repeat earlier rows of the file and will be skipped.",
        )


def rate_text(bp: int) -> str:
    """A rate in basis points as the check shows it: 50.00%."""
    return f"{bp / 100:.2f}%"


def _by_row(named: list[str]) -> str:
    """The first OVERPAID_NAMED of `named`, the rest counted."""
    shown = named[:OVERPAID_NAMED]
    if len(named) > len(shown):
        shown.append(plural(len(named) - len(shown), "{count} more row", "{count} more rows"))
    return clauses(shown)


def _text(value: Any) -> str:
    """A cell as CSV text; text a spreadsheet would run as a formula is kept text (app.export);
    an Excel date (a datetime at midnight) as the date alone, 2025-02-10, not "2025-02-10
    00:00:00" (found by QA)."""
    from app.export_safety import csv_text

    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value)


def check_errors_target(
    path: Path,
    *,
    database: Path | str | None = None,
    sources: Sequence[Path] = (),
    replace: bool = True,
) -> Path:
    """Where the rejected rows may go (absolute): a .csv file that is neither the open database
    (nor a file beside it) nor one of the files being imported, nor (unless `replace`: --force,
    or the save dialog's question) a file already there; else why not."""
    from app.export_safety import refuse_overwriting
    from app.paths import refuse_special

    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise ValidationError("{path} is a folder, not a file.", path=str(path))
    refuse_special(path)
    refuse_overwriting(path, database, sources)
    if path.suffix.lower() != ".csv":
        raise ValidationError(
            "The rejected rows are written as CSV: name the file .csv, not {name}.",
            name=path.name,
        )
    if not path.parent.is_dir():
        raise ValidationError("No folder {path}.", path=str(path.parent))
    if not replace and path.exists():  # last week's rejected rows, an export, a statement
        raise ValidationError(
            "A file is already at {path}; add --force to replace it.", path=str(path)
        )
    return path


def write_errors_csv(
    report: ImportReport,
    path: Path,
    *,
    database: Path | str | None = None,
    sources: Sequence[Path] = (),
    replace: bool = True,
) -> Path:
    """One line per rejected row: file, row, its problems, then the row's cells as they were.

    Each file's rows come under a header line of their own (File, Row, Problems and that file's
    columns), a blank line between files: a loans file's rows and its schedule's never share
    headers. `database` and `sources` (the imported files) are never written over, nor a file
    already at `path` unless `replace`.
    """
    path = check_errors_target(path, database=database, sources=sources, replace=replace)
    by_file: dict[str, dict[int, list[Problem]]] = {}
    for p in report.errors:
        by_file.setdefault(p.file, {}).setdefault(p.row, []).append(p)
    order = [f for f in report.files if f in by_file] + [
        f for f in by_file if f not in report.files
    ]
    order = order or report.files[:1]  # no problem: the header line alone
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for number, file in enumerate(order):
            headers = report.headers.get(file, [])
            if number:
                writer.writerow([])
            writer.writerow([tr("File"), tr("Row"), tr("Problems"), *map(_text, headers)])
            for row, problems in sorted(by_file.get(file, {}).items()):
                text = clauses(
                    [
                        tr("{name}: {value}", name=p.column, value=p.message)
                        if p.column
                        else p.message
                        for p in problems
                    ]
                )
                cells = report.rejected.get(file, {}).get(row, [])
                shown = cells[: len(headers)] if headers else cells
                writer.writerow([_text(file), row or "", _text(text), *map(_text, shown)])
    return path
