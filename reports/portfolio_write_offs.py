"""The portfolio report's lines on write-offs: the loans written off in the period, and what came
in during it on loans written off before (a recovery after write-off)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.i18n import plural
from app.reporting.write_offs import WriteOffs
from reports.kit import money, note


def write_off_notes(w: WriteOffs, lang: str) -> list[Flowable]:
    return [
        note(
            plural(
                w.loans,
                "Written off in the period: {count} loan, with {amount} still owed on it.",
                "Written off in the period: {count} loans, with {amount} still owed on them.",
                lang,
                amount=money(w.owed),
            )
        ),
        note(
            plural(
                w.recovered_loans,
                "Recovered after write-off: {amount} paid in the period on {count} loan written "
                "off before (reinstated to take it).",
                "Recovered after write-off: {amount} paid in the period on {count} loans written "
                "off before (reinstated to take it).",
                lang,
                amount=money(w.recovered),
            )
        ),
    ]
