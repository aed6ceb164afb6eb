"""Demo borrowers' payment behaviour: on time, late, cured, defaulted, settled or paid early,
played out up to the build date through the ledger's one waterfall (app/demo/ledger.py)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from app.cases.delinquency import BUCKETS as AGING_BANDS
from app.loans.schedule import add_months
from app.models import LoanStatus

if TYPE_CHECKING:
    from app.demo.ledger import LedgerBuilder, LoanFacts

# Overdue buckets: label, lowest and highest DPD.
# The core's aging bands, as (label, low, high) with an open top band capped for sampling.
BUCKETS = [(name, low, high or 100_000) for low, high, name in AGING_BANDS]
BUCKET_WEIGHTS = [0.36, 0.18, 0.12, 0.17, 0.17]
YUAN = 100
REINSTATE_EVERY = 25  # of the write-offs a month or more old, one in this many was undone
DAYS = [dt.timedelta(days=n) for n in range(32)]


class Payer:
    """One borrower's behaviour: on time, late, cured, defaulted, settled or paid early."""

    def __init__(self, ledger: LedgerBuilder, facts: LoanFacts) -> None:
        self.ledger, self.facts, self.ctx = ledger, facts, ledger.ctx
        self.rng = self.ctx.rng
        self.next = 0  # index of the first instalment not fully paid
        self.paid_off: dict[int, dt.date] = {}
        self.last_paid: dt.date = facts.disbursed_on
        self.first_day = facts.disbursed_on + DAYS[1]  # no payment on the day of disbursement

    def pay(self, amount: int, on: dt.date) -> None:
        """Post a payment and remember which instalments it paid off."""
        if amount <= 0 or on > self.ctx.as_of:
            return
        on = max(on, self.last_paid, self.first_day)
        first = self.next
        self.ledger.post(self.facts, amount, on, first)
        balances = self.facts.balances
        count, nxt = len(balances), first
        while nxt < count:
            b = balances[nxt]
            if (
                b.fee_due
                + b.interest_due
                + b.principal_due
                - b.fee_paid
                - b.interest_paid
                - b.principal_paid
            ):
                break
            nxt += 1
        self.next = nxt
        # The waterfall pays the oldest first: what this payment paid off is next's advance.
        if nxt > first:
            paid_off = self.paid_off
            for b in balances[first:nxt]:
                if b.key not in paid_off:
                    paid_off[b.key] = on
        self.last_paid = on

    def pay_instalments(self, until: int, lateness: float = 0.0) -> None:
        """Pay instalments next..until-1 each around its due date (some late, some rounded up)."""
        balances, rng = self.facts.balances, self.rng
        for i in range(self.next, min(until, len(balances))):
            b = balances[i]
            owed = b.outstanding
            if owed == 0:
                continue
            if lateness and rng.random() < lateness:
                on = b.due_on + DAYS[1 + int(rng.random() * 15)]
            else:
                on = b.due_on - DAYS[int(rng.random() * 6)]
            if on > self.ctx.as_of:
                return
            amount = owed
            if rng.random() < 0.08:  # rounded up to the next hundred yuan: prepays the next one
                amount = -(-amount // (100 * YUAN)) * 100 * YUAN
            self.pay(amount, on)

    def due_indexes(self) -> list[int]:
        """Indexes of the instalments due before the build date (due dates only grow)."""
        as_of, balances = self.ctx.as_of, self.facts.balances
        count = len(balances)
        while count and balances[count - 1].due_on >= as_of:
            count -= 1
        return list(range(count))

    def run(self) -> dict[int, dt.date]:
        """Choose a behaviour and play it out up to the build date."""
        due = self.due_indexes()
        u = self.rng.random()
        if not due:
            pass
        elif u < 0.255:
            self.default(due)
        elif u < 0.325 and len(due) >= 2:
            self.cure(due)
        elif u < 0.365:
            self.pay_early(due)
        else:
            self.pay_instalments(len(self.facts.balances), 0.25 if u < 0.45 else 0.0)
        return self.paid_off

    def default(self, due: list[int]) -> None:
        """Pay until one instalment, then stop (maybe a partial payment): the loan is overdue."""
        as_of, rng, balances = self.ctx.as_of, self.rng, self.facts.balances
        choices: list[tuple[str, list[int]]] = []
        weights: list[float] = []
        for (label, low, high), weight in zip(BUCKETS, BUCKET_WEIGHTS, strict=True):
            hits = [i for i in due if low <= (as_of - balances[i].due_on).days <= min(high, 720)]
            if hits:
                choices.append((label, hits))
                weights.append(weight)
        if not choices:
            self.pay_instalments(len(balances))
            return
        label, hits = self.ctx.weighted(choices, weights)
        j = self.ctx.pick(hits)
        self.pay_instalments(j)
        if self.next != j:  # a rounded-up payment already covered instalment j
            return
        missed = balances[j].due_on
        self.facts.missed_due = missed
        dpd = (as_of - missed).days
        if dpd > 1 and rng.random() < 0.45:
            part = balances[j].outstanding * rng.randint(20, 80) // 100
            self.pay(
                part // YUAN * YUAN or YUAN,
                missed + dt.timedelta(days=rng.randint(1, min(dpd - 1, 25))),
            )
        if dpd > 75 and rng.random() < 0.09:
            self.settle(missed, dpd)
        elif dpd > 200 and rng.random() < 0.25:
            self.facts.status = LoanStatus.WRITTEN_OFF
            self.facts.closed_on = self.ctx.day_between(missed + dt.timedelta(days=181), as_of)
            self.reinstate_some()
        elif dpd > 120 and rng.random() < 0.12:
            self.facts.status = LoanStatus.LEGAL

    def reinstate_some(self) -> None:
        """The first write-off a month or more old, and one in REINSTATE_EVERY after it, was
        undone later: the borrower turned up again. The day comes from the loan's own
        randomness, so the rest of the build draws what it drew before."""
        facts, as_of = self.facts, self.ctx.as_of
        off = facts.closed_on
        if off is None or (as_of - off).days < 30:
            return
        self.ledger.old_write_offs += 1
        if (self.ledger.old_write_offs - 1) % REINSTATE_EVERY:
            return
        own = random.Random(f"reinstate:{facts.id}:{off}")
        back = off + dt.timedelta(days=own.randint(7, (as_of - off).days - 1))
        facts.reinstated = (off, back)
        facts.status, facts.closed_on = LoanStatus.ACTIVE, None

    def settle(self, missed: dt.date, dpd: int) -> None:
        """A settlement agreement: the borrower pays part of the debt, the rest is waived."""
        rng = self.rng
        debt = sum(b.outstanding for b in self.facts.balances)
        settled = debt * rng.randint(60, 90) // 100 // YUAN * YUAN
        if settled < YUAN:
            return
        signed = missed + dt.timedelta(days=rng.randint(45, max(46, dpd - 20)))
        parts = rng.choice((1, 1, 2, 3))
        amounts = [settled // parts] * (parts - 1)
        amounts.append(settled - sum(amounts))
        pays = []
        for k, amount in enumerate(amounts):
            on = add_months(signed, k) + dt.timedelta(days=rng.randint(0, 3))
            if on >= self.ctx.as_of:
                return  # not finished by the build date: stays an ordinary overdue loan
            pays.append((on, amount))
        for on, amount in pays:
            self.pay(amount, on)
        self.facts.settlement = (signed, debt, pays)
        self.facts.status = LoanStatus.SETTLED
        self.facts.closed_on = pays[-1][0]

    def cure(self, due: list[int]) -> None:
        """Miss one to three instalments, then catch up in one payment and carry on."""
        rng, balances, as_of = self.rng, self.facts.balances, self.ctx.as_of
        j = self.ctx.pick(due[:-1])
        missed = balances[j].due_on
        caught_up = missed + dt.timedelta(days=rng.randint(8, 95))
        if caught_up >= as_of:
            self.pay_instalments(len(balances))
            return
        self.pay_instalments(j)
        if self.next != j:
            return
        owed = sum(b.outstanding for b in balances if b.due_on <= caught_up)
        self.pay(owed, caught_up)
        self.facts.cured = (missed, caught_up)
        self.pay_instalments(len(balances))

    def pay_early(self, due: list[int]) -> None:
        """Pay for a while, then repay everything at once (a few with something over: credit)."""
        rng, balances = self.rng, self.facts.balances
        k = self.ctx.pick(due)
        self.pay_instalments(k)
        if self.next != k:
            return
        on = balances[k].due_on + dt.timedelta(days=rng.randint(1, 20))
        if on > self.ctx.as_of:
            on = self.ctx.as_of
        extra = rng.randint(1, 300) * YUAN if rng.random() < 0.3 else 0
        self.pay(sum(b.outstanding for b in balances) + extra, on)
