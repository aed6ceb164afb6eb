"""A judged promise follows the payments dated in its window, whenever they are posted: a payment
posted after the judging, dated on or before the due date, judges the loan's promises again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from app.audit_words import Reader
from app.cases.payments import find_loan, record_payment
from app.cases.rebuild import rebuild_queue
from app.importer import import_payments
from app.models import (
    AuditEntry,
    Case,
    CaseStatus,
    Promise,
    PromiseStatus,
)
from app.promises import create_promise
from app.queries.case_page import case_detail
from app.queries.dashboard import dashboard
from tests.core import importer_files as f
from tests.core.test_promises import _user, office  # noqa: F401 (a fixture): three overdue loans
from tests.office_day import SHANGHAI, office_today

TODAY = office_today()
MADE = TODAY - dt.timedelta(days=5)  # the promises were made five days ago …
DUE = TODAY - dt.timedelta(days=1)  # … and fell due yesterday: judged today


def _case(s, loan_no: str = "L1") -> Case:
    case = s.scalar(select(Case).where(Case.loan_id == find_loan(s, loan_no).id))
    s.refresh(case)
    return case


def _promise(s, amount: int, due: dt.date = DUE, loan_no: str = "L1") -> Promise:
    """A promise made on MADE (its creation time moved back to that day)."""
    case = _case(s, loan_no)
    promise = create_promise(s, _user(s, "agent01"), case, amount, due, today=MADE)
    promise.created_at = dt.datetime.combine(MADE, dt.time(2, 30), tzinfo=dt.UTC)
    s.flush()
    return promise


def _judged(s, *promises: Promise) -> list[tuple[PromiseStatus, int]]:
    for promise in promises:
        s.refresh(promise)
    return [(p.status, p.paid_amount) for p in promises]


def _rejudged(s) -> list[dict]:
    entries = s.scalars(
        select(AuditEntry).where(AuditEntry.action == "promise.rejudge").order_by(AuditEntry.id)
    )
    return [{"case": e.entity_id, "user": e.user_id, **e.changes} for e in entries]


def test_a_payment_posted_after_the_judging_keeps_the_broken_promise(office):  # noqa: F811
    """QA's case: promised by yesterday, paid yesterday, posted today after the daily rebuild
    judged the promise broken."""
    with office.session() as s:
        sup = _user(s, "supervisor")
        promise = _promise(s, 50_000)
        rebuild_queue(s, None, TODAY)  # the day's first rebuild judges it: nothing came in
        case = _case(s)
        assert _judged(s, promise) == [(PromiseStatus.BROKEN, 0)]
        assert case.status is CaseStatus.PROMISE_BROKEN
        assert case.score_breakdown["broken_promises"] > 0
        assert dashboard(s, sup, TODAY).promises_broken_this_week == 1

        record_payment(s, sup, "L1", 50_000, DUE, reference="BANK-LATE")  # dated yesterday

        assert _judged(s, promise) == [(PromiseStatus.KEPT, 50_000)]
        assert promise.evaluated_on == TODAY  # the day it was first judged
        case = _case(s)
        assert case.status is not CaseStatus.PROMISE_BROKEN
        assert case.score_breakdown["broken_promises"] == 0
        assert dashboard(s, sup, TODAY).promises_broken_this_week == 0
        shown = [i.detail for i in case_detail(s, sup, case.case_no, "en").timeline]
        assert "Kept; paid 500.00" in shown
        assert not any(d.startswith("Broken") for d in shown)
        assert _rejudged(s) == [
            {
                "case": case.case_no,
                "user": None,  # the system's entry, as for every automatic judgement
                "promise_id": promise.id,
                "due_on": DUE.isoformat(),
                "amount": 50_000,
                "old": {"status": "broken", "paid": 0},
                "new": {"status": "kept", "paid": 50_000},
            }
        ]
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "promise.rejudge"))
        assert Reader("en", SHANGHAI).describe(entry.action, entry.changes) == (
            f"Status: Broken → Kept; Paid: 0.00 → 500.00; Due on: {DUE.isoformat()}; Amount: 500.00"
        )
        rebuild_queue(s, None, TODAY)  # the whole book's rebuild keeps it so
        assert _judged(s, promise) == [(PromiseStatus.KEPT, 50_000)]
        assert len(_rejudged(s)) == 1


def test_a_partly_kept_promise_is_kept_by_the_rest_posted_late(office):  # noqa: F811
    with office.session() as s:
        sup = _user(s, "supervisor")
        promise = _promise(s, 50_000)
        record_payment(s, sup, "L1", 20_000, MADE + dt.timedelta(days=1), reference="PART")
        rebuild_queue(s, None, TODAY)
        assert _judged(s, promise) == [(PromiseStatus.PARTIAL, 20_000)]
        assert _case(s).status is CaseStatus.PROMISE_BROKEN  # partly kept is not kept

        record_payment(s, sup, "L1", 30_000, DUE, reference="REST")

        assert _judged(s, promise) == [(PromiseStatus.KEPT, 50_000)]
        assert _case(s).status is not CaseStatus.PROMISE_BROKEN
        assert [(e["old"], e["new"]) for e in _rejudged(s)] == [
            ({"status": "partial", "paid": 20_000}, {"status": "kept", "paid": 50_000})
        ]


def test_a_late_payment_in_two_windows_keeps_only_the_earlier_promise(office):  # noqa: F811
    """Both promises judged broken; a payment dated inside both windows, posted late, belongs
    to the one due first, and never keeps the second too."""
    with office.session() as s:
        sup = _user(s, "supervisor")
        later = _promise(s, 50_000, due=DUE)  # made first, falls due the same day
        earlier = _promise(s, 50_000, due=DUE - dt.timedelta(days=1))
        rebuild_queue(s, None, TODAY)
        assert _judged(s, earlier, later) == [(PromiseStatus.BROKEN, 0)] * 2

        record_payment(s, sup, "L1", 60_000, MADE + dt.timedelta(days=1), reference="BOTH")

        assert _judged(s, earlier, later) == [
            (PromiseStatus.KEPT, 50_000),
            (PromiseStatus.PARTIAL, 10_000),  # what is left of the payment
        ]
        assert _case(s).score_breakdown["broken_promises"] > 0  # one is still not kept
        assert {e["promise_id"] for e in _rejudged(s)} == {earlier.id, later.id}


def test_a_later_promise_gives_up_a_payment_the_earlier_one_now_takes(office):  # noqa: F811
    """The loan's promises are shared out again from the start: a later promise left credited
    with a payment that, by the rule, belongs to an earlier one (as judging it final used to
    leave it when the payment was posted late) gives it up."""
    with office.session() as s:
        sup = _user(s, "supervisor")
        earlier = _promise(s, 50_000, due=DUE - dt.timedelta(days=1))
        later = _promise(s, 50_000, due=DUE)
        rebuild_queue(s, None, TODAY)
        record_payment(s, sup, "L1", 50_000, MADE + dt.timedelta(days=1), reference="ONE")
        assert _judged(s, earlier, later) == [
            (PromiseStatus.KEPT, 50_000),
            (PromiseStatus.BROKEN, 0),
        ]
        # The state the earlier code left: the earlier promise broken, the later one kept by the
        # same payment.
        s.execute(
            update(Promise)
            .where(Promise.id == earlier.id)
            .values(status=PromiseStatus.BROKEN, paid_amount=0)
        )
        s.execute(
            update(Promise)
            .where(Promise.id == later.id)
            .values(status=PromiseStatus.KEPT, paid_amount=50_000)
        )
        record_payment(s, sup, "L1", 10_000, TODAY, reference="AFTER")  # in no window

        assert _judged(s, earlier, later) == [
            (PromiseStatus.KEPT, 50_000),
            (PromiseStatus.BROKEN, 0),
        ]
        moved = {e["promise_id"]: (e["old"]["status"], e["new"]["status"]) for e in _rejudged(s)}
        assert moved[earlier.id] == ("broken", "kept") and moved[later.id] == ("kept", "broken")


def test_a_payments_import_judges_its_loans_promises_again(office, tmp_path):  # noqa: F811
    with office.session() as s:
        promise = _promise(s, 50_000)
        other = _promise(s, 50_000, loan_no="L2")
        rebuild_queue(s, None, TODAY)
        assert _judged(s, promise, other) == [(PromiseStatus.BROKEN, 0)] * 2
    path = f.write_csv(
        tmp_path / "pay.csv", f.PAYMENT_ZH, [["L1", DUE.isoformat(), "500.00", "IMP-1", ""]]
    )
    with office.session() as s:
        report = import_payments(s, _user(s, "admin"), path, today=TODAY, rebuild=False)
        assert report.imported and not report.errors
    with office.session() as s:
        assert _judged(s, s.get(Promise, promise.id), s.get(Promise, other.id)) == [
            (PromiseStatus.KEPT, 50_000),
            (PromiseStatus.BROKEN, 0),  # another loan's promise: untouched
        ]
        assert [e["promise_id"] for e in _rejudged(s)] == [promise.id]
