"""The schedule file of a loans import: one row per instalment, grouped and checked per loan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.errors import CasedeskError, ValidationError
from app.i18n import Counted
from app.importer import cell_amounts, cells
from app.importer.job import Job
from app.importer.numbers import normal
from app.importer.sheet import Table
from app.loans.schedule import MAX_TERM_MONTHS
from app.money import fmt

# (line in the schedule file, seq, due_on, principal, interest, fee) of one instalment.
Row = tuple[int, int, dt.date, int, int, int]


def _fee(value: Any, currency: str | None = None) -> int:
    """The optional fee: an empty cell is no fee."""
    if value is None or (value.__class__ is str and not value.strip()):
        return 0
    return cell_amounts.amount(value, allow_zero=True, currency=currency)


def _seq(value: Any) -> int:
    """The instalment's number: 3, or as a schedule prints it, 第3期 or 3期."""
    if value.__class__ is str and not value.isdigit():
        found = value.strip()
        if found.startswith("第") and found.endswith("期"):
            found = found[1:-1].strip()
        elif found.endswith("期"):
            found = found[:-1].strip()
        if found.isascii() and found.isdigit():
            value = found
    return cells.whole(value, high=MAX_TERM_MONTHS)


def read_schedule(job: Job, sheet: Table) -> tuple[dict[str, list[Row]], set[str]]:
    """Schedule rows grouped by loan number, and the loans with a bad row: bad cells are
    problems, bad rows left out (so their loans' schedules are not checked as a whole: a row
    left out would read as a missing instalment).

    The report's row count stays the loans file's: the schedule's rows are its loans'
    instalments (reported as such), not more records."""
    idx = sheet.index
    i_no, i_seq, i_due, i_p, i_i = (
        idx[k] for k in ("loan_no", "seq", "due_on", "principal", "interest")
    )
    i_fee = idx.get("fee")
    text, date, amount = cells.text, cells.date, cell_amounts.amount
    currency = job.currency
    grouped: dict[str, list[Row]] = {}
    broken: set[str] = set()
    for line, row in job.steps(sheet, "schedule"):
        no = row[i_no]
        no = normal(no) if no.__class__ is str else normal(text(no))  # as the loans file's
        try:  # the common case in one go; on any problem, again cell by cell to name them all
            fee = _fee(row[i_fee], currency) if i_fee is not None else 0
            cells.key(row[i_no])  # a loan number Excel turned into a number has lost digits
            item = (
                line,
                _seq(row[i_seq]),
                date(row[i_due]),
                amount(row[i_p], allow_zero=True, currency=currency),
                amount(row[i_i], allow_zero=True, currency=currency),
                fee,
            )
            if not no:
                raise ValidationError("The loan number is missing.")
        except CasedeskError:
            _schedule_problems(job, sheet, line, row)
            broken.add(no)
            continue
        grouped.setdefault(no, []).append(item)
    return grouped, broken


def _schedule_problems(job: Job, sheet: Table, line: int, row: list[Any]) -> None:
    idx = sheet.index
    checks: list[tuple[str, Any]] = [
        ("seq", _seq),
        ("due_on", cells.date),
        ("principal", lambda v: cell_amounts.amount(v, allow_zero=True, currency=job.currency)),
        ("interest", lambda v: cell_amounts.amount(v, allow_zero=True, currency=job.currency)),
        ("fee", lambda v: _fee(v, job.currency)),
    ]
    try:
        if not cells.key(row[idx["loan_no"]]):
            raise ValidationError("The loan number is missing.")
    except CasedeskError as exc:
        job.problem(sheet, line, "loan_no", exc)
    for key, parse in checks:
        if key in idx:
            try:
                parse(row[idx[key]])
            except CasedeskError as exc:
                job.problem(sheet, line, key, exc)
    job.reject(sheet, line, row)


def given_schedule(
    job: Job,
    sheet: Table,
    line: int,
    row: list[Any],
    no: str,
    principal: int,
    term: int | None,
    disbursed: dt.date,
    items: list[Row] | None,
) -> list[tuple[int, dt.date, int, int, int]] | None:
    """The loan's instalments from the schedule file, checked; None (with problems) if wrong."""

    def bad(key: str, error: ValidationError) -> None:
        job.problem(sheet, line, key, error)
        job.reject(sheet, line, row)

    if not items:
        # A lender whose export has schedules for some loans only is told the way out: the
        # loans without one are imported apart, their instalments made from their terms.
        bad(
            "loan_no",
            ValidationError(
                "Loan {number} has no rows in the schedule file: add its instalments there, or "
                "import it from a file of its own without a schedule file (its instalments are "
                "then made from its rate, term and dates).",
                number=no,
            ),
        )
        return None
    items.sort(key=lambda r: r[1])
    seqs = [r[1] for r in items]
    if seqs != list(range(1, len(items) + 1)):
        bad(
            "loan_no",
            ValidationError(
                "Loan {number}'s instalments are not numbered 1 to {count} without gaps or "
                "repeats.",
                number=no,
                count=len(items),
            ),
        )
        return None
    if term is not None and term != len(items):
        bad(
            "term_months",
            ValidationError(
                "The term is {term} but the schedule has {instalments}.",
                term=Counted(term, "{count} month", "{count} months"),
                instalments=Counted(len(items), "{count} instalment", "{count} instalments"),
            ),
        )
        return None
    total = sum(r[3] for r in items)
    if total != principal:
        bad(
            "principal",
            ValidationError(
                "Loan {number}'s instalments add up to {total} of principal, not the loan's "
                "{principal}.",
                number=no,
                total=fmt(total),
                principal=fmt(principal),
            ),
        )
        return None
    previous = disbursed
    for item in items:
        if item[2] <= previous:
            bad(
                "loan_no",
                ValidationError(
                    "Instalment {seq} of loan {number} falls due on {date}, not after {previous}.",
                    seq=item[1],
                    number=no,
                    date=item[2],
                    previous=previous,
                ),
            )
            return None
        previous = item[2]
    return [(r[1], r[2], r[3], r[4], r[5]) for r in items]


# (seq, due_on, principal, interest, fee) of an instalment booked in Casedesk.
Booked = tuple[int, dt.date, int, int, int]
_PARTS = ("due_on", "principal", "interest", "fee")


def changed_schedules(
    job: Job,
    sheet: Table,
    given: dict[str, list[Row]],
    booked: dict[str, list[Booked]],
    broken: set[str],
) -> None:
    """A problem for each schedule row of a loan already in Casedesk that differs from its
    booked instalments: a booked loan's schedule is never rewritten by an import."""
    lines: dict[int, list[Any]] = {}

    def bad(line: int, key: str, error: ValidationError) -> None:
        job.problem(sheet, line, key, error)
        if not lines:
            lines.update(sheet.rows)
        job.reject(sheet, line, lines.get(line, []))

    has_fee = "fee" in sheet.index  # a file without the optional fee column says nothing of fees
    for no, items in given.items():
        stored = booked.get(no)
        if stored is None or no in broken:
            continue
        first = min(r[0] for r in items)
        seqs = sorted(r[1] for r in items)
        if seqs != list(range(1, len(items) + 1)):
            bad(
                first,
                "loan_no",
                ValidationError(
                    "Loan {number}'s instalments are not numbered 1 to {count} without gaps or "
                    "repeats.",
                    number=no,
                    count=len(items),
                ),
            )
            continue
        if len(items) != len(stored):
            bad(
                first,
                "loan_no",
                ValidationError(
                    "Loan {number} is already in Casedesk with {stored}, not {given}; a booked "
                    "loan's schedule is never rewritten by an import.",
                    number=no,
                    stored=Counted(len(stored), "{count} instalment", "{count} instalments"),
                    given=Counted(len(items), "{count} instalment", "{count} instalments"),
                ),
            )
            continue
        by_seq = {b[0]: b[1:] for b in stored}
        for line, seq, *now in sorted(items):
            was = by_seq[seq]
            if not has_fee:
                now[3] = was[3]
            if tuple(now) == was:  # a re-imported book: nearly always
                continue
            changed = [
                sheet.header_of(k) for k, a, b in zip(_PARTS, was, now, strict=True) if a != b
            ]
            bad(
                line,
                "seq",
                ValidationError(
                    "Instalment {seq} of loan {number} is already in Casedesk with a different "
                    "{columns}; a booked loan's schedule is never rewritten by an import.",
                    seq=seq,
                    number=no,
                    columns=", ".join(changed),
                ),
            )
