"""The priority score a person can read: a sum of named factors, each worth up to its weight.

Each factor is scaled to 0..1 (amount overdue against a "full" amount, DPD against 180 days, …),
multiplied by its weight from office settings and rounded; the score is the sum of the rounded
points, so the breakdown always adds up. An open complaint pauses the case: a "paused" factor
cancels every other point, and the case sinks to the bottom of the queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

FACTORS = (
    "amount_overdue",
    "dpd",
    "broken_promises",
    "days_since_contact",
    "promise_due",
    "visit_eligible",
)
FACTOR_LABELS = {
    "amount_overdue": "Amount overdue",
    "dpd": "Days past due",
    "broken_promises": "Broken promises",
    "days_since_contact": "Days since last contact",
    "promise_due": "Promise due",
    "visit_eligible": "Visit eligible",
    "paused": "Paused by an open complaint",
}


@dataclass(frozen=True, slots=True)
class CaseFacts:
    amount_overdue: int
    dpd: int
    broken_promises: int
    last_contact_at: dt.datetime | None
    promise_due: bool
    visit_eligible: bool
    paused: bool


def _scale(value: float, full: float) -> float:
    return 1.0 if full <= 0 else max(0.0, min(value / full, 1.0))


class Scorer:
    """The score with the office's weights read once, for scoring thousands of cases in a row."""

    def __init__(self, as_of: dt.date, config: dict[str, Any]) -> None:
        self.as_of = as_of
        w = [int(config[f"priority.weight.{f}"]) for f in FACTORS]
        self.w_amount, self.w_dpd, self.w_broken, self.w_since, self.w_due, self.w_visit = w
        self.full_amount = float(config["priority.full.amount_overdue"])
        self.full_dpd = float(config["priority.full.dpd"])
        self.full_broken = float(config["priority.full.broken_promises"])
        self.full_since = float(config["priority.full.days_since_contact"])

    def __call__(self, facts: CaseFacts) -> tuple[int, dict[str, int]]:
        """Return (score, breakdown factor → points); the breakdown sums to the score."""
        if facts.last_contact_at is None:
            since = 1.0
        else:
            since = _scale((self.as_of - facts.last_contact_at.date()).days, self.full_since)
        points = {
            "amount_overdue": round(_scale(facts.amount_overdue, self.full_amount) * self.w_amount),
            "dpd": round(_scale(facts.dpd, self.full_dpd) * self.w_dpd),
            "broken_promises": round(
                _scale(facts.broken_promises, self.full_broken) * self.w_broken
            ),
            "days_since_contact": round(since * self.w_since),
            "promise_due": self.w_due if facts.promise_due else 0,
            "visit_eligible": self.w_visit if facts.visit_eligible else 0,
        }
        total = sum(points.values())
        if facts.paused:
            points["paused"] = -total
            total = 0
        return total, points


def breakdown_json(points: dict[str, int]) -> str:
    """The breakdown as JSON, as json.dumps writes it (cheaper, for comparing thousands)."""
    return "{" + ", ".join(f'"{factor}": {value}' for factor, value in points.items()) + "}"


def score(facts: CaseFacts, as_of: dt.date, config: dict[str, Any]) -> tuple[int, dict[str, int]]:
    """Return (score, breakdown factor → points); the breakdown sums to the score."""
    return Scorer(as_of, config)(facts)
