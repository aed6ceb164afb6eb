"""Notes on a few open cases of the demo office (app/case_notes.py), so that the case page, `case
show` and a borrower's copy of their data show what one looks like: each written by the case's
agent through the core, the office day after the case's last contact, in the afternoon (never
after the build's moment), with its audit entry. Drawn from a generator of its own, seeded from the
build's seed: the rest of the office is drawn as it was."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.case_notes import add_case_note
from app.demo.context import local_to_utc
from app.models import Case, CaseStatus, User
from app.models.base import acting_at

NOTES = (
    "借款人的姐姐说他现在在深圳工作，春节回来。",
    "信贷员确认借款人的店铺已于十月关门。",
    "借款人单位人事部门来电，确认其仍在职，下月起工资照常发放。",
    "邻居说借款人上月已搬走，新住址未知。",
    "借款人表示等年底分红后一次性还清，需再跟进。",
)
AFTERNOON = 15 * 60 + 30  # the office's 15:30, after the day's calls


def record_case_notes(
    session: Session, seed: int, as_of: dt.date, zone: dt.tzinfo, latest: dt.datetime
) -> int:
    """One of NOTES each on open cases with an agent, the day after their last contact (before
    `as_of`); how many were written."""
    rng = random.Random(f"casedesk-demo-case-notes-{seed}")
    rows = list(
        session.execute(
            select(Case.case_no, Case.last_contact_at, User)
            .join(User, User.id == Case.assigned_agent_id)
            .where(Case.status != CaseStatus.CLOSED, Case.last_contact_at.is_not(None))
            .order_by(Case.id)
        )
    )
    rng.shuffle(rows)
    written = 0
    for case_no, last_contact, agent in rows:
        if written == len(NOTES):
            break
        assert last_contact is not None  # chosen for one
        day = last_contact.astimezone(zone).date() + dt.timedelta(days=1)
        moment = local_to_utc(day, AFTERNOON)
        if day >= as_of or moment >= latest:
            continue
        with acting_at(moment):
            add_case_note(session, agent, case_no, NOTES[written])
        written += 1
    return written
