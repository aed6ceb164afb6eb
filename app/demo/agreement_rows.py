"""The demo's repayment agreement rows: a plan or settlement and its instalments, summing
exactly to the settled amount (app/demo/fieldwork.py decides which case has one), due on the
days drafting would give them: monthly from a month after the drafting, each moved off the
office's public holidays (app/agreements/holiday_dates.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from app.agreements.holiday_dates import next_open_day, plan_dates
from app.demo.context import Context, local_to_utc
from app.loans.schedule import add_months
from app.models import AgreementKind, AgreementStatus

if TYPE_CHECKING:
    from app.demo.cases import CaseWork

YUAN = 100
CAPACITY = (
    "月收入约 4000 元，有固定支出",
    "经营恢复中，预计下月有回款",
    "家庭支出大，可承担小额分期",
    "",
)


class AgreementRows:
    """Agreement and instalment rows, kept in `agreements` and `plan` until written."""

    ctx: Context
    agreements: list[dict[str, Any]]
    plan: list[dict[str, Any]]

    def open_agreement(
        self,
        work: CaseWork,
        kind: AgreementKind,
        status: AgreementStatus,
        created: dt.date,
        visit: int | None,
    ) -> None:
        """A plan or settlement drafted on `created`; instalments monthly from a month later."""
        rng, as_of = self.ctx.rng, self.ctx.as_of
        debt = work.facts.outstanding
        if kind is AgreementKind.SETTLEMENT:
            settled, parts = debt * rng.randint(60, 90) // 100 // YUAN * YUAN, rng.choice((1, 2, 3))
            if parts > 1:  # a settlement is one payment: in two or three, a plan with a waiver
                kind = AgreementKind.INSTALMENT_PLAN
        else:
            waiver = debt * rng.choice((0, 0, 3, 5, 10)) // 100 // YUAN * YUAN
            settled, parts = debt - waiver, rng.randint(3, 12)
        if settled < parts * YUAN:
            return
        each = settled // parts // YUAN * YUAN
        amounts = [each] * (parts - 1) + [settled - each * (parts - 1)]
        plan = []
        dates, _ = plan_dates(add_months(created, 1), parts, self.ctx.holiday_country)
        for due, amount in zip(dates, amounts, strict=True):
            state = "missed" if due < as_of and status is AgreementStatus.BREACHED else "pending"
            plan.append((due, amount, 0, state))
        signed = (
            created + dt.timedelta(days=1)
            if status not in (AgreementStatus.DRAFT, AgreementStatus.APPROVED)
            else None
        )
        self.agreement(
            work, kind, status, signed or created, debt, plan, visit, drafted=created, signed=signed
        )

    def agreement(
        self,
        work: CaseWork,
        kind: AgreementKind,
        status: AgreementStatus,
        day: dt.date,
        debt: int,
        plan: list[tuple[dt.date, int, int, str]],
        visit: int | None,
        *,
        drafted: dt.date | None = None,
        signed: dt.date | None = None,
    ) -> None:
        """An agreement row and its instalments (they sum exactly to the settled amount). A day
        of `plan` on a public holiday falls due on the next open day (a completed agreement's
        days are those it was paid on: paid then, ahead of the day it fell due)."""
        ctx, rng = self.ctx, self.ctx.rng
        plan = [
            (next_open_day(ctx.holiday_country, due), amount, paid, state)
            for due, amount, paid, state in plan
        ]
        drafted = drafted or day - dt.timedelta(days=2)
        if status is AgreementStatus.COMPLETED:
            signed = day
        settled = sum(amount for _, amount, _, _ in plan)
        approved = status is not AgreementStatus.DRAFT
        aid = ctx.ids.take("agreement")
        agent = work.agent_id or ctx.pick(ctx.agents)
        self.agreements.append(
            {
                "id": aid,
                "agreement_no": f"AG-{drafted.year}-{ctx.number('agreement_no'):06d}",
                "case_id": work.id,
                "visit_id": visit,
                "kind": kind,
                "status": status,
                "debt_amount": debt,
                "settled_amount": settled,
                "waiver_amount": debt - settled,
                "stated_reason": ctx.pick(
                    ("失业后收入中断", "生意周转困难", "家人生病，医疗支出大", "多头借贷，负担过重")
                ),
                "stated_capacity": ctx.pick(CAPACITY),
                "drafted_by_id": agent,
                "approved_by_id": ctx.pick(ctx.supervisors) if approved else None,
                "approved_at": local_to_utc(drafted, 900 + rng.randrange(240))
                if approved
                else None,
                "signed_on": signed,
                "supersedes_id": None,
                "created_at": local_to_utc(drafted, 600 + rng.randrange(120)),
                "version": 1,
            }
        )
        for seq, (due, amount, paid, state) in enumerate(plan, start=1):
            self.plan.append(
                {
                    "id": ctx.ids.take("agreement_instalment"),
                    "agreement_id": aid,
                    "seq": seq,
                    "due_on": due,
                    "amount": amount,
                    "paid_amount": paid,
                    "status": state,
                }
            )
