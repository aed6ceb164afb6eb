"""Repayment agreements: drafting and plans to the minor unit, waiver approval, gap-free numbers,
frozen signed terms, supersede, and watching (completed settles and closes the case, a missed
instalment breaches it and sends the case back to the queue)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import func, select, update

from app import settings
from app.agreements import (
    PlanRow,
    agreement_detail,
    approve,
    cancel,
    draft_plan,
    draft_settlement,
    edit_draft,
    evaluate_agreements,
    generate_plan,
    list_agreements,
    sign,
)
from app.agreements.holiday_dates import next_open_day
from app.agreements.plan import check_plan
from app.auth import add_user
from app.cases.payments import find_loan, record_payment
from app.cases.rebuild import rebuild_queue
from app.concurrency import StaleEdit
from app.errors import PermissionDenied, ValidationError
from app.labels import AGREEMENT_INSTALMENT_STATUS, label
from app.loans.schedule import add_months
from app.loans.service import book_loan
from app.models import (
    Agreement,
    AgreementStatus,
    AuditEntry,
    Borrower,
    Case,
    CaseStatus,
    CloseReason,
    LoanProduct,
    LoanStatus,
    Segment,
    Sequence,
    User,
)
from app.office import create_office
from app.privacy import hash_key, id_hash
from app.reporting import portfolio_report
from app.reporting.period import office_today
from tests.office_day import months_ago

# 12,000.00 over 12 months at 0%: 1,000.00 due on the 10th of each month, the
# last one or two still to come.
DISBURSED = months_ago(11, 10)


def _today() -> dt.date:
    """The office's today (Shanghai), as the core dates agreements: read when used, not at
    import, so a run that crosses midnight agrees with the code; the computer's date is a day
    behind it from 16:00 UTC."""
    return dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()


DEBT = 1_200_000


@pytest.fixture
def office(db):
    return build_office(db)


def build_office(db):
    """Admin, supervisor, agent01 and agent02; loans L1–L3 of 12,000.00, long overdue, each
    with an open case assigned to agent01."""
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        agent = add_user(s, admin, "agent01", "agent", "pw-agent")
        add_user(s, admin, "agent02", "agent", "pw-agent")
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        ids = ["11010519491231002X", "440524188001010014", "110101199003071934"]
        for n, nid in enumerate(ids, start=1):
            b = Borrower(
                borrower_no=f"B{n}",
                name=f"借款人{n}",
                national_id=nid,
                national_id_hash=id_hash(hash_key(s), nid),
                segment=Segment.YOUNG,
            )
            s.add(b)
            book_loan(
                s,
                admin,
                loan_no=f"L{n}",
                borrower=b,
                product=product,
                principal=DEBT,
                term_months=12,
                disbursed_on=DISBURSED,
                annual_rate_bp=0,
            )
        rebuild_queue(s, None, _today())  # three long-overdue loans: three open cases
        s.execute(update(Case).values(assigned_agent_id=agent.id))
    return db


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


def _case(s, loan_no: str) -> Case:
    case = s.scalar(
        select(Case).where(Case.loan_id == find_loan(s, loan_no).id).order_by(Case.id.desc())
    )
    s.refresh(case)
    return case


def _agreement(s, number: str) -> Agreement:
    agreement = s.scalar(select(Agreement).where(Agreement.agreement_no == number))
    s.refresh(agreement)
    return agreement


def _first_due(s, number: str, start: dt.date) -> dt.date:
    """The plan's first instalment's due date as drafted: `start`, or the day drafting moved it
    to off a public holiday (app/agreements/holiday_dates.py: a start on 2027-02-10, in the
    Spring Festival, falls due on the 11th)."""
    due = _agreement(s, number).instalments[0].due_on
    assert start <= due <= start + dt.timedelta(days=15), (start, due)
    return due


def test_generated_plan_splits_evenly_with_the_remainder_last_and_monthly_dates() -> None:
    rows = generate_plan(1_000_001, 3, dt.date(2027, 1, 31))
    assert [r.amount for r in rows] == [333_333, 333_333, 333_335]
    assert sum(r.amount for r in rows) == 1_000_001
    assert [r.due_on for r in rows] == [
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 28),
        dt.date(2027, 3, 31),
    ]
    with pytest.raises(ValidationError, match="cannot be split"):
        generate_plan(2, 3, dt.date(2027, 1, 1))
    with pytest.raises(ValidationError, match="at most"):
        generate_plan(1_000_000, 61, dt.date(2027, 1, 1))


def test_draft_approve_sign_makes_the_case_an_agreement(office) -> None:
    # Not a public holiday, which the plan would move off (the case's next action is checked).
    start = next_open_day("CN", _today() + dt.timedelta(days=7))
    with office.session() as s:
        agent = _user(s, "agent01")
        a = draft_plan(
            s,
            agent,
            _case(s, "L1").case_no,
            count=4,
            start=start,
            stated_reason="失业后收入中断",
            stated_capacity="每月约 3000 元",
        )
        number = a.agreement_no
        assert number == f"AG-{_today().year}-000001"
        assert (a.debt_amount, a.settled_amount, a.waiver_amount) == (DEBT, DEBT, 0)
        assert [i.amount for i in a.instalments] == [300_000] * 4
        assert a.status is AgreementStatus.DRAFT
        # No waiver: within the agent's authority, so the agent issues it.
        approve(s, agent, number)
        sign(s, agent, number, _today())
        a = _agreement(s, number)
        assert a.status is AgreementStatus.ACTIVE  # signed, and watched from now on
        case = _case(s, "L1")
        assert case.status is CaseStatus.AGREEMENT
        assert case.next_action_on == start
        actions = s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_id == number).order_by(AuditEntry.id)
        ).all()
        assert actions == ["agreement.draft", "agreement.approve", "agreement.sign"]
        detail = agreement_detail(s, agent, number)
        assert detail.row.status == "active" and len(detail.plan) == 4
        assert [r.agreement_no for r in list_agreements(s, agent, status="active")] == [number]


def test_a_plan_must_add_up_to_the_minor_unit_and_bad_rows_save_nothing(office) -> None:
    day = _today() + dt.timedelta(days=10)
    with office.session() as s:
        agent, case_no = _user(s, "agent01"), _case(s, "L1").case_no
        rows = [PlanRow(day, 600_000), PlanRow(day + dt.timedelta(days=30), 599_999)]
        with pytest.raises(ValidationError, match="0.01 short of the agreed"):
            draft_plan(s, agent, case_no, rows=rows, amount=DEBT)
        with pytest.raises(ValidationError, match="after instalment 1"):
            draft_plan(s, agent, case_no, rows=[PlanRow(day, 1), PlanRow(day, 1)])
        with pytest.raises(ValidationError, match="in the past"):
            draft_plan(s, agent, case_no, rows=[PlanRow(_today() - dt.timedelta(days=1), 100)])
        with pytest.raises(ValidationError, match="more than the debt"):
            draft_settlement(s, agent, case_no, DEBT + 1)
        yesterday = _today() - dt.timedelta(days=1)
        with pytest.raises(ValidationError, match="A settlement cannot fall due in the past"):
            draft_settlement(s, agent, case_no, DEBT, due_on=yesterday)
        with pytest.raises(ValidationError, match="at least one"):
            draft_plan(s, agent, case_no, rows=[])
        # A typed year (2126 for 2026) is refused: a plan runs at most 60 months.
        far = [PlanRow(day, 100), PlanRow(day.replace(year=day.year + 100), 100)]
        with pytest.raises(ValidationError, match="at most 60 months from its first payment"):
            draft_plan(s, agent, case_no, rows=far)
        last = [PlanRow(day, 100), PlanRow(add_months(day, 60), 100)]  # the furthest taken
        assert check_plan(last, 200, _today()) == last
        assert s.scalar(select(func.count()).select_from(Agreement)) == 0
        # Explicit rows: the total is what they add up to; the rest of the debt is waived.
        a = draft_plan(s, agent, case_no, rows=[PlanRow(day, 500_000)])
        assert (a.settled_amount, a.waiver_amount) == (500_000, 700_000)
        version = a.version
        with pytest.raises(ValidationError, match="0.01 more than the agreed"):
            edit_draft(
                s,
                agent,
                a.agreement_no,
                rows=[PlanRow(day, 250_000), PlanRow(day + dt.timedelta(days=31), 250_001)],
            )
        edit_draft(
            s,
            agent,
            a.agreement_no,
            rows=[PlanRow(day, 250_000), PlanRow(day + dt.timedelta(days=31), 250_000)],
            stated_reason="生意周转困难",
        )
        a = _agreement(s, a.agreement_no)
        assert [i.amount for i in a.instalments] == [250_000, 250_000]
        assert a.stated_reason == "生意周转困难" and a.version > version
        with pytest.raises(StaleEdit):
            edit_draft(s, agent, a.agreement_no, stated_reason="x", expected_version=version)
        edit_draft(s, agent, a.agreement_no, amount=600_000)  # split over the same dates
        a = _agreement(s, a.agreement_no)
        assert [i.amount for i in a.instalments] == [300_000, 300_000]
        assert a.waiver_amount == DEBT - 600_000


def test_a_waiver_above_the_threshold_needs_another_supervisor(office) -> None:
    threshold = settings.DEFAULTS["agreement.waiver_approval_threshold"]
    with office.session() as s:
        agent, sup, admin = _user(s, "agent01"), _user(s, "supervisor"), _user(s, "admin")
        big = draft_settlement(s, agent, _case(s, "L1").case_no, DEBT - threshold - 1)
        assert big.waiver_amount == threshold + 1
        with pytest.raises(PermissionDenied, match="supervisor must approve"):
            approve(s, agent, big.agreement_no)
        assert agreement_detail(s, agent, big.agreement_no).needs_supervisor
        approve(s, sup, big.agreement_no)
        assert _agreement(s, big.agreement_no).approved_by_id == sup.id
        # A supervisor's own draft with a big waiver needs a second pair of eyes.
        own = draft_settlement(s, sup, _case(s, "L2").case_no, DEBT // 2)
        with pytest.raises(PermissionDenied, match="another supervisor"):
            approve(s, sup, own.agreement_no)
        approve(s, admin, own.agreement_no)
        # At the threshold exactly, the drafting agent may issue it.
        small = draft_settlement(s, agent, _case(s, "L3").case_no, DEBT - threshold)
        approve(s, agent, small.agreement_no)
        assert _agreement(s, small.agreement_no).status is AgreementStatus.APPROVED


def test_numbers_are_gap_free_and_a_refused_draft_takes_none(office) -> None:
    day = _today() + dt.timedelta(days=5)
    numbers = []
    for loan_no in ("L1", "L2"):
        with office.session(write_lock=True) as s:
            numbers.append(
                draft_plan(
                    s, _user(s, "agent01"), _case(s, loan_no).case_no, count=2, start=day
                ).agreement_no
            )
    with pytest.raises(ValidationError, match="already has draft agreement"):
        with office.session(write_lock=True) as s:
            draft_plan(s, _user(s, "agent01"), _case(s, "L1").case_no, count=2, start=day)
    with office.session(write_lock=True) as s:
        cancel(s, _user(s, "agent01"), numbers[0], "借款人改为一次性结清")
        numbers.append(
            draft_settlement(s, _user(s, "agent01"), _case(s, "L1").case_no, DEBT).agreement_no
        )
        numbers.append(
            draft_plan(
                s, _user(s, "agent01"), _case(s, "L3").case_no, count=3, start=day
            ).agreement_no
        )
    assert numbers == [f"AG-{_today().year}-{n:06d}" for n in (1, 2, 3, 4)]
    with office.session() as s:
        assert s.get(Sequence, "agreement_no").next_value == 5
        cancelled = agreement_detail(s, _user(s, "supervisor"), numbers[0])
        assert cancelled.row.status == "cancelled"
        assert cancelled.cancel_reason == "借款人改为一次性结清"
        # Ended the day it was cancelled, in the office's time zone (the trail keeps UTC).
        assert cancelled.row.ended_on == office_today(s)


def test_signed_terms_are_frozen_and_a_new_agreement_supersedes(office) -> None:
    day = _today() + dt.timedelta(days=5)
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        case_no = _case(s, "L1").case_no
        first = draft_plan(s, agent, case_no, count=3, start=day).agreement_no
        approve(s, agent, first)
        with pytest.raises(ValidationError, match="only a draft can be changed"):
            edit_draft(s, agent, first, stated_reason="x")
        with pytest.raises(ValidationError, match="in the future"):
            sign(s, agent, first, _today() + dt.timedelta(days=1))
        sign(s, agent, first, _today())
        with pytest.raises(ValidationError, match="can never be changed"):
            edit_draft(s, agent, first, rows=[PlanRow(day, DEBT)])
        with pytest.raises(ValidationError, match="only a draft can be approved"):
            approve(s, sup, first)
        with pytest.raises(PermissionDenied, match="is signed: only a supervisor or an admin"):
            cancel(s, agent, first, "agents cannot cancel signed terms")
        # A new plan for the same case: drafted while the first is in force …
        second = draft_plan(s, agent, case_no, count=6, start=day).agreement_no
        assert _agreement(s, first).status is AgreementStatus.ACTIVE
        # Replacing signed terms is cancelling them: an agent may not approve that …
        with pytest.raises(PermissionDenied, match=f"would replace {first}, which is signed"):
            approve(s, agent, second)
        assert agreement_detail(s, agent, second).cannot_approve is not None
        approve(s, sup, second)  # … a supervisor may,
        sign(s, agent, second, _today())  # … and signing it cancels the first.
        old, new = _agreement(s, first), _agreement(s, second)
        assert old.status is AgreementStatus.CANCELLED
        assert new.status is AgreementStatus.ACTIVE and new.supersedes_id == old.id
        assert agreement_detail(s, agent, first).cancel_reason == f"Superseded by {second}."
        assert agreement_detail(s, agent, second).supersedes == first
        assert agreement_detail(s, agent, first).row.ended_on == _today()  # the second's signing
        with pytest.raises(ValidationError, match=f"Agreement {first} is already cancelled."):
            cancel(s, sup, first, "twice")
        assert [i.amount for i in old.instalments] == [400_000] * 3  # terms kept as signed


def test_an_agent_sees_only_agreements_on_their_cases(office) -> None:
    with office.session() as s:
        number = draft_settlement(s, _user(s, "agent01"), _case(s, "L1").case_no, DEBT).agreement_no
        other = _user(s, "agent02")
        with pytest.raises(PermissionDenied):
            agreement_detail(s, other, number)
        with pytest.raises(PermissionDenied):
            approve(s, other, number)
        assert list_agreements(s, other) == []
        assert len(list_agreements(s, _user(s, "supervisor"))) == 1


def test_a_paid_settlement_completes_settles_the_loan_and_closes_the_case(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        number = draft_settlement(s, agent, _case(s, "L1").case_no, 900_000).agreement_no
        approve(s, sup, number)
        sign(s, agent, number, _today())
        record_payment(s, agent, "L1", 500_000, _today(), today=_today())
        a = _agreement(s, number)
        assert a.status is AgreementStatus.ACTIVE and a.instalments[0].paid_amount == 500_000
        assert agreement_detail(s, sup, number).row.ended_on is None
        record_payment(s, agent, "L1", 400_000, _today(), today=_today())
        a = _agreement(s, number)
        assert a.status is AgreementStatus.COMPLETED
        assert a.instalments[0].status == "kept"
        assert agreement_detail(s, sup, number).row.ended_on == _today()
        assert [r.ended_on for r in list_agreements(s, sup)] == [_today()]
        loan = find_loan(s, "L1")
        s.refresh(loan)
        assert loan.status is LoanStatus.SETTLED and loan.closed_on == _today()
        case = _case(s, "L1")
        assert case.status is CaseStatus.CLOSED and case.close_reason is CloseReason.SETTLED
        assert (
            s.scalar(
                select(func.count()).where(
                    AuditEntry.action == "agreement.completed", AuditEntry.entity_id == number
                )
            )
            == 1
        )
        with pytest.raises(ValidationError):
            record_payment(s, agent, "L1", 100, _today(), today=_today())  # the loan takes no more
        # The portfolio report counts it completed today, in a period with today, not before.
        yesterday = _today() - dt.timedelta(days=1)
        figures = portfolio_report(s, sup, _today(), _today(), _today()).agreements
        assert (figures.signed, figures.completed, figures.breached) == (1, 1, 0)
        assert figures.kept_rate == 1.0
        earlier = portfolio_report(s, sup, yesterday, yesterday - dt.timedelta(days=30), yesterday)
        assert (earlier.agreements.completed, earlier.agreements.kept_rate) == (0, None)


def test_a_missed_instalment_breaches_and_the_case_returns_to_the_queue(office) -> None:
    # Drafted and signed 60 days ago; instalments of 400.00 on day 10, then monthly: about 50
    # and 20 days ago, and the last about 10 days ahead (it fell due by today from 70 days ago
    # when two short months came between: 2026-12-31, 2027-01-31, 2027-02-28 on 2027-03-01).
    t0 = _today() - dt.timedelta(days=60)
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        settings.put(s, sup, "queue.as_of", (t0 + dt.timedelta(days=1)).isoformat())
        number = draft_plan(
            s,
            agent,
            _case(s, "L2").case_no,
            count=3,
            start=t0 + dt.timedelta(days=10),
            amount=DEBT,
            today=t0,
        ).agreement_no
        s.execute(  # as if drafted that day
            update(Agreement)
            .where(Agreement.agreement_no == number)
            .values(created_at=dt.datetime.combine(t0, dt.time(9), dt.UTC))
        )
        approve(s, agent, number, today=t0)
        sign(s, agent, number, t0 + dt.timedelta(days=1), today=t0 + dt.timedelta(days=1))
        assert _agreement(s, number).status is AgreementStatus.ACTIVE
        assert _case(s, "L2").status is CaseStatus.AGREEMENT
        # The first instalment is paid early and in full; the second never comes.
        record_payment(s, agent, "L2", 400_000, t0 + dt.timedelta(days=5), today=_today())
        assert _agreement(s, number).status is AgreementStatus.ACTIVE
        settings.put(s, sup, "queue.as_of", None)
        summary = evaluate_agreements(s, _today(), [find_loan(s, "L2").id])
        assert (summary.breached, summary.completed) == (1, 0)
        a = _agreement(s, number)
        assert a.status is AgreementStatus.BREACHED
        assert [(i.status, i.paid_amount) for i in a.instalments][:2] == [
            ("kept", 400_000),
            ("missed", 0),
        ]
        # What was still to come will never fall due: shown void, not pending.
        later = [line.status for line in agreement_detail(s, sup, number).plan][2:]
        assert later and set(later) == {"void"}
        assert label(AGREEMENT_INSTALMENT_STATUS, "void", "zh_CN") == "已失效（协议违约）"
        rebuild_queue(s, None, _today())
        case = _case(s, "L2")
        assert case.status is not CaseStatus.AGREEMENT and case.status is not CaseStatus.CLOSED
        assert case.next_action_on == _today()  # back in the queue, to be worked today
        # A breach is final: a later payment does not revive the agreement.
        record_payment(s, agent, "L2", 800_000, _today(), today=_today())
        assert _agreement(s, number).status is AgreementStatus.BREACHED
        # The portfolio report counts it breached the day after the missed instalment's due
        # date: in a period from that day, not in one ending the day before.
        missed = a.instalments[1].due_on + dt.timedelta(days=1)
        assert agreement_detail(s, sup, number).row.ended_on == missed
        day_before = missed - dt.timedelta(days=1)
        figures = portfolio_report(s, sup, _today(), missed, _today()).agreements
        assert (figures.breached, figures.completed, figures.kept_rate) == (1, 0, 0.0)
        before = portfolio_report(s, sup, day_before, t0, day_before).agreements
        assert (before.signed, before.running, before.breached) == (1, 0, 0)


def test_every_agreement_message_has_a_chinese_translation() -> None:
    """Messages of the core, the PDF and the CLI (tr, errors, the PDF's bilingual labels)."""
    import ast
    import string
    from pathlib import Path

    from app.i18n import _catalog

    root = Path(__file__).resolve().parents[2]
    calls = {"tr", "_both", "_label", "ValidationError", "NotFound", "PermissionDenied"}
    files = [*(root / "app" / "agreements").glob("*.py"), root / "reports" / "agreement.py"]
    found: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name in calls and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    catalog = _catalog("zh_CN")
    assert len(found) > 40
    assert sorted(m for m in found if m not in catalog) == []

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert [m for m in found if fields(catalog[m]) != fields(m)] == []


def test_a_payment_too_far_ahead_is_named_as_the_kind_has_it(office) -> None:
    """A settlement has one payment, not a "first" one; the Chinese says the last day allowed
    as allowed (最晚), not as "before" it."""
    from app.i18n import set_language

    far = _today() + dt.timedelta(days=400)
    with office.session() as s:
        agent = _user(s, "agent01")
        case_no = _case(s, "L1").case_no
        with pytest.raises(ValidationError, match=r"^The payment can fall due at most 366") as one:
            draft_settlement(s, agent, case_no, DEBT, due_on=far)
        with pytest.raises(ValidationError, match=r"^The first payment can fall due at most"):
            draft_plan(s, agent, case_no, count=3, start=far)
    set_language("zh_CN")
    try:
        latest = _today() + dt.timedelta(days=366)
        assert one.value.translated() == f"还款日最多在 366 天之后（最晚 {latest}）。"
    finally:
        set_language("en")


def test_a_new_amount_keeps_the_plans_own_dates(office) -> None:
    """Found by QA: a new amount regenerated monthly rows from the first date and dropped the
    dates typed row by row."""
    day = _today() + dt.timedelta(days=5)
    dates = [day, day + dt.timedelta(days=45), day + dt.timedelta(days=100)]
    with office.session() as s:
        agent = _user(s, "agent01")
        rows = [PlanRow(d, 400_000) for d in dates]
        number = draft_plan(s, agent, _case(s, "L1").case_no, rows=rows).agreement_no
        edit_draft(s, agent, number, amount=1_000_001)
        plan = [(i.due_on, i.amount) for i in _agreement(s, number).instalments]
    assert plan == [(dates[0], 333_333), (dates[1], 333_333), (dates[2], 333_335)]
