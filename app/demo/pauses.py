"""A complaint's pause in the demo's contact history, as the office would have lived it.

An open complaint pauses contact on its case until the pause is lifted (app/complaints.py): the
rule engine blocks every call, SMS, letter or visit meanwhile (rule case_paused), and the queue
holds the case at the bottom with "Paused by an open complaint". The demo draws a case's
complaint after its contacts (so that every other draw stays as it was); the contacts its pause
covers are then taken back here. The first one tried is kept as the product keeps a blocked try
— a blocked_attempt with the rule's finding, nothing else saved — and the agent, told the case is
paused, tries no more: the rest are not made. A promise made on a contact taken back is not made
either, and the case's other promises are judged again without it.

The pause runs from the complaint's recording to the moment its pause is lifted, as
app/compliance/back_dated.py `paused_then` reads it, on a time given to the minute standing for
the end of its minute (app/compliance/context.py). The lift is stamped later, by
app/demo/complaint_history.py: at LIFT_MINUTE on the closing day, later only on a complaint closed
the day it came (never after LIFTED_BY). A try is blocked only where the pause surely held; one
that may have fallen in it is not made.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from app.demo.context import local_to_utc
from app.demo.numbers import forget
from app.demo.writer import names, table_columns
from app.models import Channel, ContactAttempt, Party

if TYPE_CHECKING:
    from app.demo.activity import ActivityBuilder
    from app.demo.cases import CaseWork

LIFT_MINUTE = 16 * 60  # a closed complaint's pause is lifted at 16:00 (office time) …
LIFTED_BY = 19 * 60  # … and at the latest by 19:00 when it was closed the day it came
MINUTE = dt.timedelta(minutes=1)
NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)

# A contact row as app/demo/activity.py makes it: its table's columns, values as stored.
CONTACT_COLUMNS = table_columns(ContactAttempt)
ID, CASE, AGENT, CHANNEL, PARTY, AT = (
    CONTACT_COLUMNS.index(c) for c in ("id", "case_id", "agent_id", "channel", "party", "at")
)
CHANNEL_NAME, PARTY_NAME = names(Channel), names(Party)


def take_back_paused(
    activity: ActivityBuilder,
    work: CaseWork,
    complaint: dict[str, Any],
    first_contact: int,
    first_promise: int,
) -> None:
    """Take the case's contacts made since `first_contact` (a flat row list index) out of the
    complaint's pause; the first one surely inside it becomes the pause's blocked try."""
    ctx, rows = activity.ctx, activity.contacts
    if ctx.paused_findings is None:  # a rule set that lets such contacts through
        return
    width = len(CONTACT_COLUMNS)
    recorded = min(complaint["created_at"], ctx.latest)
    closed_on: dt.date | None = complaint["closed_on"]
    if closed_on is None:  # still open: paused to this day
        surely_until = may_until = NEVER
    else:
        surely_until = min(local_to_utc(closed_on, LIFT_MINUTE), ctx.latest)
        may_until = local_to_utc(closed_on, LIFTED_BY)
    visit, borrower = CHANNEL_NAME[Channel.VISIT], PARTY_NAME[Party.BORROWER]
    kept: list[Any] = []
    dropped: set[int] = set()
    blocked = False
    for start in range(first_contact, len(rows), width):
        row = rows[start : start + width]
        if row[CASE] != work.id or row[CHANNEL] == visit:  # a visit's line goes with its visit
            kept.extend(row)
            continue
        then = dt.datetime.fromisoformat(row[AT]).replace(tzinfo=dt.UTC) + MINUTE
        if not recorded <= then < may_until:
            kept.extend(row)
            continue
        dropped.add(row[ID])
        if not blocked and row[PARTY] == borrower and then < surely_until:
            blocked = True
            activity.blocked.append(_blocked(activity, work, row, then - MINUTE))
    if not dropped:
        return
    rows[first_contact:] = kept
    forget(work.facts.person.lines, dropped)
    promises = activity.promises
    promises[first_promise:] = [
        p for p in promises[first_promise:] if p["contact_attempt_id"] not in dropped
    ]
    activity.judge(work, promises[first_promise:])


def _blocked(
    activity: ActivityBuilder, work: CaseWork, row: list[Any], at: dt.datetime
) -> dict[str, Any]:
    """The try as app.compliance.gate.record_block keeps it: who, how, when, the rule's words."""
    ctx = activity.ctx
    channel = next(c for c, name in CHANNEL_NAME.items() if name == row[CHANNEL])
    return {
        "id": ctx.ids.take("blocked_attempt"),
        "case_id": work.id,
        "agent_id": row[AGENT],
        "channel": channel,
        "party": Party.BORROWER,
        "at": at,
        "findings": ctx.paused_findings,
        "ruleset_version_id": ctx.ruleset_version_id,
        "created_at": at,
    }
