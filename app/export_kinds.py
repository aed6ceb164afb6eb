"""What each exportable list is: its filter, the ids the page would show, and its columns.

Every kind reuses the page's own query (app/queries/*, app/complaints.py, app/training), so a file
holds exactly what is filtered on the page, in the page's order, with the page's visibility
(an agent's queue is their own cases). Personal data comes masked from those queries; a kind
names the columns that hold it and how to fetch the full values for an authorised export.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import labels
from app.auth import Permission, can
from app.export_office_lists import (
    TRAINING_HEADERS,
    complaint_cells,
    complaint_ids,
    training_cells,
    training_ids,
)
from app.i18n import tr
from app.models import Borrower, Case, CaseStatus, Loan, Phone, User
from app.money import from_minor

Cell = str | int | Decimal | dt.date | dt.datetime | bool | None


@dataclass
class TextFilter:
    """Borrowers and loans pages: the search box (and, for loans, a status)."""

    search: str = ""
    status: str | None = None


@dataclass
class ComplaintFilter:
    open_only: bool = True
    near_deadline: bool = False  # open, answer due within a few days or overdue


@dataclass
class TrainingFilter:
    """ "all", "lapsed" (lapsed or missing), "expiring" or "valid", as the training page's menu."""

    status: str = "all"
    as_of: dt.date | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    headers: tuple[str, ...]  # msgids
    ids: Callable[[Session, User, Any, str | None, bool | None], list[Any]]
    rows: Callable[[Session, Sequence[Any]], dict[Any, Any]] | None  # None: the ids are rows
    cells: Callable[[Any, str], list[Cell]]  # (row, time zone) -> cells
    filter_type: type
    permission: Permission | None = None
    # column index -> field name in `personal(session, ids)`'s dicts
    personal_columns: dict[int, str] = field(default_factory=dict)
    personal: Callable[[Session, Sequence[Any]], dict[Any, dict[str, str]]] | None = None
    title: str = ""  # msgid: the page's name, the XLSX sheet's name
    seconds: bool = False  # times to the second, as the page shows them (the Audit page)


def _desc(asked: bool | None, page_default: bool) -> bool:
    """The order asked for, else the page's default order."""
    return page_default if asked is None else asked


def _money(minor: int | None) -> Decimal | None:
    return None if minor is None else from_minor(minor)


def _local(when: dt.datetime | None, tz: str) -> dt.datetime | None:
    if when is None:
        return None
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return aware.astimezone(zoneinfo.ZoneInfo(tz)).replace(tzinfo=None)


# --- cases (the queue, and every case including closed ones) -----------------------------------


def _queue_ids(
    session: Session, user: User, flt: Any, sort: str | None, desc: bool | None
) -> list[int]:
    from app.queries.cases import queue_ids

    return queue_ids(session, user, flt, sort=sort or "priority", descending=_desc(desc, True))


def _case_ids(
    session: Session, user: User, flt: Any, sort: str | None, desc: bool | None
) -> list[int]:
    """Every case the user may see, closed ones too, with the queue's filters."""
    from app.queries.cases import search_condition

    query = select(Case.id).join(Loan, Loan.id == Case.loan_id)
    if not can(user, Permission.VIEW_ALL_CASES):
        query = query.where(Case.assigned_agent_id == user.id)
    if flt.bucket:
        query = query.where(Case.bucket == flt.bucket)
    if flt.agent_id is not None:
        query = query.where(Case.assigned_agent_id == flt.agent_id)
    if flt.unassigned:
        query = query.where(Case.assigned_agent_id.is_(None))
    if flt.status:
        query = query.where(Case.status == CaseStatus(flt.status))
    condition = search_condition(session, flt.search)
    if condition is not None:
        query = query.where(condition)
    order = Case.case_no.desc() if _desc(desc, False) else Case.case_no.asc()
    return list(session.scalars(query.order_by(order)))


def _case_rows(session: Session, ids: Sequence[int]) -> dict[int, Any]:
    from app.queries.cases import queue_rows

    return queue_rows(session, ids)


def _case_cells(r: Any, tz: str) -> list[Cell]:
    return [
        r.case_no,
        r.loan_no,
        r.borrower,
        r.masked_id,
        r.dpd,
        r.bucket,
        _money(r.amount_overdue),
        r.score,
        r.agent,
        labels.label(labels.CASE_STATUS, r.status),
        r.next_action_on,  # a real date, for spreadsheets to sort; whether it waits is next
        _waiting(r),
        _local(r.last_contact_at, tz),
    ]


def _waiting(r: Any) -> str:
    """The Waiting column: "Yes" on a case waiting for a later day (its Next action cell on the
    page reads "Waiting until <date>"), empty otherwise, a held one's too (its status says why)."""
    from app.queue_row import waits_for_its_day

    return tr("Yes") if waits_for_its_day(r.waiting, r.status) else ""


def _case_personal(session: Session, ids: Sequence[int]) -> dict[int, dict[str, str]]:
    query = (
        select(Case.id, Borrower.national_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(Case.id.in_(list(ids)))
    )
    return {case_id: {"national_id": nid} for case_id, nid in session.execute(query)}


# The column after Next action saying a case waits. "Waiting" alone is the approvals' word
# (待批事项): this one is told apart by a context, gettext's way ("context\x04msgid"); the header
# is the part after it (app/export.py _headers), English as Chinese.
WAITING = "queue column\x04Waiting"
CASE_HEADERS = (
    "Case no.", "Loan no.", "Borrower", "ID number", "DPD", "Bucket", "Overdue", "Score", "Agent",
    "Status", "Next action", WAITING, "Last contact",
)  # fmt: skip


# --- borrowers and loans -----------------------------------------------------------------------


def _borrower_ids(
    session: Session, user: User, flt: Any, sort: str | None, desc: bool | None
) -> list:
    from app.queries.borrowers import borrower_ids

    return borrower_ids(session, flt.search, sort or "name", _desc(desc, False))


def _borrower_rows(session: Session, ids: Sequence[int]) -> dict[int, Any]:
    from app.queries.borrowers import borrower_rows

    return borrower_rows(session, ids)


def _borrower_cells(r: Any, _tz: str) -> list[Cell]:
    segment = labels.label(labels.SEGMENT, r.segment)
    return [r.borrower_no, r.name, r.masked_id, segment, r.phone, r.loans, r.city]


def _borrower_personal(session: Session, ids: Sequence[int]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {
        b_id: {"national_id": nid, "phone": ""}
        for b_id, nid in session.execute(
            select(Borrower.id, Borrower.national_id).where(Borrower.id.in_(list(ids)))
        )
    }
    phones = session.execute(
        select(Phone.borrower_id, Phone.number)
        .where(Phone.borrower_id.in_(list(ids)))
        .order_by(Phone.is_primary.desc(), Phone.id)
    )
    for b_id, number in phones:
        if b_id in found and not found[b_id]["phone"]:
            found[b_id]["phone"] = number
    return found


def _loan_ids(session: Session, user: User, flt: Any, sort: str | None, desc: bool | None) -> list:
    from app.queries.loans import loan_ids

    return loan_ids(session, flt.search, flt.status, sort or "loan_no", _desc(desc, False))


def _loan_rows(session: Session, ids: Sequence[int]) -> dict[int, Any]:
    from app.queries.loans import loan_rows

    return loan_rows(session, ids)


def _loan_cells(r: Any, _tz: str) -> list[Cell]:
    return [
        r.loan_no,
        r.borrower,
        r.product,
        _money(r.principal),
        r.term_months,
        labels.label(labels.LOAN_STATUS, r.status),
        _money(r.outstanding),
        r.oldest_unpaid_due_on,
    ]


# --- audit, compliance log ---------------------------------------------------------------------


def _audit_ids(session: Session, user: User, flt: Any, _s: str | None, desc: bool | None) -> list:
    from app.queries.audit_log import audit_ids

    return audit_ids(session, user, flt, descending=_desc(desc, True))


def _audit_rows(session: Session, ids: Sequence[int]) -> dict[int, Any]:
    from app.queries.audit_log import audit_rows

    return audit_rows(session, ids)


def _audit_cells(r: Any, tz: str) -> list[Cell]:
    """The entry as the page reads it (the action, the record and the changes in the reader's
    words, every field), then as recorded: the action's code, the record's kind and id, the
    changes' whole JSON (nothing cut), the hash."""
    changes = "" if r.raw_changes is None else json.dumps(r.raw_changes, ensure_ascii=False)
    words = r.words_line()
    at = _local(r.at, tz)  # to the second as the page shows it: a workbook would round 39.7 up
    second = None if at is None else at.replace(microsecond=0)
    return [
        r.id, second, r.user, r.action_words(), r.affected(), words,
        r.action, r.entity, r.entity_id, changes, r.hash,
    ]  # fmt: skip


def _log_ids(session: Session, user: User, flt: Any, sort: str | None, desc: bool | None) -> list:
    from app.queries.compliance_log import log_ids

    return log_ids(session, user, flt, sort=sort or "when", descending=_desc(desc, True))


def _log_rows(session: Session, keys: Sequence[Any]) -> dict[Any, Any]:
    from app.queries.compliance_log import log_rows

    return log_rows(session, keys)


def _log_cells(r: Any, tz: str) -> list[Cell]:
    from app.queries.compliance_rows import slot_words

    return [
        _local(r.when, tz),
        r.case_no,
        r.agent,
        labels.label(labels.ACTION, r.action),
        slot_words(r, zoneinfo.ZoneInfo(tz)),
        labels.capital(labels.label(labels.PARTY, r.party)),
        labels.capital(labels.label(labels.VERDICT, r.verdict)),
        r.rules,
        r.reasons,
        r.overridden_by,
        r.override_reason,
        r.ruleset,
        # When it was recorded, last (the columns before keep their places): a contact logged
        # after the fact has its Time, as logged, long before.
        _local(r.recorded_at, tz),
    ]


def _kinds() -> dict[str, Kind]:
    from app.queries.audit_log import AuditFilter
    from app.queries.cases import QueueFilter
    from app.queries.compliance_log import ComplianceFilter

    return {
        "queue": Kind("queue", CASE_HEADERS, _queue_ids, _case_rows, _case_cells, QueueFilter,
                      None, {3: "national_id"}, _case_personal, "Work queue"),
        "cases": Kind("cases", CASE_HEADERS, _case_ids, _case_rows, _case_cells, QueueFilter,
                      None, {3: "national_id"}, _case_personal, "Cases"),
        "borrowers": Kind(
            "borrowers",
            ("No.", "Name", "ID number", "Segment", "Phone", "Loans", "City"),
            _borrower_ids, _borrower_rows, _borrower_cells, TextFilter,
            Permission.VIEW_BORROWERS, {2: "national_id", 4: "phone"}, _borrower_personal,
            "Borrowers",
        ),
        "loans": Kind(
            "loans",
            ("Loan", "Borrower", "Product", "Principal", "Term (months)", "Status",
             "Outstanding", "Oldest unpaid due"),
            _loan_ids, _loan_rows, _loan_cells, TextFilter, Permission.VIEW_BORROWERS,
            title="Loans",
        ),
        "complaints": Kind(
            "complaints",
            ("Complaint", "Received", "Deadline", "Days left", "Case", "Agent", "Investigator",
             "Category", "Status", "Source", "Channel", "Pauses contact"),
            complaint_ids, None, complaint_cells, ComplaintFilter,
            Permission.RECORD_COMPLAINTS, title="Complaints",
        ),
        "training": Kind(
            "training",
            TRAINING_HEADERS,
            training_ids, None, training_cells, TrainingFilter, Permission.VIEW_TRAINING,
            title="Agents & training",
        ),
        "audit": Kind(
            "audit",
            ("No.", "Time", "User", "Action", "Affected record", "Changes", "Action code",
             "Record kind", "Record id", "Changes as recorded", "Hash"),
            # Seeing the trail is VIEW_AUDIT (the page's query checks it); a copy of it leaving
            # the database is EXPORT_AUDIT, the admin's, as `casedesk audit export`.
            _audit_ids, _audit_rows, _audit_cells, AuditFilter, Permission.EXPORT_AUDIT,
            title="Audit", seconds=True,
        ),
        "compliance": Kind(
            "compliance",
            ("Time", "Case", "Agent", "Action", "Visit slot", "Party", "Verdict", "Rules",
             "Reasons", "Overridden by", "Override reason", "Rule set", "Recorded"),
            _log_ids, _log_rows, _log_cells, ComplianceFilter, title="Compliance log",
        ),
    }  # fmt: skip


KINDS = _kinds()
