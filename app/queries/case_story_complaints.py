"""A complaint's line in the case's story: what became of it. While open, the day its answer is
due and, once a supervisor let contact resume, when and who; once closed, the day, whether the
answer came within its period, and the outcome (which a bare "answer by …" never said)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from app.models import Complaint
from app.wall_clock import wall_time


def complaint_said(
    k: Complaint, people: Mapping[int, str], zone: dt.tzinfo, t: Callable[..., str]
) -> str:
    """The complaint's state then its description, as one detail line (`t`: the reader's
    language)."""
    if k.closed_on is not None:
        state = t(
            "closed on {date}, answered in time (due {deadline})"
            if k.closed_on <= k.deadline_on
            else "closed on {date}, answered late (due {deadline})",
            date=k.closed_on.isoformat(),
            deadline=k.deadline_on.isoformat(),
        )
        if k.outcome:  # gone with an erased borrower's data
            state = t("{state}: {outcome}", state=state, outcome=k.outcome)
        said = [state]
    else:
        said = [t("answer by {date}", date=k.deadline_on.isoformat())]
        if k.pause_lifted_at is not None:
            said.append(
                t(
                    "contact resumed on {date} (pause lifted by {name})",
                    date=wall_time(k.pause_lifted_at, zone, "%Y-%m-%d"),
                    name=people.get(k.pause_lifted_by_id or 0, "?"),
                )
            )
    if k.description:
        said.append(k.description)
    return " · ".join(said)
