"""The office's own lists as exportable kinds (app/export_kinds.py): complaints, as the Complaints
page shows them, and each agent's training, as the training page's filter picks them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app import labels
from app.auth import Permission, require
from app.complaint_detail import late_words
from app.errors import ValidationError
from app.i18n import current_language, tr
from app.models import User

if TYPE_CHECKING:
    from app.export_kinds import Cell


def complaint_ids(session: Session, user: User, flt: Any, _s: str | None, _d: bool | None) -> list:
    from app.complaint_list import complaints_list

    # The list is small (an office's complaints) and built in one query: rows are the "ids".
    return list(
        complaints_list(session, user, open_only=flt.open_only, near_deadline=flt.near_deadline)
    )


def complaint_days(r: Any) -> Cell:
    """ "Days left": the number while open; once answered after its deadline, the page's and
    `complaint list`'s words, "Answered late (N days after the deadline)"; else blank."""
    if r.days_left is not None:
        return r.days_left
    return late_words(r.days_late) if r.days_late is not None else None


def complaint_cells(r: Any, _tz: str) -> list[Cell]:
    return [
        r.complaint_no,
        r.received_on,
        r.deadline_on,
        complaint_days(r),
        r.case_no or "",
        r.agent_name or "",
        r.investigator or "",
        # The page's words (app/labels), as every list's export has them.
        labels.capital(labels.label(labels.COMPLAINT_CATEGORY, r.category)),
        labels.capital(labels.label(labels.COMPLAINT_STATUS, r.status)),
        labels.label(labels.COMPLAINT_SOURCE, r.source),
        labels.label(labels.COMPLAINT_CHANNEL, r.channel),
        tr("yes") if r.pausing else tr("no"),
    ]


TRAINING_STATUS = {
    "valid": "Valid",
    "expiring": "Expiring",
    "lapsed": "Lapsed",
    "missing": "Missing",
}


def training_ids(session: Session, user: User, flt: Any, _s: str | None, _d: bool | None) -> list:
    from app.office import office_today
    from app.training.status import TRAINING_FILTERS, in_filter, office_training

    require(user, Permission.VIEW_TRAINING)
    if flt.status not in TRAINING_FILTERS:
        raise ValidationError(
            "Unknown training filter {value}; choose one of: {choices}.",
            value=flt.status,
            choices=list(TRAINING_FILTERS),
        )
    # The office's today by default, as the page and `casedesk training status` (not the queue
    # date: training says who may work now).
    agents = office_training(session, flt.as_of or office_today(session))
    shown = [a for a in agents if in_filter(a, flt.status)]
    return [(agent, course) for agent in shown for course in agent.courses]


# The training list's columns as its export writes them (msgids, in the reader's language): the
# training import reads its user name, course, last taken and score, and passes over the rest
# without a word (app/importer/columns.own_export_names).
TRAINING_HEADERS = (
    "Agent",
    "User name",
    "Overall",
    "Course",
    "Status",
    "Last taken",
    "Score",
    "Valid until",
)


def training_cells(pair: Any, _tz: str) -> list[Cell]:
    agent, course = pair
    name = course.name_zh if current_language() == "zh_CN" else course.name_en
    return [
        agent.display_name,
        agent.username,
        tr(TRAINING_STATUS[agent.status.value]),
        name,
        tr(TRAINING_STATUS[course.status.value]),
        course.last_taken_on,
        course.last_score,
        course.expires_on,
    ]
