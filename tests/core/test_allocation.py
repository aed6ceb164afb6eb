"""The payment waterfall: fees → interest → principal, oldest instalment first; nothing lost."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.loans.allocation import InstalmentBalance, allocate


def _inst(key, day, fee, interest, principal, paid=(0, 0, 0)):
    return InstalmentBalance(key, dt.date(2026, 1, day), fee, interest, principal, *paid)


def test_oldest_first_fees_interest_principal():
    insts = [_inst(2, 20, 0, 100, 900), _inst(1, 10, 50, 100, 900)]
    allocs, credit = allocate(1_200, insts)
    assert credit == 0
    assert [(a.key, a.fee, a.interest, a.principal) for a in allocs] == [
        (1, 50, 100, 900),
        (2, 0, 100, 50),
    ]
    assert insts[0].principal_paid == 50 and insts[1].outstanding == 0


def test_partial_payment_stops_in_interest():
    insts = [_inst(1, 10, 30, 100, 900)]
    allocs, credit = allocate(80, insts)
    assert (allocs[0].fee, allocs[0].interest, allocs[0].principal, credit) == (30, 50, 0, 0)


def test_already_paid_parts_are_skipped():
    insts = [_inst(1, 10, 0, 100, 900, paid=(0, 100, 400)), _inst(2, 20, 0, 100, 900)]
    allocs, _ = allocate(600, insts)
    assert [(a.key, a.interest, a.principal) for a in allocs] == [(1, 0, 500), (2, 100, 0)]


def test_overpayment_becomes_credit():
    insts = [_inst(1, 10, 0, 100, 900)]
    allocs, credit = allocate(1_500, insts)
    assert allocs[0].total == 1_000 and credit == 500


def test_non_positive_amount_refused():
    with pytest.raises(ValueError):
        allocate(0, [_inst(1, 10, 0, 1, 1)])


balances = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.integers(0, 100_000),
        st.integers(0, 1_000_000),
        st.floats(0, 1),
        st.integers(1, 28),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(rows=balances, payments=st.lists(st.integers(1, 2_000_000), min_size=1, max_size=8))
def test_nothing_created_or_lost(rows, payments):
    insts = []
    for key, (fee, interest, principal, share, day) in enumerate(rows):
        paid_p = int(principal * share)
        insts.append(
            InstalmentBalance(key, dt.date(2026, 1, day), fee, interest, principal, 0, 0, paid_p)
        )
    owed_before = sum(i.outstanding for i in insts)
    total_credit = 0
    for amount in payments:
        allocs, credit = allocate(amount, insts)
        assert sum(a.total for a in allocs) + credit == amount
        assert all(a.fee >= 0 and a.interest >= 0 and a.principal >= 0 for a in allocs)
        total_credit += credit
    for i in insts:
        assert 0 <= i.fee_paid <= i.fee_due
        assert 0 <= i.interest_paid <= i.interest_due
        assert 0 <= i.principal_paid <= i.principal_due
    paid = sum(payments)
    assert owed_before - sum(i.outstanding for i in insts) + total_credit == paid
    # credit only appears once everything is paid
    assert total_credit == 0 or all(i.outstanding == 0 for i in insts)


@settings(max_examples=300, deadline=None)
@given(rows=balances, amount=st.integers(1, 3_000_000))
def test_waterfall_order_holds(rows, amount):
    insts = [
        InstalmentBalance(k, dt.date(2026, 1, day), fee, interest, principal)
        for k, (fee, interest, principal, _share, day) in enumerate(rows)
    ]
    allocs, _ = allocate(amount, insts)
    order = sorted(insts, key=lambda i: (i.due_on, i.key))
    touched = {a.key for a in allocs}
    # every instalment before the last one touched is fully paid
    if touched:
        last = max(order.index(i) for i in order if i.key in touched)
        assert all(i.outstanding == 0 for i in order[:last])
    for a in allocs:
        inst = next(i for i in insts if i.key == a.key)
        if a.interest:
            assert inst.fee_paid == inst.fee_due
        if a.principal:
            assert inst.interest_paid == inst.interest_due
