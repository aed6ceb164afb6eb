"""Payments from a bank statement: each through the one waterfall, in date order per loan.

Matched by reference (the bank's transaction number, required): a payment already posted with
the same reference, loan, date and amount is skipped; the same reference with other data is a
problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table as SqlTable
from sqlalchemy import bindparam, select, update

from app import audit, settings
from app.errors import CasedeskError, ValidationError
from app.importer import cell_amounts, cells
from app.importer.job import Job
from app.importer.numbers import OnFile
from app.importer.payments_stored import StoredPayment, paid_off_refusal, rewrite, stored_after
from app.importer.sheet import Table
from app.loans.allocation import InstalmentBalance, Paying, replay, unwind
from app.loans.replay import reallocation_changes
from app.loans.service import no_more_payments
from app.models import Instalment, Loan, LoanStatus, Payment, PaymentAllocation
from app.models.base import utcnow
from app.models.loan import OWED
from app.promises import evaluate_promises
from app.typed_number import reference_key

METHODS = {
    "transfer": ("transfer", "bank transfer", "转账", "银行转账", "代扣"),
    "cash": ("cash", "现金"),
    "card": ("card", "银行卡", "刷卡"),
    "wechat": ("wechat", "wechat pay", "微信", "微信支付"),
    "alipay": ("alipay", "支付宝"),
    "other": ("other", "其他"),
}
_METHOD_OF = {name: code for code, names in METHODS.items() for name in names}
CHUNK = 500  # loan ids per IN (…) query


@dataclass
class PaymentPlan:
    # loan id → [(paid_on, line, amount, reference, method)]
    by_loan: dict[int, list[tuple[dt.date, int, int, str, str]]] = field(default_factory=dict)
    loan_no: dict[int, str] = field(default_factory=dict)


def _method(value: Any) -> str:
    text = cells.text(value).lower()
    if not text:
        return "transfer"
    code = _METHOD_OF.get(text)
    if code is None:
        raise ValidationError(
            "Unknown payment method {method}; choose one of: {choices}.",
            method=text,
            choices=list(METHODS),
        )
    return code


def check(job: Job, sheet: Table) -> PaymentPlan:
    session, report, idx = job.session, job.report, sheet.index
    loans = OnFile(
        (r.loan_no, r)
        for r in session.execute(select(Loan.id, Loan.loan_no, Loan.status, Loan.disbursed_on))
    )
    # By key (app/typed_number.py): BANK777 on the statement is ｂａｎｋ７７７ posted by hand.
    posted = {
        r.reference_key: r
        for r in session.execute(
            select(
                Payment.reference_key,
                Payment.reference,
                Payment.loan_id,
                Payment.paid_on,
                Payment.amount,
            ).where(Payment.reference_key.is_not(None))
        )
    }
    seen: dict[str, int] = {}
    plan = PaymentPlan()
    for line, row in job.steps(sheet):
        errors_before = len(report.errors)

        def bad(key: str, error: CasedeskError, line: int = line) -> None:
            job.problem(sheet, line, key, error)

        no: str | None = None
        loan = None
        try:
            no = cells.key(row[idx["loan_no"]])
            found = loans.find(no) if no else None
            if found is not None:
                no, loan = found  # as stored: ql0001 is QL0001, as `payment post` finds it
        except CasedeskError as exc:
            bad("loan_no", exc)
        if no is None or len(report.errors) > errors_before:
            pass
        elif not no:
            bad("loan_no", ValidationError("The loan number is missing."))
        elif loan is None:
            bad("loan_no", ValidationError("Unknown loan number {loan_no}.", loan_no=no))
        paid_on = amount = None
        try:
            paid_on = cells.date(row[idx["paid_on"]])
            if paid_on > job.today:
                raise ValidationError(
                    "A payment cannot be dated in the future: {date}.", date=paid_on
                )
            if loan is not None and paid_on < loan.disbursed_on:
                raise ValidationError(
                    "The payment on {date} predates the loan's disbursement on {disbursed}.",
                    date=paid_on,
                    disbursed=loan.disbursed_on,
                )
        except CasedeskError as exc:
            bad("paid_on", exc)
        try:
            amount = cell_amounts.amount(row[idx["amount"]], currency=job.currency)
        except CasedeskError as exc:
            bad("amount", exc)
        reference: str | None = None
        try:
            reference = cells.key(row[idx["reference"]])
        except CasedeskError as exc:
            bad("reference", exc)
        if reference is None:
            pass
        elif not reference:
            bad(
                "reference",
                ValidationError(
                    "The reference is missing: it is what keeps a re-import from posting the "
                    "payment twice."
                ),
            )
        elif len(reference) > 60:
            bad("reference", ValidationError("A reference has at most 60 characters."))
        elif (ref_key := reference_key(reference) or "") in seen:
            bad(
                "reference",
                ValidationError(
                    "Reference {ref} is also on row {row}.", ref=reference, row=seen[ref_key]
                ),
            )
        else:
            seen[ref_key] = line
        method = "transfer"
        if "method" in idx:
            try:
                method = _method(row[idx["method"]])
            except CasedeskError as exc:
                bad("method", exc)
        if len(report.errors) > errors_before:
            job.reject(sheet, line, row)
            continue
        assert loan is not None and paid_on is not None and amount is not None
        assert no is not None and reference is not None
        old = posted.get(reference_key(reference))
        if old is not None:
            if (old.loan_id, old.paid_on, old.amount) == (loan.id, paid_on, amount):
                report.unchanged += 1
            else:
                bad(
                    "reference",
                    ValidationError(
                        "A payment with reference {ref} is already posted with another loan, "
                        "date or amount.",
                        ref=old.reference,
                    ),
                )
                job.reject(sheet, line, row)
            continue
        if loan.status not in OWED:
            bad("loan_no", no_more_payments(session, loan.id, no, LoanStatus(loan.status)))
            job.reject(sheet, line, row)
            continue
        report.new += 1
        plan.by_loan.setdefault(loan.id, []).append((paid_on, line, amount, reference, method))
        plan.loan_no[loan.id] = no
    report.rows += len(sheet.rows)
    _allocate(job, sheet, plan, write=False)
    return plan


def _balances(job: Job, loan_ids: list[int]) -> dict[int, list[InstalmentBalance]]:
    found: dict[int, list[InstalmentBalance]] = {lid: [] for lid in loan_ids}
    t = Instalment.__table__
    cols = (t.c.id, t.c.loan_id, t.c.due_on, t.c.fee_due, t.c.interest_due, t.c.principal_due)
    paid = (t.c.fee_paid, t.c.interest_paid, t.c.principal_paid)
    for start in range(0, len(loan_ids), CHUNK):
        chunk = loan_ids[start : start + CHUNK]
        query = select(*cols, *paid).where(t.c.loan_id.in_(chunk)).order_by(t.c.loan_id, t.c.seq)
        for r in job.session.execute(query):
            found[r.loan_id].append(
                InstalmentBalance(
                    r.id,
                    r.due_on,
                    r.fee_due,
                    r.interest_due,
                    r.principal_due,
                    r.fee_paid,
                    r.interest_paid,
                    r.principal_paid,
                )
            )
    return found


def _allocate(job: Job, sheet: Table, plan: PaymentPlan, *, write: bool) -> None:
    """Run every payment through the waterfall in date order per loan; with `write`, save it.

    A file's payment dated before one already posted on its loan comes first: the posted ones
    dated after the file's earliest are allocated again, after it (app/loans/replay.py). A row
    after the payment that paid a loan off is refused, as posting it by hand would be.
    """
    loan_ids = sorted(plan.by_loan)
    balances = _balances(job, loan_ids)
    stored = stored_after(job.session, {lid: min(rows)[0] for lid, rows in plan.by_loan.items()})
    t = Payment.__table__
    payment_id = job.next_id(t) if write else 0  # type: ignore[arg-type]
    payments: list[dict[str, Any]] = []
    allocations: list[dict[str, Any]] = []
    credits: dict[int, int] = {}
    closed: dict[int, dt.date] = {}
    changed: list[tuple[InstalmentBalance, dt.date | None]] = []
    redone: list[StoredPayment] = []
    redone_credit: dict[int, int] = {}
    reallocated: list[tuple[str, dict[str, Any]]] = []  # loan number → the entry's changes
    now = utcnow()
    actor_id = job.actor.id
    lines: dict[int, list[Any]] = {}  # line → cells, read when a row is refused here
    for n, loan_id in enumerate(loan_ids):
        if n % 1000 == 0:
            job.tick("allocate" if not write else "write", n, len(loan_ids))
        insts = balances[loan_id]
        # A file's row is keyed by its line, negated: stored payments' ids are positive.
        rows = {-row[1]: row for row in sorted(plan.by_loan[loan_id])}
        order = [Paying(key, row[0], row[2]) for key, row in rows.items()]
        before = stored.get(loan_id, [])
        touched: set[int] = set()
        if before:
            taken = [a for p in before for a in p.allocations]
            unwind(insts, taken)
            touched.update(a.key for a in taken)
            credits[loan_id] = -sum(p.credit for p in before)
            order += [Paying(p.id, p.paid_on, p.amount) for p in before]
            order.sort(key=_in_order)
        found = replay(insts, order, refusable=rows)
        for key in found.refused:
            in_file = found.closed_by is not None and found.closed_by < 0
            job.problem(
                sheet, -key, "amount", paid_off_refusal(plan.loan_no[loan_id], found, in_file)
            )
            if not lines:
                lines.update(sheet.rows)
            job.reject(sheet, -key, lines.get(-key, []))
        credits[loan_id] = credits.get(loan_id, 0) + sum(found.credit.values())
        if found.closed_on is not None:
            closed[loan_id] = found.closed_on
        if not write:
            continue
        touched.update(a.key for parts in found.allocations.values() for a in parts)
        changed += [(b, found.paid_off.get(b.key)) for b in insts if b.key in touched]
        if before:
            redone += before
            names = [p.name for p in before]
            new = [rows[p.key][3] for p in order if p.key < 0 and p.key in found.allocations]
            changes = reallocation_changes(order[0].paid_on, new, names)
            reallocated.append((plan.loan_no[loan_id], changes))
        due = {b.key: b.due_on for b in insts}
        for p in order:
            if p.key not in found.allocations:
                continue  # refused above
            if p.key > 0:
                this = p.key
                redone_credit[this] = found.credit[p.key]
            else:
                this, payment_id = payment_id, payment_id + 1
                _day, _line, amount, reference, method = rows[p.key]
                payments.append(
                    {
                        "id": this,
                        "loan_id": loan_id,
                        "paid_on": p.paid_on,
                        "amount": amount,
                        "method": method,
                        "reference": reference,
                        "reference_key": reference_key(reference),
                        "credit_amount": found.credit[p.key],
                        "created_at": now,
                        "created_by_id": actor_id,
                    }
                )
            allocations.extend(
                {
                    "payment_id": this,
                    "instalment_id": a.key,
                    "fee": a.fee,
                    "interest": a.interest,
                    "principal": a.principal,
                    "paid_on": p.paid_on,
                    "late": due[a.key] < p.paid_on,
                }
                for a in found.allocations[p.key]
            )
    if not write or not payments:
        return
    if redone:
        rewrite(job.session, redone, redone_credit)
    job.insert(Payment, payments)
    job.insert(PaymentAllocation, allocations)
    it: SqlTable = Instalment.__table__  # type: ignore[assignment]
    # On the connection: Core executemany, not the ORM's bulk UPDATE by primary key.
    connection = job.session.connection()
    connection.execute(
        update(it)
        .where(it.c.id == bindparam("b_id"))
        .values(
            fee_paid=bindparam("b_fee"),
            interest_paid=bindparam("b_interest"),
            principal_paid=bindparam("b_principal"),
            paid_off_on=bindparam("b_off"),
        ),
        [
            {
                "b_id": b.key,
                "b_fee": b.fee_paid,
                "b_interest": b.interest_paid,
                "b_principal": b.principal_paid,
                "b_off": off,
            }
            for b, off in changed
        ],
    )
    lt: SqlTable = Loan.__table__  # type: ignore[assignment]
    connection.execute(
        update(lt)
        .where(lt.c.id == bindparam("b_id"))
        .values(credit_balance=lt.c.credit_balance + bindparam("b_credit")),
        [{"b_id": lid, "b_credit": c} for lid, c in credits.items()],
    )
    if closed:
        connection.execute(
            update(lt)
            .where(lt.c.id == bindparam("b_id"))
            .values(status=LoanStatus.PAID, closed_on=bindparam("b_closed")),
            [{"b_id": lid, "b_closed": day} for lid, day in closed.items()],
        )
    job.report.details["allocations"] = len(allocations)
    job.report.details["loans paid off"] = len(closed)
    if redone:
        job.report.details["payments re-allocated"] = len(redone)
        audit.record_many(
            job.session,
            (
                (job.actor, "payment.reallocate", "loan", no, changes, None)
                for no, changes in reallocated
            ),
        )


def _in_order(p: Paying) -> tuple[dt.date, bool, int]:
    """By date; on one day the payments posted already first, then the file's rows in order."""
    return p.paid_on, p.key < 0, abs(p.key)


def write(job: Job, sheet: Table, plan: PaymentPlan) -> None:
    _allocate(job, sheet, plan, write=True)
    # As posting one does: a payment dated inside a promise's window, posted after the promise
    # was judged, judges that loan's promises again (app/promises.py), rebuild or not.
    evaluate_promises(job.session, settings.as_of(job.session), sorted(plan.by_loan))
