"""The case's story: the visit bookings and moves the rules flagged — a warning, or a supervisor's
override with their reason — each at the moment it was booked or moved, as a contact's line says
its own (the visit's line stands at the visit's time)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import tr
from app.labels import VERDICT, label
from app.models import FlaggedBooking, Visit
from app.office import office_zone
from app.queries.compliance_rows import NOT_RECORDED, slot_text

TITLES = {"visit_book": "Visit {number} booked", "visit_reschedule": "Visit {number} moved"}


def booking_flag_lines(
    session: Session, case_id: int, names: dict[int, str], lang: str | None = None
) -> list[tuple[dt.datetime, str, str]]:
    """(when, title, detail) of each flagged booking or move of the case's visits: who booked or
    moved it, the verdict, and who overrode it and why."""
    f = FlaggedBooking
    query = (
        select(
            f.at,
            f.action,
            f.verdict,
            f.agent_id,
            f.override_by_id,
            f.override_reason,
            Visit.visit_no,
            f.slot_start,
            f.slot_end,
        )
        .join(Visit, Visit.id == f.visit_id)
        .where(f.case_id == case_id)
    )
    lines = []
    zone = office_zone(session)
    for row in session.execute(query):
        at, action, verdict, agent_id, by_id, reason, visit_no, start, end = row
        detail = [
            # The slot this booking or move chose: the visit's own line gives its time now.
            tr("slot {slot}", lang, slot=slot_text(start, end, zone, lang)),
            tr("by {agent}", lang, agent=names.get(agent_id, "?")),
        ]
        if (
            by_id is None
        ):  # an override says itself: "overridden by …" (not "compliance: overridden")
            detail.append(tr("compliance: {verdict}", lang, verdict=label(VERDICT, verdict, lang)))
        else:
            detail.append(
                tr(
                    "overridden by {supervisor}: {reason}",
                    lang,
                    supervisor=names.get(by_id, "?"),
                    reason=reason or tr(NOT_RECORDED, lang),
                )
            )
        title = tr(TITLES.get(action, "Visit {number} booked"), lang, number=visit_no)
        when = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        lines.append((when, title, " · ".join(detail)))
    return lines
