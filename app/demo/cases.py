"""Demo cases: one per loan overdue on the build date; closed ones for cured, settled, lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.demo.activity import ActivityBuilder
from app.demo.complaint_rows import complaint_row
from app.demo.context import Context, local_to_utc
from app.demo.fieldwork import FieldworkBuilder
from app.demo.ledger import LoanFacts, bucket_of
from app.demo.pauses import AT, CASE, CONTACT_COLUMNS, take_back_paused
from app.models import Case, CaseStatus, CloseReason, Complaint, LoanStatus

S = CaseStatus
# Open case statuses by bucket, with weights: early buckets are mostly new or contacted.
STATUS_BY_BUCKET: dict[str, tuple[tuple[CaseStatus, ...], tuple[float, ...]]] = {
    "M1": (
        (S.NEW, S.CONTACTED, S.PROMISE, S.PROMISE_BROKEN, S.PAUSED),
        (0.34, 0.34, 0.18, 0.12, 0.02),
    ),
    "M2": (
        (S.CONTACTED, S.PROMISE, S.PROMISE_BROKEN, S.VISIT_BOOKED, S.AGREEMENT, S.PAUSED),
        (0.3, 0.18, 0.27, 0.1, 0.12, 0.03),
    ),
    "M3": (
        (S.CONTACTED, S.PROMISE, S.PROMISE_BROKEN, S.VISIT_BOOKED, S.AGREEMENT, S.PAUSED),
        (0.24, 0.14, 0.27, 0.13, 0.19, 0.03),
    ),
    "M4+": (
        (S.CONTACTED, S.PROMISE, S.PROMISE_BROKEN, S.VISIT_BOOKED, S.AGREEMENT, S.PAUSED),
        (0.26, 0.1, 0.3, 0.12, 0.19, 0.03),
    ),
    "180+": (
        (S.CONTACTED, S.PROMISE_BROKEN, S.VISIT_BOOKED, S.AGREEMENT, S.PAUSED),
        (0.34, 0.36, 0.08, 0.19, 0.03),
    ),
}
NEEDS_VISIT = {S.VISIT_BOOKED}


@dataclass(slots=True)
class CaseWork:
    """A case row in the making, with what the activity builders need."""

    row: dict[str, Any]
    facts: LoanFacts
    agent_id: int | None
    start: dt.date  # work on the case runs from start …
    end: dt.date  # … to end (closing date, or the day before the build date)

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def status(self) -> CaseStatus:
        return CaseStatus(self.row["status"])


class CaseBuilder:
    """Opens (and closes) cases and has the activity and fieldwork builders fill them."""

    def __init__(
        self, ctx: Context, activity: ActivityBuilder, fieldwork: FieldworkBuilder
    ) -> None:
        self.ctx, self.activity, self.fieldwork = ctx, activity, fieldwork
        self.cases: list[dict[str, Any]] = []
        self.complaints: list[dict[str, Any]] = []
        self.reinstated: list[LoanFacts] = []  # their new cases wait for open_reinstated()

    def flush(self) -> None:
        """Write the rows made so far, parents first."""
        self.ctx.writer.add(Case, self.cases)
        self.activity.flush_contacts()
        self.fieldwork.flush()
        self.activity.flush_promises()
        self.ctx.writer.add(Complaint, self.complaints)
        self.cases, self.complaints = [], []

    def add(self, facts: LoanFacts) -> None:
        """The loan's case, if it has one, with its history."""
        if facts.cured is not None:
            missed, cured_on = facts.cured
            self._case(facts, missed, S.CLOSED, cured_on, CloseReason.CURED)
        elif facts.settlement is not None and facts.missed_due is not None:
            self._case(facts, facts.missed_due, S.CLOSED, facts.closed_on, CloseReason.SETTLED)
        elif facts.status is LoanStatus.WRITTEN_OFF and facts.first_unpaid_due is not None:
            self._case(
                facts, facts.first_unpaid_due, S.CLOSED, facts.closed_on, CloseReason.WRITTEN_OFF
            )
        elif facts.reinstated is not None and facts.first_unpaid_due is not None:
            # The written-off case, as any write-off's; the new case opened the day it was
            # reinstated comes after every loan (open_reinstated), so that what every other
            # loan draws stays as it was.
            off, _back = facts.reinstated
            self._case(facts, facts.first_unpaid_due, S.CLOSED, off, CloseReason.WRITTEN_OFF)
            self.reinstated.append(facts)
        elif facts.dpd >= 1 and facts.first_unpaid_due is not None:
            self._open(facts, facts.first_unpaid_due)

    def open_reinstated(self) -> None:
        """The new cases of the loans written off and reinstated since, after every loan."""
        for facts in self.reinstated:
            assert facts.reinstated is not None
            self._open(facts, facts.reinstated[1] - dt.timedelta(days=1))
        self.reinstated = []

    def _open(self, facts: LoanFacts, missed: dt.date) -> None:
        """An open case of an overdue loan, opened the day after `missed`."""
        if facts.status is LoanStatus.LEGAL:
            status = S.LEGAL
        else:
            statuses, weights = STATUS_BY_BUCKET[bucket_of(facts.dpd)]
            status = self.ctx.weighted(statuses, weights)
            if status is S.NEW and facts.dpd > 12:
                status = S.CONTACTED
            if status in NEEDS_VISIT and not self.fieldwork.can_visit(facts):
                status = S.PROMISE_BROKEN
        self._case(facts, missed, status, None, None)

    def _case(
        self,
        facts: LoanFacts,
        missed: dt.date,
        status: CaseStatus,
        closed_on: dt.date | None,
        reason: CloseReason | None,
    ) -> None:
        ctx, rng = self.ctx, self.ctx.rng
        opened = missed + dt.timedelta(days=1)
        year = opened.year
        case_id = ctx.ids.take("case")
        closed = status is S.CLOSED
        assigned = status is not S.NEW and (closed or rng.random() < 0.86)
        if status is S.NEW:
            assigned = rng.random() < 0.35
        agent = ctx.pick(ctx.agents) if assigned else None
        assigned_on = min(opened + dt.timedelta(days=rng.randint(0, 3)), closed_on or ctx.as_of)
        dpd = 0 if closed else facts.dpd
        overdue = 0 if closed else facts.amount_overdue
        row: dict[str, Any] = {
            "id": case_id,
            "case_no": f"C{year}-{ctx.number('case_no'):06d}",
            "loan_id": facts.id,
            "status": status,
            "opened_on": opened,
            "closed_on": closed_on,
            "close_reason": reason,
            "assigned_agent_id": agent,
            "assigned_at": ctx.by_build(local_to_utc(assigned_on, 540 + rng.randrange(90)))
            if agent
            else None,
            "next_action_on": None if closed else ctx.as_of + dt.timedelta(days=rng.randint(0, 7)),
            "computed_as_of": ctx.as_of,
            "dpd": dpd,
            "bucket": bucket_of(dpd),
            "amount_overdue": overdue,
            "score": 0,
            "score_breakdown": None,
            "paused": status is S.PAUSED,
            "waiting": False,  # the rebuild that ends the build says which wait
            "last_contact_at": None,
            "created_at": ctx.by_build(local_to_utc(opened, 120 + rng.randrange(60))),
            "version": 1,
        }
        end = closed_on if closed_on is not None else ctx.as_of - dt.timedelta(days=1)
        work = CaseWork(row, facts, agent, opened, max(end, opened))
        self.cases.append(row)
        first_contact, first_promise = len(self.activity.contacts), len(self.activity.promises)
        self.activity.fill(work)
        self.fieldwork.fill(work)
        self._complaint(work, first_contact, first_promise)
        self._last_contact(work, first_contact)

    def _last_contact(self, work: CaseWork, first_contact: int) -> None:
        """The case's last contact as the queue reads it (app/cases/facts.py): the latest of its
        contact rows (made since `first_contact`, a flat row list index), a visit's line too."""
        rows, width = self.activity.contacts, len(CONTACT_COLUMNS)
        times = [
            rows[start + AT]
            for start in range(first_contact, len(rows), width)
            if rows[start + CASE] == work.id
        ]
        work.row["last_contact_at"] = (
            dt.datetime.fromisoformat(max(times)).replace(tzinfo=dt.UTC) if times else None
        )

    def _complaint(self, work: CaseWork, first_contact: int, first_promise: int) -> None:
        """Paused cases have an open complaint; a few others a closed one."""
        ctx, rng = self.ctx, self.ctx.rng
        paused = work.status is S.PAUSED
        if not paused and rng.random() > 0.012:
            return
        if paused:
            received = ctx.day_between(
                max(work.start, ctx.as_of - dt.timedelta(days=14)), ctx.as_of
            )
        else:
            received = ctx.day_between(work.start, work.end)
        complaint = complaint_row(ctx, work, received, still_open=paused)
        self.complaints.append(complaint)
        # Drawn after the case's contacts: those its pause covers are taken back now.
        take_back_paused(self.activity, work, complaint, first_contact, first_promise)
