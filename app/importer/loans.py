"""Loans with their schedules: from a schedule file (one row per instalment) or from the terms.

Matched by loan number: a loan already in Casedesk with the same borrower, product, principal,
term, rate, dates, repayment type and consents is skipped (with its schedule rows, which must be
its booked instalments); one whose terms, clauses or schedule differ is a problem — a booked
loan's contract is never rewritten by an import. An optional column the file does not have, or
an empty first due date, term or repayment type, is not compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.erased import erased_loan, erased_numbers
from app.errors import CasedeskError, ValidationError
from app.i18n import clauses, tr
from app.importer import cell_amounts, cells
from app.importer.born import before_birth, birth_dates
from app.importer.job import Job
from app.importer.numbers import OnFile, normal
from app.importer.rates import check_rate, note_rate
from app.importer.schedule import Booked, changed_schedules, given_schedule, read_schedule
from app.importer.sheet import Table
from app.loans.schedule import MAX_TERM_MONTHS, add_months, build_schedule
from app.models import Borrower, Instalment, Loan, LoanProduct, LoanStatus, ScheduleType
from app.models.base import utcnow

SCHEDULE_TYPES = {
    ScheduleType.EQUAL_INSTALMENT: ("equal_instalment", "equal instalments", "annuity", "等额本息"),
    ScheduleType.EQUAL_PRINCIPAL: ("equal_principal", "equal principal", "等额本金"),
    ScheduleType.INTEREST_ONLY: (
        "interest_only",
        "interest only, then bullet",
        "interest only",
        "先息后本",
        "按月付息到期还本",
    ),
}
_SCHEDULE_OF = {name: kind for kind, names in SCHEDULE_TYPES.items() for name in names}
CHUNK = 500  # loan ids per IN (…) query


@dataclass
class LoanPlan:
    loans: list[dict[str, Any]] = field(default_factory=list)
    schedules: list[list[tuple[int, dt.date, int, int, int]]] = field(default_factory=list)


def _products(job: Job) -> dict[str, LoanProduct]:
    found: dict[str, LoanProduct] = {}
    for p in job.session.scalars(select(LoanProduct)):
        for name in (p.code, p.name_zh, p.name_en, p.kind.value):
            found.setdefault(name.strip().lower(), p)
    return found


def _unknown_product(written: str, products: dict[str, LoanProduct]) -> ValidationError:
    """Why a product cell is refused, naming each product by its code and both names (a
    lender's own word, 消费贷, is none of them: the clerk is shown which is which)."""
    named = clauses(
        [
            tr("{code} ({zh}, {en})", code=p.code, zh=p.name_zh, en=p.name_en)
            for p in sorted({p.code: p for p in products.values()}.values(), key=lambda p: p.code)
        ]
    )
    if not written:  # said as missing: "Unknown loan product ;" was a riddle
        return ValidationError(
            "The product is missing; write its code or name: {products}.", products=named
        )
    return ValidationError(
        "Unknown loan product {value}; write a product's code or name: {products}.",
        value=written,
        products=named,
    )


def _schedule_type(value: Any, default: ScheduleType) -> ScheduleType:
    text = cells.text(value).lower()
    if not text:
        return default
    kind = _SCHEDULE_OF.get(text)
    if kind is None:
        raise ValidationError(
            "Unknown repayment type {value}; write 等额本息, 等额本金 or 先息后本 "
            "(equal_instalment, equal_principal, interest_only).",
            value=text,
        )
    return kind


# A ledger writes the term with its unit: 12个月, 12期 (instalments, monthly), 12 months.
_TERM_UNITS = ("个月", "月", "期", "months", "month")


def _term(value: Any) -> int:
    text = cells.text(value)
    for unit in _TERM_UNITS:
        if text.lower().endswith(unit) and text[: -len(unit)].strip().isdigit():
            text = text[: -len(unit)].strip()
            break
    return cells.whole(text if text != cells.text(value) else value, high=MAX_TERM_MONTHS)


def check(job: Job, sheet: Table, schedule: Table | None) -> LoanPlan:
    session, report = job.session, job.report
    products = _products(job)
    borrower_ids = OnFile(
        (r[0], r[1]) for r in session.execute(select(Borrower.borrower_no, Borrower.id))
    )
    born, erased = birth_dates(session), erased_numbers(session)
    existing = OnFile(
        (r.loan_no, r)
        for r in session.execute(
            select(
                Loan.id,
                Loan.loan_no,
                Borrower.borrower_no,
                Loan.product_id,
                Loan.principal,
                Loan.term_months,
                Loan.annual_rate_bp,
                Loan.disbursed_on,
                Loan.first_due_on,
                Loan.schedule_type,
                Loan.home_visit_consent,
                Loan.third_party_consent,
            ).join(Borrower, Borrower.id == Loan.borrower_id)
        )
    )
    rows_by_loan, broken = read_schedule(job, schedule) if schedule is not None else (None, set())
    idx = sheet.index
    seen: dict[str, int] = {}
    plan = LoanPlan()
    now = utcnow()
    in_file: set[str] = set()
    for line, row in job.steps(sheet):
        errors_before = len(report.errors)

        def bad(key: str, error: CasedeskError | str, line: int = line) -> None:
            job.problem(sheet, line, key, error)

        def cell(key: str, row: list[Any] = row) -> Any:
            i = idx.get(key)
            return None if i is None else row[i]

        def parse(key: str, fn: Any, *args: Any, **kw: Any) -> Any:
            try:
                return fn(cell(key), *args, **kw)
            except CasedeskError as exc:
                bad(key, exc)
                return None

        written = parse("loan_no", cells.key)
        no = normal(written or "")
        found = existing.find_or_say(written, lambda e: bad("loan_no", e))
        old = found[1] if found is not None else None
        if written is None:
            pass
        elif not no:
            bad("loan_no", ValidationError("The loan number is missing."))
        elif len(no) > 30:
            bad("loan_no", ValidationError("A loan number has at most 30 characters."))
        elif no in seen:
            bad(
                "loan_no",
                ValidationError(
                    "Loan {number} is also on row {row}.", number=written, row=seen[no]
                ),
            )
        else:
            seen[no] = line
        in_file.add(no)
        errors_no = len(report.errors)
        borrower_no = parse("borrower_no", cells.key)
        borrower = borrower_ids.find_or_say(borrower_no, lambda e: bad("borrower_no", e))
        borrower_id = borrower[1] if borrower is not None else None
        if borrower is not None:
            borrower_no = borrower[0]  # as stored, to compare with a booked loan's
            if old is None and borrower_no in erased:  # nothing new is recorded about them
                bad("borrower_no", erased_loan(borrower_no, erased[borrower_no]))
        elif len(report.errors) == errors_no:
            bad(
                "borrower_no",
                ValidationError(
                    "Unknown borrower {number}: import the borrowers first.", number=borrower_no
                )
                if borrower_no
                else ValidationError("The borrower number is missing."),
            )
        product = products.get(cells.text(cell("product")).lower())
        if product is None:
            bad("product", _unknown_product(cells.text(cell("product")), products))
        principal = parse("principal", cell_amounts.amount, currency=job.currency)
        read = (
            parse("annual_rate", cell_amounts.rate_read)
            if cells.text(cell("annual_rate"))
            else None
        )
        rate = read[0] if read is not None else None
        if read is not None and old is None:  # a booked loan's rate is compared, not judged
            try:
                check_rate(job.jurisdiction, cell("annual_rate"), read[0], read[1])
            except CasedeskError as exc:
                bad("annual_rate", exc)
        if rate is None and product is not None and not cells.text(cell("annual_rate")):
            rate = product.annual_rate_bp
        term = parse("term_months", _term) if cells.text(cell("term_months")) else None
        disbursed = parse("disbursed_on", cells.date)
        if disbursed is not None and disbursed > job.today:
            bad(
                "disbursed_on",
                ValidationError("The disbursement date {date} is in the future.", date=disbursed),
            )
        elif disbursed is not None and old is None:  # a booked loan is compared, not judged
            if (young := before_birth(born, borrower_id, borrower_no, disbursed)) is not None:
                bad("disbursed_on", young)
        first_due = parse("first_due_on", cells.date) if cells.text(cell("first_due_on")) else None
        kind = parse(
            "schedule_type",
            _schedule_type,
            product.schedule_type if product else ScheduleType.EQUAL_INSTALMENT,
        )
        home = parse("home_visit_consent", cells.yes_no)
        third = parse("third_party_consent", cells.yes_no)
        if len(report.errors) > errors_before:
            job.reject(sheet, line, row)
            continue
        if old is not None:
            # Only what the row gives is compared: an empty term, first due date or repayment
            # type, or a consent column the file lacks, says nothing of the booked loan.
            given = {
                "borrower_no": (old.borrower_no, borrower_no),
                "product": (old.product_id, product.id),  # type: ignore[union-attr]
                "principal": (old.principal, principal),
                "annual_rate": (old.annual_rate_bp, rate),
                "term_months": (old.term_months, term),
                "disbursed_on": (old.disbursed_on, disbursed),
                "first_due_on": (old.first_due_on, first_due),
                "schedule_type": (
                    old.schedule_type,
                    kind if cells.text(cell("schedule_type")) else None,
                ),
                "home_visit_consent": (
                    old.home_visit_consent,
                    home if "home_visit_consent" in idx else None,
                ),
                "third_party_consent": (
                    old.third_party_consent,
                    third if "third_party_consent" in idx else None,
                ),
            }
            changed = [
                sheet.header_of(k)
                for k, (was, now_is) in given.items()
                if now_is is not None and was != now_is
            ]
            if changed:
                bad(
                    "loan_no",
                    ValidationError(
                        "Loan {number} is already in Casedesk with a different {columns}; a "
                        "booked loan is never rewritten by an import.",
                        number=old.loan_no,
                        columns=", ".join(changed),
                    ),
                )
                job.reject(sheet, line, row)
            else:
                report.unchanged += 1
            continue
        assert principal is not None and disbursed is not None and rate is not None
        if no in broken:  # its schedule rows' problems are listed; the rest cannot add up
            continue
        if rows_by_loan is not None:
            plan_rows = given_schedule(
                job, sheet, line, row, no, principal, term, disbursed, rows_by_loan.get(no)
            )
            if plan_rows is None:
                continue
        else:
            if term is None:
                bad("term_months", ValidationError("The term (number of months) is missing."))
                job.reject(sheet, line, row)
                continue
            due = first_due or add_months(disbursed, 1)
            if due <= disbursed:
                bad(
                    "first_due_on",
                    ValidationError(
                        "The first instalment must fall due after the disbursement date."
                    ),
                )
                job.reject(sheet, line, row)
                continue
            try:
                plan_rows = [
                    (p.seq, p.due_on, p.principal, p.interest, p.fee)
                    for p in build_schedule(principal, rate, term, kind, due)
                ]
            except CasedeskError as exc:
                bad("term_months", exc)
                job.reject(sheet, line, row)
                continue
        report.new += 1
        if read is not None:
            note_rate(job.jurisdiction, report, line, cell("annual_rate"), read[0], read[1])
        plan.loans.append(
            {
                "loan_no": no,
                "borrower_id": borrower_id,
                "product_id": product.id,  # type: ignore[union-attr]
                "principal": principal,
                "annual_rate_bp": rate,
                "term_months": len(plan_rows),
                "schedule_type": kind,
                "disbursed_on": disbursed,
                "first_due_on": plan_rows[0][1],
                "home_visit_consent": home,
                "third_party_consent": third,
                "status": LoanStatus.ACTIVE,
                "closed_on": None,
                "credit_balance": 0,
                "created_at": now,
            }
        )
        plan.schedules.append(plan_rows)
    report.rows += len(sheet.rows)
    if rows_by_loan is not None and schedule is not None:
        booked = _booked(job, existing.each(rows_by_loan), rows_by_loan)
        changed_schedules(job, schedule, rows_by_loan, booked, broken)
        for no, items in rows_by_loan.items():
            if no not in in_file and no not in booked:
                for item in items:
                    job.problem(
                        schedule,
                        item[0],
                        "loan_no",
                        ValidationError(
                            "Loan {number} is neither in the loans file nor in Casedesk.",
                            number=no,
                        ),
                    )
    return plan


def _booked(job: Job, existing: dict[str, Any], given: dict[str, Any]) -> dict[str, list[Booked]]:
    """The booked instalments of the loans in Casedesk that the schedule file gives rows for."""
    ids = {existing[no].id: no for no in given if no in existing}
    found: dict[str, list[Booked]] = {no: [] for no in ids.values()}
    t = Instalment.__table__
    cols = (t.c.loan_id, t.c.seq, t.c.due_on, t.c.principal_due, t.c.interest_due, t.c.fee_due)
    loan_ids = sorted(ids)
    for start in range(0, len(loan_ids), CHUNK):
        chunk = loan_ids[start : start + CHUNK]
        for loan_id, seq, due, principal, interest, fee in job.session.execute(
            select(*cols).where(t.c.loan_id.in_(chunk))
        ):
            found[ids[loan_id]].append((seq, due, principal, interest, fee))
    return found


INSTALMENT_KEYS = (
    "id",
    "loan_id",
    "seq",
    "due_on",
    "principal_due",
    "interest_due",
    "fee_due",
    "principal_paid",
    "interest_paid",
    "fee_paid",
    "paid_off_on",
)


def write(job: Job, plan: LoanPlan) -> None:
    """Insert the loans and their instalments with ids assigned here, parents first."""
    loan_id = job.next_id(Loan.__table__)  # type: ignore[arg-type]
    inst_id = job.next_id(Instalment.__table__)  # type: ignore[arg-type]
    # A million instalments: plain tuples in stored form (dates as ISO text, as SQLAlchemy's Date
    # stores them on SQLite), no dict per row.
    instalments: list[tuple[Any, ...]] = []
    add = instalments.append
    for offset, (loan, rows) in enumerate(zip(plan.loans, plan.schedules, strict=True)):
        lid = loan_id + offset
        loan["id"] = lid
        for seq, due, principal, interest, fee in rows:
            add((inst_id, lid, seq, due.isoformat(), principal, interest, fee, 0, 0, 0, None))
            inst_id += 1
    job.insert(Loan, plan.loans)
    job.insert_rows(Instalment.__table__, INSTALMENT_KEYS, instalments)  # type: ignore[arg-type]
    job.report.details["instalments"] = len(instalments)
