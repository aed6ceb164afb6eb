"""The two questions the Agreements page asks before acting: the day both parties signed, and why
an agreement is cancelled. An answer the core refuses (a date it cannot read, no reason, a reason
over 2,000 characters) is asked again with what was typed and the reason for the refusal, not
lost with the box (found by QA)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from app.agreements.lifecycle import cancel_reason_text
from app.errors import CasedeskError, ValidationError
from app.i18n import tr as _
from app.reasons import MIN_REASON
from app.tabular import parse_date
from ui import std_buttons
from ui.focus import focus_returns

T = TypeVar("T")


def ask_until_read(
    parent: QWidget, title: str, question: str, check: Callable[[str], T], text: str = ""
) -> T | None:
    """Ask until `check` takes the answer (its value) or the user cancels (None); a refusal is
    shown above the question, with the answer as typed in the box."""
    problem = ""
    while True:
        label = f"{problem}\n\n{question}" if problem else question
        # The keys back where they were once it closes (found by QA: after Record signing… they
        # went nowhere where no window manager hands the activation back: ui/focus.py).
        with focus_returns(parent):
            answer, ok = std_buttons.get_text(parent, title, label, text)
        if not ok:
            return None
        try:
            return check(answer)
        except CasedeskError as error:
            problem, text = error.translated(), answer


def signing_day(text: str) -> dt.date:
    """The day typed; an emptied box is asked for a day (found by QA: "Cannot read the date
    ''.")."""
    if not text.strip():
        raise ValidationError("Type the day both parties signed, as YYYY-MM-DD.")
    return parse_date(text)


def ask_signing_day(
    parent: QWidget, today: dt.date, refuse: Callable[[dt.date], None] | None = None
) -> dt.date | None:
    """The day both parties signed, `today` offered; None when the user cancels. A day `refuse`
    raises on (the core's check: in the future, before the drafting) is asked again, with why."""

    def read(text: str) -> dt.date:
        day = signing_day(text)
        if refuse is not None:
            refuse(day)
        return day

    return ask_until_read(
        parent,
        _("Record signing"),
        _("The day both parties signed (YYYY-MM-DD):"),
        read,
        today.isoformat(),
    )


def ask_cancel_reason(parent: QWidget, number: str) -> str | None:
    """Why agreement `number` is cancelled, as the core keeps it; None when the user cancels. The
    question names the agreement and says that a cancellation is for good (found by QA: it
    asked "Why is this agreement cancelled?" only)."""
    question = "\n\n".join(
        [
            _(
                "Cancel agreement {number}? This cannot be undone: a cancelled agreement cannot "
                "be approved, signed or brought back; a new one has to be drafted.",
                number=number,
            ),
            _("Why is this agreement cancelled? (at least {count} characters)", count=MIN_REASON),
        ]
    )
    return ask_until_read(parent, _("Cancel agreement"), question, cancel_reason_text)
