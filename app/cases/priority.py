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


def score(facts: CaseFacts, as_of: dt.date, config: dict[str, Any]) -> tuple[int, dict[str, int]]:
    """Return (score, breakdown factor → points); the breakdown sums to the score."""
    w = {f: int(config[f"priority.weight.{f}"]) for f in FACTORS}
    if facts.last_contact_at is None:
        since = 1.0
    else:
        days = (as_of - facts.last_contact_at.date()).days
        since = _scale(days, config["priority.full.days_since_contact"])
    scaled = {
        "amount_overdue": _scale(facts.amount_overdue, config["priority.full.amount_overdue"]),
        "dpd": _scale(facts.dpd, config["priority.full.dpd"]),
        "broken_promises": _scale(facts.broken_promises, config["priority.full.broken_promises"]),
        "days_since_contact": since,
        "promise_due": 1.0 if facts.promise_due else 0.0,
        "visit_eligible": 1.0 if facts.visit_eligible else 0.0,
    }
    points = {f: round(scaled[f] * w[f]) for f in FACTORS}
    if facts.paused:
        points["paused"] = -sum(points.values())
    return sum(points.values()), points
