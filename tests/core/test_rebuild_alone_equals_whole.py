"""A case recomputed alone (what a payment, a contact, a visit, an agreement or a complaint does to
its case at once) must show what a rebuild of the whole office as of the same date shows it: the
two paths read the facts with different SQL (app/cases/facts.py: grouped joins for the office,
correlated subqueries for a few cases), and QA found them disagreeing once (a case rebuilt alone
took the office's latest breached agreement as its own).

The demo office (tests/conftest.py's demo_db, on each engine), as of its day, a look-back and two
later days (agreements fall due and breach, promises break, new cases open)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import settings
from app.cases.rebuild import rebuild_queue
from app.models import Case, CaseStatus
from tests.core.rebuild_compare import case_numbers, differences, scramble, snapshot

OPEN_STATUSES = set(CaseStatus) - {CaseStatus.CLOSED}
SHIFTS = (0, -20, 15, 40)  # days from the office's queue date


def _open_loans(s) -> dict[int, tuple[int, CaseStatus]]:  # type: ignore[no-untyped-def]
    """Open case id -> (loan id, status)."""
    rows = s.execute(
        select(Case.id, Case.loan_id, Case.status).where(Case.status != CaseStatus.CLOSED)
    )
    return {cid: (lid, status) for cid, lid, status in rows}


def test_every_case_recomputed_alone_shows_what_the_whole_office_rebuild_shows(demo_db) -> None:
    seen: set[CaseStatus] = set()
    for shift in SHIFTS:
        with demo_db.session() as s:
            as_of = settings.as_of(s) + dt.timedelta(days=shift)
            rebuild_queue(s, None, as_of)
            whole = snapshot(s)
            names = case_numbers(s)
            cases = _open_loans(s)
            seen |= {status for _lid, status in cases.values()}
            problems = []
            for cid, (lid, _status) in sorted(cases.items()):
                scramble(s, cid)
                # The entry point every use case calls after a change to the case.
                rebuild_queue(s, None, as_of, loan_ids=[lid])
                alone = {cid: snapshot(s)[cid]}
                problems += differences({cid: whole[cid]}, alone, names)
            # Recomputing each case alone left every case (open or closed) as the office's showed.
            problems += differences(whole, snapshot(s), names)
            assert not problems, f"as of {as_of}:\n" + "\n".join(problems[:40])
            s.rollback()
    assert seen == OPEN_STATUSES, f"statuses never seen: {OPEN_STATUSES - seen}"


@pytest.mark.parametrize("shift", [0, 40])
def test_nothing_changes_when_a_whole_office_rebuild_follows_one(demo_db, shift) -> None:
    """The other way round, at rest: the whole office rebuilt twice writes the same."""
    with demo_db.session() as s:
        as_of = settings.as_of(s) + dt.timedelta(days=shift)
        rebuild_queue(s, None, as_of)
        first = snapshot(s)
        rebuild_queue(s, None, as_of)
        assert not differences(first, snapshot(s), case_numbers(s))


@pytest.mark.parametrize("shift", [15, 40])
def test_promises_and_agreements_judged_alone_as_the_whole_office_judges_them(
    demo_db, shift
) -> None:
    """Days later, each case recomputed alone first (its promises and agreements judged for its
    loan only: kept, broken, breached), then the whole office: the same on every case."""
    with demo_db.session() as s:
        as_of = settings.as_of(s) + dt.timedelta(days=shift)
        cases = _open_loans(s)
        for _cid, (lid, _status) in sorted(cases.items()):
            rebuild_queue(s, None, as_of, loan_ids=[lid])
        alone = {cid: row for cid, row in snapshot(s).items() if cid in cases}
        rebuild_queue(s, None, as_of)
        whole = {cid: row for cid, row in snapshot(s).items() if cid in cases}
        problems = differences(whole, alone, case_numbers(s))
        assert not problems, "\n".join(problems[:40])
        moved = {cid for cid, row in whole.items() if row["status"] != cases[cid][1]}
        assert moved, "nothing was judged anew"
