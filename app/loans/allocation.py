"""The payment waterfall: oldest instalment first; within it fees → interest → principal.

Pure functions over plain data, so the posting use case, the importer and the demo builder
share exactly one rule. Whatever is left after every instalment is paid becomes the loan's
credit: nothing is created or lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
