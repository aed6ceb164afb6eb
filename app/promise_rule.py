"""The promise rule itself, with no database: how one loan's payments are shared among its
promises and what each is judged (app/promises.py says the rule and when it runs)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.models import PromiseStatus


def judge(amount: int, paid: int) -> PromiseStatus:
    """A promise of `amount` that took `paid`: kept, partial or broken."""
    if paid >= amount:
        return PromiseStatus.KEPT
    return PromiseStatus.PARTIAL if paid > 0 else PromiseStatus.BROKEN


def as_date(value: Any) -> dt.date:
    """A date as the query gives it back (text for an expression on SQLite)."""
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def made_on(created_at: dt.datetime | str, zone: zoneinfo.ZoneInfo) -> dt.date:
    """The office-local day a promise was made, on which its window opens, from its creation
    time: stored in UTC, given back aware, naive or (by a raw query on SQLite) as text."""
    moment = dt.datetime.fromisoformat(created_at) if isinstance(created_at, str) else created_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).date()


@dataclass
class Claim:
    promise_id: int
    amount: int  # what the promise wants: its amount, or for one held as judged what it was paid
    since: dt.date
    due: dt.date
    status: PromiseStatus  # as stored
    old_paid: int
    again: bool = False  # judged, and judged again in this run
    got: int = 0

    @property
    def pending(self) -> bool:
        return self.status is PromiseStatus.PENDING


def share(claims: list[Claim], payments: list[tuple[dt.date, int]], as_of: dt.date) -> None:
    """Share one loan's payments (date, amount) among its promises: earliest due first (then
    first made), each taking from its window the earliest payments not yet taken."""
    ordered = sorted(payments, key=lambda pay: pay[0])
    days = [day for day, _ in ordered]
    left = [amount for _, amount in ordered]  # what each payment has not yet given
    for claim in sorted(claims, key=lambda c: (c.due, c.promise_id)):
        until = min(claim.due, as_of)
        for n, day in enumerate(days):
            if claim.got >= claim.amount or day > until:
                break
            if day < claim.since or left[n] == 0:
                continue
            take = min(left[n], claim.amount - claim.got)
            left[n] -= take
            claim.got += take


@dataclass(frozen=True)
class Judged:
    """What judging gives a promise: its status, what it was paid, the day it was judged."""

    status: PromiseStatus
    paid: int
    evaluated_on: dt.date | None  # None while pending


def judge_new(
    promises: Iterable[tuple[int, int, dt.date, dt.date]],
    payments: Iterable[tuple[dt.date, int]],
    as_of: dt.date,
) -> dict[int, Judged]:
    """One loan's promises (id, amount, day made (`made_on`), due date), none judged yet, as
    `evaluate_promises` run every day up to `as_of` leaves them, by the module's rule: each is
    judged the day after its due date. One run gives the same as the daily ones: a promise
    judged earlier took the same payments then as now, since none made later falls due before
    it. For what builds a history in one go (the demo office)."""
    pending = PromiseStatus.PENDING
    claims = [Claim(pid, amount, made, due, pending, 0) for pid, amount, made, due in promises]
    share(claims, list(payments), as_of)
    return {
        c.promise_id: Judged(judge(c.amount, c.got), c.got, c.due + dt.timedelta(days=1))
        if c.due < as_of
        else Judged(PromiseStatus.PENDING, c.got, None)
        for c in claims
    }
