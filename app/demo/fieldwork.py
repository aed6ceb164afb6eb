"""Demo home visits (two agents each, the whole lifecycle) and, by the case's status, its
repayment agreements (their rows: app/demo/agreement_rows.py)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from app.demo.activity import CONTACT_COLUMNS, ActivityBuilder
from app.demo.agenda import DAY_STARTS, LENGTHS, Agenda, Slot
from app.demo.agreement_rows import CAPACITY, YUAN, AgreementRows
from app.demo.context import SHANGHAI_OFFSET, Context, local_to_utc
from app.demo.ledger import LoanFacts
from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementKind,
    AgreementStatus,
    CaseStatus,
    DefaultReason,
    Outcome,
    Visit,
    VisitAgent,
    VisitIncident,
    VisitStatus,
)

if TYPE_CHECKING:
    from app.demo.cases import CaseWork

REASONS = tuple(DefaultReason)
REASON_WEIGHTS = (0.3, 0.15, 0.2, 0.2, 0.06, 0.02, 0.07)
INCIDENTS = (
    ("aggressive_dog", "院内有犬只，未拴绳"),
    ("verbal_abuse", "家属情绪激动，言语辱骂"),
    ("third_party_present", "有无关人员在场，暂停沟通"),
    ("vehicle", "途中车辆故障，延误到达"),
)
PROPOSALS = ("分期偿还逾期本息", "一次性结清可减免部分利息", "先还逾期部分，余款按原计划", "")
AGREE_STATUSES = (
    AgreementStatus.DRAFT,
    AgreementStatus.APPROVED,
    AgreementStatus.SIGNED,
    AgreementStatus.ACTIVE,
)
# The days within which an open agreement was drafted, by its status: a supervisor looks at a
# draft within days, and an approved one waits a week at most for the borrower's signature.
AGREE_WITHIN = {
    AgreementStatus.DRAFT: 3,
    AgreementStatus.APPROVED: 7,
    AgreementStatus.SIGNED: 25,
    AgreementStatus.ACTIVE: 25,
}


class FieldworkBuilder(AgreementRows):
    """Visits and agreements for a case, consistent with its status and its loan's payments."""

    def __init__(self, ctx: Context, activity: ActivityBuilder) -> None:
        self.ctx, self.activity = ctx, activity
        self.visits: list[dict[str, Any]] = []
        self.visit_agents: list[dict[str, Any]] = []
        self.incidents: list[dict[str, Any]] = []
        self.agreements: list[dict[str, Any]] = []
        self.plan: list[dict[str, Any]] = []
        self.any_incident = (
            False  # the first completed visit always has one, so the table is never empty
        )
        self.agenda = Agenda(ctx.rng, ctx.field_agents)
        self.teams_out = 0  # visits under way this morning
        self.most_teams_out = max(1, len(ctx.field_agents) // 8)  # a quarter of the field force
        self.booked_borrowers: set[int] = set()  # borrowers with a visit booked or under way
        self.breach_stands = False  # a case shows its breached agreement (standing_breach)

    def flush(self) -> None:
        """Write the rows made so far, parents first."""
        w = self.ctx.writer
        w.add(Visit, self.visits)
        w.add(VisitAgent, self.visit_agents)
        w.add(VisitIncident, self.incidents)
        w.add(Agreement, self.agreements)
        w.add(AgreementInstalment, self.plan)
        self.visits, self.visit_agents, self.incidents, self.agreements, self.plan = (
            [],
            [],
            [],
            [],
            [],
        )

    @staticmethod
    def can_visit(facts: LoanFacts) -> bool:
        return facts.home_visit_consent and not facts.person.do_not_visit

    def fill(self, work: CaseWork) -> None:
        """Visits and agreements that fit the case's status."""
        ctx, rng, facts, status = self.ctx, self.ctx.rng, work.facts, work.status
        visitable = self.can_visit(facts)
        if facts.settlement is not None:
            signed, debt, pays = facts.settlement
            visit = (
                self.visit(work, VisitStatus.COMPLETED, signed)
                if visitable and rng.random() < 0.5
                else None
            )
            plan = [(on, amount, amount, "paid") for on, amount in pays]
            # A settlement is one payment (the core refuses more); a reduced amount paid in two
            # or three is a plan with a waiver.
            kind = AgreementKind.SETTLEMENT if len(pays) == 1 else AgreementKind.INSTALMENT_PLAN
            self.agreement(work, kind, AgreementStatus.COMPLETED, signed, debt, plan, visit)
            return
        if status is CaseStatus.CLOSED:
            return
        if status is CaseStatus.VISIT_BOOKED:
            day = ctx.as_of + dt.timedelta(days=rng.randint(1, 14))
            in_progress = rng.random() < 0.04 and self.teams_out < self.most_teams_out
            # The rule set allows a borrower one visit booked or under way: a second case of
            # the same borrower's waits, verified but not booked.
            if facts.person.id in self.booked_borrowers:
                self.visit(work, VisitStatus.VERIFIED, day)
            else:
                self.booked_borrowers.add(facts.person.id)
                self.teams_out += in_progress
                self.visit(
                    work,
                    VisitStatus.IN_PROGRESS if in_progress else VisitStatus.BOOKED,
                    ctx.as_of if in_progress else day,
                )
        elif status is CaseStatus.AGREEMENT:
            visit = None
            if visitable and rng.random() < 0.6:
                visit = self.visit(
                    work,
                    VisitStatus.COMPLETED,
                    ctx.day_between(work.start, ctx.as_of - dt.timedelta(days=26)),
                )
            days = rng.randint(1, 25)
            kind = AgreementKind.INSTALMENT_PLAN if rng.random() < 0.7 else AgreementKind.SETTLEMENT
            agreed = ctx.pick(AGREE_STATUSES)
            # The same draws as ever (the rest of the office stays as it was), folded into the
            # status's window.
            created = ctx.as_of - dt.timedelta(days=1 + (days - 1) % AGREE_WITHIN[agreed])
            self.open_agreement(work, kind, agreed, created, visit)
        elif visitable and facts.dpd > 45 and rng.random() < 0.3:
            status_ = ctx.weighted(
                (
                    VisitStatus.COMPLETED,
                    VisitStatus.NO_SHOW,
                    VisitStatus.CANCELLED,
                    VisitStatus.REQUESTED,
                    VisitStatus.VERIFIED,
                ),
                (0.5, 0.15, 0.12, 0.12, 0.11),
            )
            future = status_ in (VisitStatus.REQUESTED, VisitStatus.VERIFIED)
            day = (
                ctx.as_of + dt.timedelta(days=5)
                if future
                else ctx.day_between(work.start, work.end)
            )
            made = self.visit(work, status_, day)
            if (
                made is not None and future and status is CaseStatus.LEGAL
            ):  # the core ends open visits before legal
                self.visits[-1].update(
                    status=VisitStatus.CANCELLED, cancel_reason="案件转法务，取消上门"
                )
        last_paid = max([work.start, *(d for d, _ in facts.payments)])
        made = len(self.agreements)
        if status is CaseStatus.PROMISE_BROKEN and facts.dpd > 70 and rng.random() < 0.12:
            created = ctx.day_between(
                last_paid + dt.timedelta(days=1), ctx.as_of - dt.timedelta(days=40)
            )
            if created < ctx.as_of - dt.timedelta(days=35):
                self.open_agreement(
                    work, AgreementKind.INSTALMENT_PLAN, AgreementStatus.BREACHED, created, None
                )
        elif status is CaseStatus.CONTACTED and facts.dpd > 40 and rng.random() < 0.04:
            created = ctx.day_between(work.start, ctx.as_of - dt.timedelta(days=3))
            self.open_agreement(
                work, AgreementKind.INSTALMENT_PLAN, AgreementStatus.CANCELLED, created, None
            )
        if status is CaseStatus.PROMISE_BROKEN and not self.breach_stands:
            if len(self.agreements) == made:  # none drawn for it above
                self.standing_breach(work, last_paid)

    def standing_breach(self, work: CaseWork, last_paid: dt.date) -> None:
        """The office's first case whose calls stopped a while ago gets a plan that fell due,
        unpaid, on its last call's day or after: breached, nothing done since, the case shows
        Agreement breached (app/cases/rebuild.py breach_stands) as a real office's would."""
        ctx, at, case = self.ctx, CONTACT_COLUMNS.index("at"), CONTACT_COLUMNS.index("case_id")
        last, flat, width = work.start, self.activity.contacts, len(CONTACT_COLUMNS)
        # The rows are flat (app/demo/activity.py); the case's own are the newest.
        for start in range(len(flat) - width, -1, -width):
            if flat[start + case] != work.id:
                break
            made = dt.datetime.fromisoformat(flat[start + at][:19]) + SHANGHAI_OFFSET
            last = max(last, made.date())
        # The plan's first instalment falls due a month after drafting (a holiday moves it on).
        created = last - dt.timedelta(days=28)
        if created <= last_paid or last > ctx.as_of - dt.timedelta(days=12):
            return
        self.breach_stands = True
        # Its draws are its own generator's: the rest of the office is drawn as ever.
        ctx.rng, drawn = random.Random(f"casedesk-demo-breach-{work.id}"), ctx.rng
        try:
            self.open_agreement(
                work, AgreementKind.INSTALMENT_PLAN, AgreementStatus.BREACHED, created, None
            )
        finally:
            ctx.rng = drawn

    def slot(self, work: CaseWork, status: VisitStatus, day: dt.date) -> Slot | None:
        """When and with whom a scheduled visit goes: two agents free then, the nearest day
        to `day` (later for one still to come, earlier for one gone by, this morning for one
        under way). A cancelled visit's time is given back."""
        agenda, preferred = self.agenda, work.agent_id
        if status is VisitStatus.IN_PROGRESS:
            found = agenda.find(day, preferred, 1, morning=True)
        elif status is VisitStatus.BOOKED:
            found = agenda.find(day, preferred, 1)
        else:
            found = agenda.find(day, preferred, -1, last=work.start) or agenda.find(
                day, preferred, 1, last=self.ctx.as_of - dt.timedelta(days=1)
            )
        if found is not None and status is not VisitStatus.CANCELLED:
            agenda.reserve(found)
        return found

    def visit(self, work: CaseWork, status: VisitStatus, day: dt.date) -> int | None:
        """One home visit at `day` with two agents; returns its id (None: one that would have
        gone by later today than the build has not happened, and is not made)."""
        ctx, rng = self.ctx, self.ctx.rng
        vid = ctx.ids.take("visit")
        team = ctx.field_agents
        steps = (VisitStatus.REQUESTED, VisitStatus.VERIFIED)
        verified = status is not VisitStatus.REQUESTED
        booked = status not in steps
        slot = None
        if booked:
            slot = self.slot(work, status, day)
            if slot is None and status is VisitStatus.IN_PROGRESS:  # every team is out already
                status = VisitStatus.BOOKED
                slot = self.slot(work, status, day + dt.timedelta(days=1))
        if slot is not None:
            day, lead, second = slot.day, slot.lead, slot.second
            start = local_to_utc(day, slot.start)
            end = start + dt.timedelta(minutes=slot.length)
        else:  # not booked yet (or, past its search, a diary too full: kept where wished)
            lead = work.agent_id if work.agent_id in team else ctx.pick(team)
            second = ctx.pick([a for a in team if a != lead])
            start = local_to_utc(day, rng.choice(DAY_STARTS))
            end = start + dt.timedelta(minutes=rng.choice(LENGTHS))
        supervisor = ctx.pick(ctx.supervisors)
        created = min(day, ctx.as_of) - dt.timedelta(days=rng.randint(3, 8))
        went = status in (VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED, VisitStatus.NO_SHOW)
        check_in = start + dt.timedelta(minutes=rng.randint(-5, 15)) if went else None
        check_out = None
        if check_in is not None and status is not VisitStatus.IN_PROGRESS:
            check_out = check_in + dt.timedelta(
                minutes=rng.randint(40, 110) if status is VisitStatus.COMPLETED else 20
            )
        made, setting_out = True, False
        if check_in is not None and not ctx.done(check_in):
            if status is VisitStatus.IN_PROGRESS:  # the team sets out later this morning
                status, check_in, setting_out = VisitStatus.BOOKED, None, True
            else:
                made = False
        completed = status is VisitStatus.COMPLETED
        row = {
            "id": vid,
            "visit_no": f"V{created.year}-{ctx.number('visit_no'):06d}" if made else "",
            "case_id": work.id,
            "status": status,
            "address": work.facts.person.address,
            "identity_verified": verified,
            "address_verified": verified,
            "phone_verified": verified and rng.random() < 0.9,
            "verified_at": local_to_utc(created + dt.timedelta(days=1), 600) if verified else None,
            "verified_by_id": lead if verified else None,
            "scheduled_start": start if booked else None,
            "scheduled_end": end if booked else None,
            "borrower_agreed": booked,
            "consent_to_enter": booked and rng.random() < 0.9,
            "at_workplace": False,  # the demo books visits at home
            "booked_at": local_to_utc(created + dt.timedelta(days=2), 630) if booked else None,
            "booked_by_id": lead if booked else None,
            "approved_by_id": supervisor if booked else None,
            "checked_in_at": check_in,
            "checked_out_at": check_out,
            "late_checkout_resolved_at": None,
            "late_checkout_note": None,
            "default_reason": ctx.weighted(REASONS, REASON_WEIGHTS) if completed else None,
            "capacity_note": ctx.pick(CAPACITY) if completed else "",
            "proposal": ctx.pick(PROPOSALS) if completed else "",
            "notes": "借款人在家，沟通顺利"
            if completed
            else ("借款人不在家" if status is VisitStatus.NO_SHOW else ""),
            "next_step": "跟进还款协议" if completed else "",
            "cancel_reason": "借款人临时改约" if status is VisitStatus.CANCELLED else None,
            "travel_cost": rng.randint(30, 400) * YUAN if went else 0,
            "hours_minutes": rng.randint(90, 300) if went else 0,
            "created_at": local_to_utc(created, 600),
            "created_by_id": lead,
            "version": 1,
        }
        if setting_out:  # its cost and time are known once it has gone
            row.update(travel_cost=0, hours_minutes=0)
        agents = [
            {"id": ctx.ids.take("visit_agent"), "visit_id": vid, "agent_id": agent, "lead": lead_}
            for agent, lead_ in ((lead, True), (second, False))
        ]
        if completed and (rng.random() < 0.03 or not self.any_incident):
            incidents = rng.sample(INCIDENTS, rng.choice((1, 1, 2)))
        else:
            incidents = []
        if not made:  # the same draws as ever, so the rest of the office stays as it was
            return None
        self.visits.append(row)
        self.visit_agents.extend(agents)
        if incidents:
            self.any_incident = True
            for kind, text in incidents:
                self.incidents.append(
                    {
                        "id": ctx.ids.take("visit_incident"),
                        "visit_id": vid,
                        "kind": kind,
                        "description": text,
                        "reported_by_id": lead,
                        "reported_at": check_out or start,
                    }
                )
        if went and status is not VisitStatus.IN_PROGRESS and check_in is not None:
            outcome = Outcome.CONNECTED if completed else Outcome.NO_ANSWER
            self.activity.visit_attempt(work, check_in, outcome, lead)
        return vid
