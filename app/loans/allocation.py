"""The payment waterfall: oldest instalment first; within it fees → interest → principal.

Pure functions over plain data, so the posting use case, the importer and the demo builder
share exactly one rule. Whatever is left after every instalment is paid becomes the loan's
credit: nothing is created or lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter


@dataclass(slots=True)
class InstalmentBalance:
    key: int  # instalment id (or seq before it has an id)
    due_on: dt.date
    fee_due: int
    interest_due: int
    principal_due: int
    fee_paid: int = 0
    interest_paid: int = 0
    principal_paid: int = 0

    @property
    def outstanding(self) -> int:
        return (
            self.fee_due
            + self.interest_due
            + self.principal_due
            - self.fee_paid
            - self.interest_paid
            - self.principal_paid
        )


@dataclass(frozen=True, slots=True)
class Allocation:
    key: int
    fee: int
    interest: int
    principal: int

    @property
    def total(self) -> int:
        return self.fee + self.interest + self.principal


_ORDER = attrgetter("due_on", "key")  # oldest first; C-level key, this runs per payment


def allocate(amount: int, instalments: Sequence[InstalmentBalance]) -> tuple[list[Allocation], int]:
    """Split `amount` over the instalments (updating their *_paid); return allocations, credit."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    left = amount
    allocations: list[Allocation] = []
    for inst in sorted(instalments, key=_ORDER):
        fee = min(left, inst.fee_due - inst.fee_paid)
        left -= fee
        interest = min(left, inst.interest_due - inst.interest_paid)
        left -= interest
        principal = min(left, inst.principal_due - inst.principal_paid)
        left -= principal
        if fee or interest or principal:
            inst.fee_paid += fee
            inst.interest_paid += interest
            inst.principal_paid += principal
            allocations.append(Allocation(inst.key, fee, interest, principal))
        if left == 0:
            break
    return allocations, left


@dataclass(frozen=True, slots=True)
class Paying:
    """One payment in a replay: `key` names it (a payment's id, or a file's row)."""

    key: int
    paid_on: dt.date
    amount: int


@dataclass(slots=True)
class Replayed:
    """What a replay of a loan's payments, in their order, came to."""

    allocations: dict[int, list[Allocation]]  # payment key → its allocations
    credit: dict[int, int]  # payment key → what it left as credit
    paid_off: dict[int, dt.date]  # instalment key → the day it was paid off in full
    closed_on: dt.date | None  # the day the whole loan was, if it was
    closed_by: int | None  # the key of the payment that paid it off
    refused: list[int]  # keys of the refusable payments that came after the loan was paid


def unwind(instalments: Sequence[InstalmentBalance], allocations: Iterable[Allocation]) -> None:
    """Take allocations back off the instalments' *_paid, as if never made."""
    by_key = {b.key: b for b in instalments}
    for a in allocations:
        b = by_key[a.key]
        b.fee_paid -= a.fee
        b.interest_paid -= a.interest
        b.principal_paid -= a.principal


def replay(
    instalments: Sequence[InstalmentBalance],
    payments: Sequence[Paying],
    refusable: Container[int] = (),
) -> Replayed:
    """Run `payments`, already in (date, posting) order, through the waterfall one by one.

    An instalment is paid off on the date of the payment that completed it, the loan on the
    date of the one that completed the last. A payment that comes after that is credit, unless
    it is `refusable` (a file's row, not yet posted): it is refused instead."""
    done = {b.key for b in instalments if b.outstanding == 0}
    by_key = {b.key: b for b in instalments}
    found = Replayed({}, {}, {}, None, None, [])
    for p in payments:
        if found.closed_on is not None and p.key in refusable:
            found.refused.append(p.key)
            continue
        parts, credit = allocate(p.amount, instalments)
        found.allocations[p.key], found.credit[p.key] = parts, credit
        for a in parts:
            b = by_key[a.key]
            if b.outstanding == 0 and b.key not in done:
                found.paid_off[b.key] = p.paid_on
                done.add(b.key)
        if found.closed_on is None and len(done) == len(instalments):
            found.closed_on, found.closed_by = p.paid_on, p.key
    return found
