"""The priority score a person can read: a sum of named factors, each worth up to its weight.

Each factor is scaled to 0..1 (amount overdue against a "full" amount, DPD against 180 days, …),
multiplied by its weight from office settings and rounded; the score is the sum of the rounded
points, so the breakdown always adds up. An open complaint pauses the case: a "paused" factor
cancels every other point, and the case sinks to the bottom of the queue. A case sent to legal
sinks likewise, by a "legal" factor: the lawyers have it, not the agents.

A breached repayment agreement — the most binding promise a borrower makes — scores the
broken-promises weight in full (what three broken promises score by default, one scores a
third of it), under its own name, "agreement_breached", written into the breakdown only on the
cases that have one: the others' breakdowns stay as they were.

Chance of recovery ("recovery_chance") is the mean of three parts, each 0..1: the share of the
borrower's judged promises that were kept (none judged: 0.5), 1 if a payment was received on the
loan in the last 30 days (the queue date and the 29 before) and 1 if the borrower was reached in
a conversation in those days. A case whose next action is due ("action_due": its date on or
before the queue date) scores that weight; one scheduled for a later day scores nothing, so it
never outranks a case due today that is otherwise the same.

Whatever its score, a case waits — it is listed after every case due now (Case.waiting, the
queue's first term) — when its next action falls after the queue date (not with a promise due
on the queue date), or when it is held by a pause or legal (`is_waiting`): agents work the
queue from the top, and the top is what is due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# The version of how the queue is scored: bump it whenever a change of this module (a factor
# added, one reckoned anew) makes yesterday's stored scores wrong. A full rebuild stores it
# (app/cases/scoring_stamp.py); an office scored with another is rebuilt at the next check, so
# an upgrade never leaves old and new scores mixed in one queue. 2: recovery_chance, action_due.
# 3: the waiting flag (is_waiting), stored with the score. 4: a promise due on the queue date
# does not wait. 5: a pending promise's next action is its due date, not the day after (its
# case scores "Next action due" that day).
SCORING_VERSION = 5

FACTORS = (
    "amount_overdue",
    "dpd",
    "broken_promises",
    "days_since_contact",
    "promise_due",
    "visit_eligible",
    "recovery_chance",
    "action_due",
)
FACTOR_LABELS = {
    "amount_overdue": "Amount overdue",
    "dpd": "Days past due",
    "broken_promises": "Broken promises",
    "days_since_contact": "Days since last contact",
    "promise_due": "Promise due",
    # As Settings names its weight (app/settings.py): one name for one factor (found by QA).
    # The case's own: the borrower consented and is at the field stage. It scores whoever holds
    # the case, since a visit is staffed at booking by two trained agents, not by its holder; a
    # holder who may not visit is told to the supervisor (app/training/agent_notice.py).
    "visit_eligible": "Home visit possible",
    "recovery_chance": "Chance of recovery",
    "action_due": "Next action due",
    "paused": "Paused by an open complaint",
    "agreement_breached": "Repayment agreement breached",
    "legal": "Sent to legal",
}
# How a factor is reckoned, where its name does not say it (the case page's tool tip).
FACTOR_NOTES = {
    "recovery_chance": (
        "The mean of three parts: the share of judged promises kept (none judged: half), a"
        " payment in the last 30 days, and a conversation with the borrower in the last 30 days."
    ),
    "action_due": "Scores when the case's next action falls on the queue date or before it.",
}
RECENT_DAYS = 30  # "the last 30 days" of the recovery chance: the queue date and the 29 before
BREACHED = "agreement_breached"  # scored on the cases with a breached agreement only
HELD = ("paused", "legal")  # the factors that cancel all the others


@dataclass(frozen=True, slots=True)
class CaseFacts:
    amount_overdue: int
    dpd: int
    broken_promises: int
    last_contact_at: dt.datetime | None
    promise_due: bool
    visit_eligible: bool
    paused: bool
    legal: bool = False
    agreement_breached: bool = False
    kept_promises: int = 0
    judged_promises: int = 0
    paid_recently: bool = False
    reached_recently: bool = False
    next_action_on: dt.date | None = None


def _scale(value: float, full: float) -> float:
    return 1.0 if full <= 0 else max(0.0, min(value / full, 1.0))


def recovery_chance(kept: int, judged: int, paid_recently: bool, reached_recently: bool) -> float:
    """0..1: the mean of the kept share of judged promises (0.5 when none was judged), a recent
    payment (1 or 0) and a recent conversation with the borrower (1 or 0)."""
    kept_share = 0.5 if judged <= 0 else min(kept / judged, 1.0)
    return (kept_share + (1.0 if paid_recently else 0.0) + (1.0 if reached_recently else 0.0)) / 3


class Scorer:
    """The score with the office's weights read once, for scoring thousands of cases in a row."""

    def __init__(self, as_of: dt.date, config: dict[str, Any]) -> None:
        self.as_of = as_of
        w = [int(config[f"priority.weight.{f}"]) for f in FACTORS]
        self.w_amount, self.w_dpd, self.w_broken, self.w_since, self.w_due, self.w_visit = w[:6]
        self.w_recovery, self.w_action = w[6:]
        self.full_amount = float(config["priority.full.amount_overdue"])
        self.full_dpd = float(config["priority.full.dpd"])
        self.full_broken = float(config["priority.full.broken_promises"])
        self.full_since = float(config["priority.full.days_since_contact"])

    def points(
        self,
        amount_overdue: int,
        dpd: int,
        broken_promises: int,
        last_contact_on: dt.date | None,
        promise_due: bool,
        visit_eligible: bool,
        agreement_breached: bool = False,
        recovery: float = 0.0,
        action_due: bool = False,
    ) -> tuple[int, int, int, int, int, int, int, int, int]:
        """Each factor's points, in FACTORS order, then the breach's (the rebuild's path: no
        dict per case); `recovery` is recovery_chance's 0..1.

        `_scale` written out in place: the rebuild scores 20,000 cases in a row, and four calls
        a case were a fifth of its time. The arithmetic is _scale's, step for step.
        """
        full = self.full_amount
        a = 1.0 if full <= 0 else amount_overdue / full
        a = 1.0 if a > 1.0 else (0.0 if a < 0.0 else a)
        full = self.full_dpd
        d = 1.0 if full <= 0 else dpd / full
        d = 1.0 if d > 1.0 else (0.0 if d < 0.0 else d)
        full = self.full_broken
        b = 1.0 if full <= 0 else broken_promises / full
        b = 1.0 if b > 1.0 else (0.0 if b < 0.0 else b)
        if last_contact_on is None:
            since = 1.0
        else:
            full = self.full_since
            since = 1.0 if full <= 0 else (self.as_of - last_contact_on).days / full
            since = 1.0 if since > 1.0 else (0.0 if since < 0.0 else since)
        return (
            round(a * self.w_amount),
            round(d * self.w_dpd),
            round(b * self.w_broken),
            round(since * self.w_since),
            self.w_due if promise_due else 0,
            self.w_visit if visit_eligible else 0,
            round(recovery * self.w_recovery),
            self.w_action if action_due else 0,
            self.w_broken if agreement_breached else 0,
        )

    def __call__(self, facts: CaseFacts) -> tuple[int, dict[str, int]]:
        """Return (score, breakdown factor → points); the breakdown sums to the score."""
        last = facts.last_contact_at.date() if facts.last_contact_at else None
        return breakdown(
            self.points(
                facts.amount_overdue,
                facts.dpd,
                facts.broken_promises,
                last,
                facts.promise_due,
                facts.visit_eligible,
                facts.agreement_breached,
                recovery_chance(
                    facts.kept_promises,
                    facts.judged_promises,
                    facts.paid_recently,
                    facts.reached_recently,
                ),
                facts.next_action_on is not None and facts.next_action_on <= self.as_of,
            ),
            facts.paused,
            facts.legal,
        )


def is_waiting(
    next_action_on: dt.date | None,
    as_of: dt.date,
    held: bool = False,
    promise_on: dt.date | None = None,
) -> bool:
    """Whether the case is listed after the cases due now: held (paused, legal), or its next
    action falls after the queue date `as_of` — unless a promise falls due on the queue date
    (`promise_on`, the promise_due factor's fact), as the Promise-due filter and its factor say.
    A case whose status is the promise has that day as its next action already; the exception
    is for one whose status is something more binding (an agreement in force, a visit booked),
    whose next action is that thing's later day."""
    if held:
        return True
    return next_action_on is not None and next_action_on > as_of and promise_on != as_of


def held_by(paused: bool, legal: bool) -> str | None:
    """The factor that cancels all the others, if any: legal before a complaint's pause."""
    return "legal" if legal else ("paused" if paused else None)


def breakdown(
    points: tuple[int, ...], paused: bool, legal: bool = False
) -> tuple[int, dict[str, int]]:
    """(score, factor → points) from the factors' points (FACTORS', then the breach's if
    given); a pause or legal cancels them all."""
    total = sum(points)
    named = dict(zip(FACTORS, points[: len(FACTORS)], strict=True))
    if len(points) > len(FACTORS) and points[len(FACTORS)]:
        named[BREACHED] = points[len(FACTORS)]
    held = held_by(paused, legal)
    if held is not None:
        named[held] = -total
        total = 0
    return total, named


_JSON = "{" + ", ".join(f'"{factor}": %d' for factor in FACTORS) + "}"
_JSON_HELD = {factor: _JSON[:-1] + f', "{factor}": %d}}' for factor in HELD}
_JSON_B = _JSON[:-1] + f', "{BREACHED}": %d}}'
_JSON_B_HELD = {factor: _JSON_B[:-1] + f', "{factor}": %d}}' for factor in HELD}
_N = len(FACTORS)


def breakdown_json(points: tuple[int, ...], paused: bool, legal: bool = False) -> str:
    """The breakdown as JSON, as json.dumps writes `breakdown`'s (cheaper, for comparing
    thousands): the breach's points only when it scores."""
    held = held_by(paused, legal)
    if len(points) > _N and points[_N]:
        return _JSON_B % points if held is None else _JSON_B_HELD[held] % (*points, -sum(points))
    points = points[:_N] if len(points) > _N else points
    return _JSON % points if held is None else _JSON_HELD[held] % (*points, -sum(points))


def score(facts: CaseFacts, as_of: dt.date, config: dict[str, Any]) -> tuple[int, dict[str, int]]:
    """Return (score, breakdown factor → points); the breakdown sums to the score."""
    return Scorer(as_of, config)(facts)
