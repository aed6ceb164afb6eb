"""Promises judged while one payment could count toward several of them are judged again where
their judgements claim more than the loan's payments can give: a payment counts toward one promise.

Each promise used to be judged from every payment in its window, so two promises whose windows
overlapped could both be kept by one payment. A judged promise is final, so these never healed:
they inflated the promises kept on the dashboard and in the portfolio report, and a promise
wrongly kept still takes a later payment away from a pending one (app/promises.py).

Which loans: those where the core's rule (app.promises `judge_new`: earliest due first, each
payment once, a window from the office-local day the promise was made, `made_on`, to its due date)
cannot give every judged promise what it is recorded as paid (at most its amount). That also
finds a promise made before dawn office time that counted a payment from the evening before
(windows used to open on the UTC date). The check reads the judged promises paid something and
their loans' payments in two queries and applies the rule in Python, per loan. A loan whose
payments can give all its judgements is left as it was, even where the rule would share its
payments otherwise now.

What changes, on those loans only: their judged promises (kept, partly kept, broken) are judged
again from the loan's payments by that rule; each keeps the day it was judged. Pending promises
are not touched here. For each promise whose status or amount paid changes, a system entry
"promise.rejudge" is appended to the audit trail on its case (promise, due date, amount; status
and amount paid before and after), chained with the office's audit key, which the upgrade passes
in (db.migrate). Without that key, an upgrade that would change a promise stops and changes
nothing. The open cases of those loans are marked not current (computed_as_of cleared), so the
first start after the upgrade rebuilds the queue (app.cases.daily): that refreshes their counts of
broken promises, status, next action and priority, and the pending promises' amounts paid so far.

The reference office (100,000 loans): 479 loans and 492 promises (314 kept and 136 partly kept
become broken, 37 kept become partly kept, 5 partly kept are paid less), 96 open cases marked;
about 0.8 s.

Plain statements, no change of schema: the same on SQLite and PostgreSQL. Downgrading leaves the
promises as they are: the earlier code reads them as they are.

Revision ID: 0013_promises_rejudged
Revises: 0012_contact_numbers_e164
"""

import datetime as dt
import zoneinfo
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision = "0013_promises_rejudged"
down_revision = "0012_contact_numbers_e164"
branch_labels = None
depends_on = None

CHUNK = 500  # values per IN list (SQLite's bound-parameter limit, with room to spare)
BATCH = 5000
PENDING = "PENDING"  # as stored: SQLAlchemy's Enum stores the member's name
ACTION = "promise.rejudge"

promise = sa.table(
    "promise",
    sa.column("id", sa.Integer()),
    sa.column("case_id", sa.Integer()),
    sa.column("amount", sa.BigInteger()),
    sa.column("due_on", sa.Date()),
    sa.column("status", sa.String()),
    sa.column("paid_amount", sa.BigInteger()),
    sa.column("created_at", sa.String()),  # as stored: app.promises.made_on reads it
)
case = sa.table(
    "case",
    sa.column("id", sa.Integer()),
    sa.column("case_no", sa.String()),
    sa.column("loan_id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("computed_as_of", sa.Date()),
)
payment = sa.table(
    "payment",
    sa.column("loan_id", sa.Integer()),
    sa.column("paid_on", sa.Date()),
    sa.column("amount", sa.BigInteger()),
)
office = sa.table("office", sa.column("timezone", sa.String()))
audit_entry = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer()),
    sa.column("at", sa.DateTime()),
    sa.column("user_id", sa.Integer()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.String()),
    sa.column("changes", sa.JSON()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)

Terms = tuple[int, int, dt.date, dt.date]  # (promise id, amount, day made, due date)


def _chunks(values: list[int]) -> list[list[int]]:
    return [values[start : start + CHUNK] for start in range(0, len(values), CHUNK)]


def _as_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _payments(connection: sa.Connection, loans: list[int]) -> dict[int, list[tuple[dt.date, int]]]:
    paid: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for chunk in _chunks(loans):
        query = sa.select(payment.c.loan_id, payment.c.paid_on, payment.c.amount).where(
            payment.c.loan_id.in_(chunk)
        )
        for loan_id, day, amount in connection.execute(query):
            paid[loan_id].append((_as_date(day), amount))
    return paid


def _overclaimed(connection: sa.Connection, zone: zoneinfo.ZoneInfo) -> list[int]:
    """The loans whose judged promises claim more than the core's sharing gives them: each
    claims what it is recorded as paid (at most its amount), as evaluate_promises has it."""
    from app.promises import judge_new, made_on

    judged = sa.and_(promise.c.status != PENDING, promise.c.paid_amount > 0)
    claims: dict[int, list[Terms]] = defaultdict(list)
    for loan_id, pid, amount, recorded, made, due in connection.execute(
        sa.select(
            case.c.loan_id,
            promise.c.id,
            promise.c.amount,
            promise.c.paid_amount,
            promise.c.created_at,
            promise.c.due_on,
        )
        .select_from(promise.join(case, case.c.id == promise.c.case_id))
        .where(judged)
    ):
        claims[loan_id].append((pid, min(amount, recorded), made_on(made, zone), _as_date(due)))
    if not claims:
        return []
    # Each loan's payments up to its last such promise's due date: none later can count.
    last_due = (
        sa.select(case.c.loan_id, sa.func.max(promise.c.due_on).label("due"))
        .select_from(promise.join(case, case.c.id == promise.c.case_id))
        .where(judged)
        .group_by(case.c.loan_id)
        .subquery("claimed")
    )
    paid: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for loan_id, day, amount in connection.execute(
        sa.select(payment.c.loan_id, payment.c.paid_on, payment.c.amount).join(
            last_due,
            sa.and_(payment.c.loan_id == last_due.c.loan_id, payment.c.paid_on <= last_due.c.due),
        )
    ):
        paid[loan_id].append((_as_date(day), amount))
    found = []
    for loan_id, terms in claims.items():
        after = max(due for _pid, _amount, _made, due in terms) + dt.timedelta(days=1)
        given = judge_new(terms, paid.get(loan_id, []), after)
        if any(given[pid].paid < wants for pid, wants, _made, _due in terms):
            found.append(loan_id)
    return sorted(found)


def _rejudged(
    connection: sa.Connection, zone: zoneinfo.ZoneInfo, loans: list[int]
) -> list[dict[str, Any]]:
    """The judged promises of `loans` whose status or amount paid the core's rule changes: id,
    loan, case number, due date, amount, and (status name, paid) before and after."""
    from app.promises import judge_new, made_on

    terms: dict[int, list[Terms]] = defaultdict(list)
    stored: dict[int, tuple[int, str, dt.date, int, str, int]] = {}
    for chunk in _chunks(loans):
        for pid, loan_id, case_no, amount, made, due, status, paid in connection.execute(
            sa.select(
                promise.c.id,
                case.c.loan_id,
                case.c.case_no,
                promise.c.amount,
                promise.c.created_at,
                promise.c.due_on,
                promise.c.status,
                promise.c.paid_amount,
            )
            .select_from(promise.join(case, case.c.id == promise.c.case_id))
            .where(case.c.loan_id.in_(chunk), promise.c.status != PENDING)
        ):
            terms[loan_id].append((pid, amount, made_on(made, zone), _as_date(due)))
            stored[pid] = (loan_id, case_no, _as_date(due), amount, status, paid)
    payments = _payments(connection, loans)
    changed = []
    for loan_id in loans:
        after = max(due for _pid, _amount, _made, due in terms[loan_id]) + dt.timedelta(days=1)
        for pid, result in sorted(judge_new(terms[loan_id], payments[loan_id], after).items()):
            _loan, case_no, due, amount, status, paid = stored[pid]
            if (result.status.name, result.paid) != (status, paid):
                changed.append(
                    {
                        "pid": pid,
                        "loan_id": loan_id,
                        "case_no": case_no,
                        "due_on": due,
                        "amount": amount,
                        "old": (status, paid),
                        "new": (result.status.name, result.paid),
                    }
                )
    return changed


def _audit(connection: sa.Connection, changed: list[dict[str, Any]]) -> None:
    """One system entry per promise judged again, on its case, chained as app.audit chains."""
    from app.audit import GENESIS, _body, _digest
    from app.errors import DatabaseError
    from app.models import PromiseStatus
    from db.pg import lock_for_write

    key = context.config.attributes.get("audit_key")
    if not isinstance(key, bytes):
        raise DatabaseError(
            "Upgrading this office judges some promises again ({count}) and records each change "
            "in the audit trail, which needs the office key: set CASEDESK_DB_KEY to it, or open "
            "the office in Casedesk, to upgrade it.",
            count=len(changed),
        )
    lock_for_write(connection)
    prev = connection.execute(
        sa.select(audit_entry.c.hash).order_by(audit_entry.c.id.desc()).limit(1)
    ).scalar()
    prev_hash = prev or GENESIS
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # stored naive UTC, as UTCDateTime does
    entries = []
    for row in changed:
        (old_status, old_paid), (new_status, new_paid) = row["old"], row["new"]
        changes = {
            "promise_id": row["pid"],
            "due_on": row["due_on"].isoformat(),
            "amount": row["amount"],
            "old": {"status": PromiseStatus[old_status].value, "paid": old_paid},
            "new": {"status": PromiseStatus[new_status].value, "paid": new_paid},
            "revision": revision,
        }
        body = _body(at.replace(tzinfo=dt.UTC), None, ACTION, "case", row["case_no"], changes)
        entry_hash = _digest(key, prev_hash, body)
        entries.append(
            {
                "at": at,
                "user_id": None,
                "action": ACTION,
                "entity": "case",
                "entity_id": row["case_no"],
                "changes": changes,
                "prev_hash": prev_hash,
                "hash": entry_hash,
            }
        )
        prev_hash = entry_hash
    for start in range(0, len(entries), BATCH):  # ids in this order: the chain's order
        connection.execute(sa.insert(audit_entry), entries[start : start + BATCH])


def upgrade() -> None:
    connection = op.get_bind()
    name = connection.execute(sa.select(office.c.timezone).limit(1)).scalar()
    zone = zoneinfo.ZoneInfo(name or "Asia/Shanghai")
    loans = _overclaimed(connection, zone)
    if not loans:
        return
    changed = _rejudged(connection, zone, loans)
    if not changed:
        return
    _audit(connection, changed)
    connection.execute(
        promise.update()
        .where(promise.c.id == sa.bindparam("pid"))
        .values(status=sa.bindparam("status"), paid_amount=sa.bindparam("paid")),
        [{"pid": r["pid"], "status": r["new"][0], "paid": r["new"][1]} for r in changed],
    )
    touched = sorted({r["loan_id"] for r in changed})
    for chunk in _chunks(touched):
        connection.execute(
            case.update()
            .where(case.c.loan_id.in_(chunk), case.c.status != "CLOSED")
            .values(computed_as_of=None)
        )


def downgrade() -> None:
    pass  # the promises judged again read as well with the earlier code
