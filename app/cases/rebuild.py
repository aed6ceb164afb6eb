"""The queue rebuild: open cases for newly overdue loans, close cured or finished ones, and
refresh every open case's DPD, bucket, amount overdue, status, next action and priority.

A rebuild as of today (or later) also opens and closes cases; a look-back rebuild (a supervisor
setting the as-of date in the past) only recomputes the figures, never rewrites history.
A loan current on its schedule closes its case as cured, unless an agreement is in force or a
breach stands (app.cases.next_action.breach_stands: no contact and no promise since): a plan
that brought the loan up to date and was then broken keeps its case open as "Agreement
breached", to be worked today, until the agent acts; then the loan, still current, cures it.
A pending promise keeps it open too (next_action.promise_holds) until judged, the day after its
due date; broken after a breach, as "Promise broken" until the agent's first contact after its
due date (a reminder before it does not count). Re-opening a cured loan creates a new case; the
closed one stays as it was. What changed is written by app/cases/rebuild_write.py.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from app import audit, settings
from app.agreements.closing import cancel_unsigned_why
from app.agreements.watch import evaluate_agreements
from app.auth import Permission, require
from app.cases import recovery
from app.cases.delinquency import BUCKETS, Overdue, bucket_for, overdue_figures
from app.cases.facts import open_cases as load_open_cases
from app.cases.next_action import as_date as _as_date
from app.cases.next_action import breach_stands, held_open
from app.cases.next_action import status_and_next_action as _status_and_next_action
from app.cases.priority import Scorer, breakdown_json, is_waiting, recovery_chance
from app.cases.rebuild_write import Stored, write_figures
from app.cases.scoring_stamp import stamp_scoring
from app.gcpause import gc_paused
from app.models import Case, CaseStatus, CloseReason, Loan, LoanStatus, User
from app.numbering import reserve
from app.office import office_today, office_zone
from app.promises import evaluate_promises
from db.engine import page_cache, page_cache_at_least

Progress = Callable[[str, int, int], None]
_CLOSE_FOR = {
    LoanStatus.PAID: CloseReason.PAID,
    LoanStatus.SETTLED: CloseReason.SETTLED,
    LoanStatus.WRITTEN_OFF: CloseReason.WRITTEN_OFF,
}


@dataclass
class RebuildSummary:
    as_of: dt.date
    loans: int
    opened: int
    closed: int
    open_cases: int
    seconds: float
    cancelled: tuple[str, ...] = ()  # unsigned agreements cancelled with their closing cases
    cured: tuple[str, ...] = ()  # those among them whose case closed as cured


def case_number(year: int, n: int) -> str:
    return f"C{year}-{n:06d}"


def _as_utc(value: Any) -> dt.datetime:
    if isinstance(value, str):  # SQLite gives MIN()/MAX() over a timestamp back as text
        value = dt.datetime.fromisoformat(value)
    return value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)


class _OfficeDay:
    """The office's date of a stored UTC timestamp (text on SQLite, a datetime elsewhere): an
    evening call in New York or an early visit in Shanghai falls on another UTC date. Text is
    read as its UTC date and minute: for each UTC date, once, the office's date at its start and
    the minute (if any) the office's midnight falls on, then a comparison of the minute's text."""

    def __init__(self, zone: zoneinfo.ZoneInfo) -> None:
        self.zone = zone
        self.days: dict[str, tuple[dt.date, str, dt.date]] = {}

    def _day(self, utc_day: str) -> tuple[dt.date, str, dt.date]:
        """(the office's date at 00:00 UTC, the UTC "HH:MM" its next midnight falls on — "24:00"
        when not within the day —, the office's date from then)."""
        start = dt.datetime.fromisoformat(utc_day).replace(tzinfo=dt.UTC)
        first = start.astimezone(self.zone).date()
        then = first + dt.timedelta(days=1)
        midnight = dt.datetime.combine(then, dt.time(0), self.zone).astimezone(dt.UTC)
        if midnight >= start + dt.timedelta(days=1):
            return first, "24:00", first
        return first, midnight.strftime("%H:%M"), then

    def __call__(self, value: Any) -> dt.date | None:
        if value is None:
            return None
        if not isinstance(value, str):
            return cast(dt.date, _as_utc(value).astimezone(self.zone).date())
        key = value[:10]
        try:
            first, turn, then = self.days[key]
        except KeyError:
            first, turn, then = self.days[key] = self._day(key)
        return then if value[11:16] >= turn else first


# The figures a rebuild compares, in the order of the case columns in open_cases_query (the
# breakdown as its JSON text), and the columns it writes when they differ: the table's order,
# which is the UPDATE's, so the rows go to the driver as they are made (rebuild_write).
_SHOWN = slice(6, 16)
_WRITTEN = (
    "status",
    "next_action_on",
    "computed_as_of",
    "dpd",
    "bucket",
    "amount_overdue",
    "score",
    "score_breakdown",
    "paused",
    "waiting",
    "last_contact_at",
)
_FIGURES = _WRITTEN[1:]  # without the status
# The facts come as the database stores them (app.cases.facts.open_cases): enums by name.
_CASE_STATUS = {status.name: status for status in CaseStatus}
_AGREED = 21  # open_cases_query's next_agreement_due: an agreement in force on the case
_LOAN_STATUS = {status.name: status for status in LoanStatus}
_BUCKET_CAP = BUCKETS[-1][0]  # every DPD from here on is in the last, open-ended bucket
# The page cache of a rebuild's connection (KiB; the usual is db.sqlcipher.CACHE_KIB, 64 MiB).
# A 100,000-loan office's rebuild reads again pages it read earlier on (its queries share the
# case, loan and promise tables, and it writes the cases last); with the usual cache many were
# gone and decrypted again. Measured on the reference office's next-day rebuild: 96 MiB saved
# 3% of its CPU time, 128 MiB 12%. A smaller office fills only what it reads.
REBUILD_CACHE_KIB = 131_072


def _loan_status(session: Session, loan_ids: list[int]) -> dict[int, LoanStatus]:
    statuses: dict[int, LoanStatus] = {}
    for start in range(0, len(loan_ids), 900):
        chunk = loan_ids[start : start + 900]
        rows = session.execute(select(Loan.id, Loan.status).where(Loan.id.in_(chunk)))
        statuses.update((lid, LoanStatus(status)) for lid, status in rows)
    return statuses


def _close(session: Session, rows: list[dict[str, Any]], as_of: dt.date) -> None:
    table = cast(Table, Case.__table__)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            status=CaseStatus.CLOSED,
            close_reason=bindparam("reason"),
            closed_on=as_of,
            next_action_on=None,
            dpd=0,
            bucket="",
            amount_overdue=0,
            score=0,
            score_breakdown=None,
            paused=False,
            waiting=False,
            computed_as_of=as_of,
        ),
        rows,
    )


def _open(session: Session, new_loans: list[int], pos: dict[int, Overdue], as_of: dt.date) -> None:
    first = reserve(session, "case_no", len(new_loans))
    session.execute(
        insert(Case),
        [
            {
                "case_no": case_number(as_of.year, first + n),
                "loan_id": lid,
                "status": CaseStatus.NEW,
                "opened_on": pos[lid][0] + dt.timedelta(days=1),  # the oldest unpaid due date
                "version": 1,
            }
            for n, lid in enumerate(new_loans)
        ],
    )


def _figures(
    open_cases: dict[int, tuple[Any, ...]],
    pos: dict[int, Overdue],
    as_of: dt.date,
    scorer: Scorer,
    field_min: int,
    stored: Stored,
    office_day: _OfficeDay,
    reached: frozenset[int],
    paid: frozenset[int],
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The new figures of every open case whose figures differ from what it shows now, in the
    database's form: the cases whose status changes (_WRITTEN, then the case id) and the others
    (_FIGURES, then the case id). Kept apart because writing the status touches two more indexes
    per case."""
    moved: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    points_for = scorer.points
    buckets = [bucket_for(d) for d in range(_BUCKET_CAP)]  # by DPD, looked up, not searched
    date, flag = stored.date, stored.flag
    today = date(as_of)
    for lid, row in open_cases.items():
        # The columns of app.cases.facts.open_cases_query, in order.
        cid, _, case_name, loan_name, consent, do_not_visit = row[:6]
        case_status = _CASE_STATUS[case_name]
        facts = row[16:]
        p = pos.get(lid)
        if p is None:
            dpd, bucket, amount = 0, "", 0
        else:
            _, dpd, amount = p
            bucket = buckets[dpd] if 0 <= dpd < _BUCKET_CAP else bucket_for(dpd)
        raw_contact = facts[3]
        last_contact_on = office_day(raw_contact)
        paused = facts[6] is not None
        short_on = None if facts[7] is None else _as_date(facts[7])
        # In the score from the breach on, as broken promises stay in it.
        ever_breached = short_on is not None and short_on < as_of
        status, next_action = _status_and_next_action(
            case_status,
            _LOAN_STATUS[loan_name],
            facts,
            as_of,
            last_contact_on,
            office_day(facts[4]),
            ever_breached and breach_stands(short_on, as_of, last_contact_on, office_day(facts[8])),
        )
        broken, kept = facts[0], facts[9]  # promises not kept, kept
        points = points_for(
            amount,
            dpd,
            broken,
            last_contact_on,
            facts[2] is not None and _as_date(facts[2]) == as_of,
            bool(consent and not do_not_visit and dpd >= field_min),
            ever_breached,
            recovery_chance(kept, kept + broken, lid in paid, cid in reached),
            next_action is not None and next_action <= as_of,
        )
        legal = status is CaseStatus.LEGAL  # with the lawyers: to the bottom, as a pause
        new = (
            date(next_action),
            today,
            dpd,
            bucket,
            amount,
            0 if paused or legal else sum(points),
            breakdown_json(points, paused, legal),
            flag(paused),
            flag(is_waiting(next_action, as_of, paused or legal, facts[2] and _as_date(facts[2]))),
            raw_contact,  # the last contact as the database gave it back
        )
        if status is not case_status:
            moved.append((stored.status(status), *new, cid))
        elif new != row[_SHOWN]:
            changed.append((*new, cid))
    return moved, changed


def rebuild_queue(
    session: Session,
    actor: User | None,
    as_of: dt.date | None = None,
    *,
    loan_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
    closed_by: User | None = None,
) -> RebuildSummary:
    """Bring cases up to date as of `as_of` (default: the office's queue date), all or some.

    Only the cases whose figures change are written, so a second rebuild on the same day costs
    the reading alone. The cycle collector is paused meanwhile: the rebuild reads and makes
    a few hundred thousand row tuples, and the collections they set off took a fifth of its time.
    The connection's page cache is raised to REBUILD_CACHE_KIB meanwhile, then given back.
    `closed_by`: the user whose payment closes the cases, who cancels their unsigned agreements.
    """
    connection = session.connection()
    old_cache = page_cache_at_least(connection, REBUILD_CACHE_KIB)  # SQLite only
    try:
        with gc_paused():
            return _rebuild(session, actor, as_of, loan_ids, progress, closed_by or actor)
    finally:
        page_cache(connection, old_cache)  # None: nothing to give back


def _rebuild(
    session: Session,
    actor: User | None,
    as_of: dt.date | None,
    loan_ids: Iterable[int] | None,
    progress: Progress | None,
    closed_by: User | None,
) -> RebuildSummary:
    if actor is not None:
        require(actor, Permission.REBUILD_QUEUE)
    started = time.perf_counter()
    as_of = as_of or settings.as_of(session)
    live = as_of >= office_today(session)  # the office's day, as the queue date defaults to
    scope = None if loan_ids is None else list(loan_ids)
    scorer = Scorer(as_of, settings.get_all(session, "priority."))
    field_min = int(settings.get(session, "queue.field_stage_min_dpd"))
    report = progress or (lambda stage, done, total: None)
    report("positions", 0, 4)
    evaluate_promises(session, as_of, scope)  # judged promises feed the facts below
    evaluate_agreements(session, as_of, scope)  # so do agreements; a completed one settles
    pos = overdue_figures(session, as_of, scope)  # loan id: (oldest unpaid due date, DPD, amount)
    open_cases = load_open_cases(session, scope)
    overdue = {lid for lid, p in pos.items() if p[1] > 0}

    report("lifecycle", 1, 4)
    office_day = _OfficeDay(office_zone(session))
    opened = closed = 0
    cancelled: dict[str, CloseReason] = {}
    if live:
        to_close = []
        for lid, row in open_cases.items():
            loan_status = _LOAN_STATUS[row[3]]  # the stored name
            if loan_status in _CLOSE_FOR:
                to_close.append({"b_id": row[0], "reason": _CLOSE_FOR[loan_status]})
            elif (
                loan_status is LoanStatus.ACTIVE
                and lid not in overdue
                and row[_AGREED] is None
                and not held_open(row, as_of, office_day)
            ):
                # Current on its schedule, no agreement in force, no breach or promise standing:
                # cured (a signed agreement keeps its case open until completed or breached).
                to_close.append({"b_id": row[0], "reason": CloseReason.CURED})
        if to_close:
            _close(session, to_close, as_of)
            # Paid off, settled, written off or cured: its unsigned agreements end with it.
            cancelled = cancel_unsigned_why(
                session, closed_by, {c["b_id"]: c["reason"] for c in to_close}
            )
            closed = len(to_close)
            closing = {c["b_id"] for c in to_close}
            open_cases = {lid: r for lid, r in open_cases.items() if r[0] not in closing}
        candidates = sorted(overdue - set(open_cases))
        statuses = _loan_status(session, candidates)
        new_loans = [lid for lid in candidates if statuses.get(lid) is LoanStatus.ACTIVE]
        if new_loans:
            _open(session, new_loans, pos, as_of)
            opened = len(new_loans)
            open_cases.update(load_open_cases(session, new_loans))

    report("scores", 3, 4)
    stored = Stored(session.connection().dialect)
    zone = office_day.zone
    cases = None if scope is None else [row[0] for row in open_cases.values()]
    reached = recovery.reached(session, as_of, zone, cases)  # borrowers talked to lately
    paid = recovery.paid(session, as_of, None if scope is None else open_cases)  # loans paid lately
    figures = (pos, as_of, scorer, field_min, stored, office_day, reached, paid)
    moved, changed = _figures(open_cases, *figures)
    write_figures(session, moved, _WRITTEN)
    write_figures(session, changed, _FIGURES)
    report("done", 4, 4)
    summary = RebuildSummary(
        as_of,
        len(pos),
        opened,
        closed,
        len(open_cases),
        time.perf_counter() - started,
        tuple(cancelled),
        tuple(n for n, why in cancelled.items() if why is CloseReason.CURED),
    )
    if scope is None:
        stamp_scoring(session)  # every open case now scored with this code's formula
        audit.record(
            session,
            actor,
            "queue.rebuild",
            "case",
            "",
            {
                "as_of": as_of.isoformat(),
                "opened": opened,
                "closed": closed,
                "open_cases": len(open_cases),
                "updated": len(moved) + len(changed),
            },
        )
    return summary
