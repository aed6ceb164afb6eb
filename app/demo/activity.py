"""Demo soft collection: calls, SMS, letters, and promises judged from payments."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, NamedTuple

from app.demo.context import OFFICE_ZONE, Context, local_to_utc
from app.demo.numbers import (
    LETTER_GAP,
    NUMBER_OVERRIDE_REASONS,
    call_outcome,
    confirmed_before,
    heard,
    number_findings,
    open_line,
)
from app.demo.writer import Rows, names, table_columns, utc_text
from app.models import (
    BlockedAttempt,
    CaseStatus,
    Channel,
    ContactAttempt,
    Outcome,
    Party,
    Promise,
    PromiseStatus,
    Relationship,
    VerdictKind,
)
from app.promises import judge_new, made_on

if TYPE_CHECKING:
    from app.demo.cases import CaseWork

YUAN = 100
CALL_OUTCOMES = (
    Outcome.CONNECTED,
    Outcome.NO_ANSWER,
    Outcome.BUSY,
    Outcome.REFUSED,
    Outcome.WRONG_NUMBER,
    Outcome.INVALID_NUMBER,
)
CALL_WEIGHTS = (0.36, 0.38, 0.11, 0.07, 0.05, 0.03)
PARTY_OF = {
    Relationship.GUARANTOR: Party.GUARANTOR,
    Relationship.EMPLOYER: Party.EMPLOYER,
    Relationship.COLLEAGUE: Party.EMPLOYER,
    Relationship.FRIEND: Party.OTHER,
    Relationship.OTHER: Party.OTHER,
}
THIRD_PARTIES = (Party.RELATIVE, Party.EMPLOYER, Party.OTHER)
NOTES = {
    Outcome.CONNECTED: (
        "本人接听，说明逾期情况",
        "借款人表示近期资金紧张",
        "已告知还款金额及渠道",
        "借款人承诺尽快处理",
        "借款人称已安排家人代还",
    ),
    Outcome.NO_ANSWER: ("无人接听", "响铃无人接听"),
    Outcome.BUSY: ("占线",),
    Outcome.REFUSED: ("接通后挂断", "拒绝沟通"),
    Outcome.WRONG_NUMBER: ("非本人号码",),
    Outcome.INVALID_NUMBER: ("空号",),
    Outcome.DELIVERED: ("还款提醒已发送", "逾期通知已送达"),
    Outcome.FAILED: ("发送失败",),
}
BLOCKED_SHARE = 0.03  # cases with one attempt the rules refused (late-evening calls)
# Contact attempts are made in the table's column order, values as SQLite stores them.
CONTACT_COLUMNS = table_columns(ContactAttempt)
CHANNEL = names(Channel)
PARTY = names(Party)
OUTCOME = names(Outcome)
VERDICT = names(VerdictKind)
OVERRIDE_EVERY = 20  # of the third-party calls, one in this many needed a supervisor's override
OVERRIDE_REASONS = (
    "借款人两个号码均已停机，家属为唯一可联系渠道，主管同意转告回电。",
    "借款人出差在外，配偶主动来电询问，主管同意回拨。",
    "担保人提供的单位电话为借款人本人工位，主管核实后同意。",
    "借款人住院，家属代为沟通还款安排，主管同意。",
    "借款人本月两次失联，案件临近诉讼，主管同意联系亲属转告。",
)
NO_FINDINGS = json.dumps(None)  # a JSON column stores None as JSON null


class Attempt(NamedTuple):
    """What the promise and case rows need of a contact attempt just made."""

    id: int
    agent_id: int
    at: dt.datetime
    outcome: Outcome
    party: Party
    made: bool = True  # False: due after the build, still to come (no row; its draws kept)
    drawn: Outcome | None = None  # the outcome drawn, before a number found wrong changed it


class ActivityBuilder:
    """Contact attempts and promises for each case, in time order."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.contacts: Rows = []
        self.blocked: list[dict[str, Any]] = []
        self.promises: list[dict[str, Any]] = []

    def flush_contacts(self) -> None:
        self.ctx.writer.add_rows(ContactAttempt, CONTACT_COLUMNS, self.contacts)
        self.ctx.writer.add(BlockedAttempt, self.blocked)
        self.contacts, self.blocked = [], []

    def blocked_call(self, work: CaseWork, day: dt.date) -> dict[str, Any] | None:
        """A late-evening call the quiet-hours rule refused: the block to record, but its id
        (None: a call still to come tonight)."""
        ctx = self.ctx
        minute = ctx.rng.randint(22 * 60, 23 * 60 + 59)  # as at_local draws it
        at = local_to_utc(day, minute)
        # The rule's finding at this call's own time (the typical one was worked out for 22:30).
        findings = [
            {**f, "params": {**f["params"], "local": f"{minute // 60:02d}:{minute % 60:02d}"}}
            if f["rule"] == "quiet_hours" and "local" in f.get("params", {})
            else f
            for f in ctx.quiet_hours_findings or []
        ]
        if not ctx.done(at):  # a call still to come tonight
            return None
        return {
            "case_id": work.id,
            "agent_id": ctx.caller(work.agent_id, day, work.id),
            "channel": Channel.CALL,
            "party": Party.BORROWER,
            "at": at,
            "findings": findings,
            "ruleset_version_id": ctx.ruleset_version_id,
            "created_at": at,
        }

    def flush_promises(self) -> None:
        self.ctx.writer.add(Promise, self.promises)
        self.promises = []

    def fill(self, work: CaseWork) -> None:
        """Attempts across the case's life; promises that fit its status and its payments."""
        ctx, rng = self.ctx, self.ctx.rng
        status, facts = work.status, work.facts
        span = (work.end - work.start).days
        if status is CaseStatus.NEW:
            count = rng.randint(0, 1)
        else:
            top = min(3 + span // 7, 20)
            count = rng.randint(max(2, top // 2), max(2, top))
        first_promise = len(self.promises)
        days = sorted(ctx.day_between(work.start, work.end) for _ in range(count))
        blocked = None
        if days and status is not CaseStatus.CLOSED and rng.random() < BLOCKED_SHARE:
            blocked = self.blocked_call(work, days[-1])
        for day in days:
            attempt = self.attempt(work, day)
            # Drawn as for the call drawn, so that the rest of the office stays as it was.
            if attempt.drawn is Outcome.CONNECTED and attempt.party is Party.BORROWER:
                if rng.random() < 0.22 and status is not CaseStatus.NEW:
                    amount = self._amount(work)
                    due = day + dt.timedelta(days=rng.randint(2, 10))
                    if attempt.outcome is Outcome.CONNECTED:  # not a letter written instead
                        self.promise(work, attempt, amount, due)
        if facts.cured is not None:  # the promise the borrower kept when catching up
            cured_on = facts.cured[1]
            attempt = self.attempt(work, cured_on - dt.timedelta(days=rng.randint(1, 5)), call=True)
            owed = next(amount for day, amount in facts.payments if day == cured_on)
            self.promise(work, attempt, owed, cured_on)
        elif status in (CaseStatus.PROMISE, CaseStatus.PROMISE_BROKEN):
            paid = [day for day, _ in facts.payments]
            floor = max([work.start, *paid]) + dt.timedelta(days=1)
            if status is CaseStatus.PROMISE:
                day = ctx.day_between(
                    max(floor, ctx.as_of - dt.timedelta(days=6)), ctx.as_of - dt.timedelta(days=1)
                )
                due = ctx.as_of + dt.timedelta(days=rng.randint(1, 12))
            else:
                day = ctx.day_between(floor, ctx.as_of - dt.timedelta(days=6))
                due = min(
                    day + dt.timedelta(days=rng.randint(2, 10)), ctx.as_of - dt.timedelta(days=4)
                )
            if day < ctx.as_of and due >= day:
                attempt = self.attempt(work, day, call=True)
                self.promise(work, attempt, self._amount(work), due)
        # Tried only on a number not found wrong by then (its outcome is drawn with the rest).
        if blocked is not None and open_line(facts.person.lines, blocked["at"]) is not None:
            self.blocked.append({"id": ctx.ids.take("blocked_attempt"), **blocked})
        self.judge(work, self.promises[first_promise:])

    def judge(self, work: CaseWork, promises: list[dict[str, Any]]) -> None:
        """The case's promises judged from its loan's payments as the core judges them
        (app.promises): each payment counts toward one promise only, however they overlap."""
        if not promises:
            return
        # created_at is in UTC; the window opens on the office-local day it falls on.
        terms = [
            (p["id"], p["amount"], made_on(p["created_at"], OFFICE_ZONE), p["due_on"])
            for p in promises
        ]
        judged = judge_new(terms, work.facts.payments, self.ctx.as_of)
        for promise in promises:
            result = judged[promise["id"]]
            promise["status"] = result.status
            promise["paid_amount"] = result.paid
            promise["evaluated_on"] = result.evaluated_on

    def attempt(self, work: CaseWork, day: dt.date, *, call: bool = False) -> Attempt:
        """One call, SMS or letter (a connected borrower call when `call`)."""
        ctx, rng, facts = self.ctx, self.ctx.rng, work.facts
        person = facts.person
        party, related_id = Party.BORROWER, None
        number: str | None = person.phone
        if call:
            channel, outcome = Channel.CALL, Outcome.CONNECTED
        elif person.contact_refused:
            channel, outcome = Channel.LETTER, Outcome.DELIVERED
        else:
            channel = ctx.weighted((Channel.CALL, Channel.SMS, Channel.LETTER), (0.64, 0.3, 0.06))
            if channel is Channel.CALL:
                outcome = ctx.weighted(CALL_OUTCOMES, CALL_WEIGHTS)
                if facts.third_party_consent and rng.random() < 0.07:
                    related_id, relation, number = ctx.pick(person.related)
                    party = PARTY_OF.get(relation, Party.RELATIVE)
            else:
                outcome = Outcome.DELIVERED if rng.random() < 0.96 else Outcome.FAILED
        if channel is Channel.LETTER:
            number = None
        # To a third party the rule set reminds: never disclose the debt. A guarantor is a party
        # to the debt, not a third party: the rules say nothing there.
        warn = party in THIRD_PARTIES
        at = ctx.at_local(day, 8, 20)
        attempt_id = ctx.ids.take("contact_attempt")
        caller = ctx.caller(work.agent_id, day, work.id)
        made, line, hold, drawn = ctx.done(at), None, None, outcome
        if party is Party.BORROWER and channel is not Channel.LETTER:
            # Not to a number found wrong (app/demo/numbers.py): the other one, else a letter.
            line = open_line(person.lines, at)
            if line is not None:
                number, outcome = line.number, call_outcome(line, at, outcome)
            elif call:  # a promise made: the borrower had confirmed the number, or asked for it
                line = person.lines[0]
                if not (made and confirmed_before(line, at, attempt_id)):
                    hold = line.hold_at(at)
            else:
                channel, outcome, number = Channel.LETTER, Outcome.DELIVERED, None
                made = made and at >= person.wrote + LETTER_GAP
        if made and channel is Channel.LETTER:
            person.wrote = max(person.wrote, at)
        attempt = Attempt(attempt_id, caller, at, outcome, party, made, drawn)
        stamp = utc_text(at)
        verdict, findings = VerdictKind.ALLOWED, NO_FINDINGS
        override_by, reason = None, None
        if hold is not None and ctx.number_findings:
            # A supervisor let the call through the rule number_found_invalid, saying why.
            verdict = VerdictKind.NEEDS_OVERRIDE
            findings = json.dumps(number_findings(ctx.number_findings, hold))
            override_by = ctx.supervisors[attempt_id % len(ctx.supervisors)]
            reason = NUMBER_OVERRIDE_REASONS[attempt_id % len(NUMBER_OVERRIDE_REASONS)]
        if warn:
            verdict, findings = VerdictKind.WARNING, json.dumps(ctx.third_party_findings)
            # Now and then the borrower had not been tried three times yet: a supervisor let the
            # call through, saying why. Chosen by id, so the rest of the office stays as it was.
            if ctx.override_findings and attempt_id % OVERRIDE_EVERY == 0:
                verdict, findings = VerdictKind.NEEDS_OVERRIDE, json.dumps(ctx.override_findings)
                turn = attempt_id // OVERRIDE_EVERY
                override_by = ctx.supervisors[turn % len(ctx.supervisors)]
                reason = OVERRIDE_REASONS[turn % len(OVERRIDE_REASONS)]
        note = ctx.pick(NOTES[outcome])
        if not attempt.made:  # the same draws as ever, so the rest of the office stays as it was
            return attempt
        if line is not None:
            heard(ctx, line, attempt_id, at, outcome)
        self.contacts.extend(
            (
                attempt.id,
                work.id,
                attempt.agent_id,
                CHANNEL[channel],
                PARTY[party],
                related_id,
                number,
                stamp,
                OUTCOME[outcome],
                note,
                VERDICT[verdict],
                findings,
                ctx.ruleset_version_id,
                override_by,
                reason,
                stamp,  # created at
            )
        )
        return attempt

    def visit_attempt(
        self, work: CaseWork, at: dt.datetime, outcome: Outcome, agent_id: int
    ) -> None:
        """The contact-attempt line a home visit leaves in the case history."""
        stamp = utc_text(at)
        self.contacts.extend(
            (
                self.ctx.ids.take("contact_attempt"),
                work.id,
                agent_id,
                CHANNEL[Channel.VISIT],
                PARTY[Party.BORROWER],
                None,  # no related person
                None,  # no phone number
                stamp,
                OUTCOME[outcome],
                "上门拜访" if outcome is Outcome.CONNECTED else "上门未见到本人",
                VERDICT[VerdictKind.ALLOWED],
                NO_FINDINGS,
                self.ctx.ruleset_version_id,
                None,  # no override
                None,
                stamp,  # created at
            )
        )

    def _amount(self, work: CaseWork) -> int:
        """What a borrower might promise: part or all of what is overdue, in whole yuan."""
        owed = max(work.facts.amount_overdue, work.facts.outstanding // 10, 100 * YUAN)
        return max(YUAN, owed * self.ctx.rng.randint(30, 100) // 100 // YUAN * YUAN)

    def promise(
        self,
        work: CaseWork,
        contact: Attempt | None,
        amount: int,
        due: dt.date,
        visit_id: int | None = None,
    ) -> None:
        """A promise to pay, judged with the case's other promises when the case is filled."""
        made = contact.at if contact else local_to_utc(due - dt.timedelta(days=3), 660)
        promise_id = self.ctx.ids.take("promise")
        if contact is not None and not contact.made:  # on a call still to come
            return
        self.promises.append(
            {
                "id": promise_id,
                "case_id": work.id,
                "contact_attempt_id": contact.id if contact else None,
                "visit_id": visit_id,
                "amount": amount,
                "due_on": due,
                "status": PromiseStatus.PENDING,  # until judged (judge)
                "paid_amount": 0,
                "evaluated_on": None,
                "created_by_id": contact.agent_id if contact else work.agent_id,
                "created_at": made,
            }
        )
