"""Demo complaints: what a complainant says, by what channel; a complaint row on a case."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from app.demo.context import Context, local_to_utc
from app.demo.pauses import LIFT_MINUTE
from app.models import ComplaintCategory, ComplaintStatus

if TYPE_CHECKING:
    from app.demo.cases import CaseWork

COMPLAINT_CATEGORIES = tuple(ComplaintCategory)
COMPLAINT_WEIGHTS = (0.3, 0.12, 0.05, 0.1, 0.13, 0.22, 0.08)
# What a complainant says, by the complaint's category (ComplaintCategory's order).
COMPLAINT_TEXTS = {
    ComplaintCategory.HARASSMENT: ("投诉催收电话过于频繁", "称一天内接到多次催收电话"),
    ComplaintCategory.THIRD_PARTY_DISCLOSURE: (
        "称催收人员联系了其同事",
        "称催收人员向其家人透露欠款",
    ),
    ComplaintCategory.THREATS: ("称催收人员以起诉和上门相威胁",),
    ComplaintCategory.WRONG_PERSON: ("称被催收的不是本人", "称该号码早已不属于借款人"),
    ComplaintCategory.PRIVACY: ("称其个人信息被泄露给无关人员",),
    ComplaintCategory.FEES_DISPUTE: ("对费用计算有异议", "称罚息金额与合同约定不符"),
    ComplaintCategory.OTHER: ("投诉催收人员语气不当",),
}

# Weighted by repetition; each one of the core's complaint channels (app.complaints.CHANNELS).
COMPLAINT_CHANNELS = ("phone", "phone", "letter", "online", "visit")


def complaint_row(
    ctx: Context, work: CaseWork, received: dt.date, *, still_open: bool
) -> dict[str, Any]:
    """A complaint on the case: open ones pause contact; closed ones were answered in time."""
    rng = ctx.rng
    complex_ = rng.random() < 0.1
    deadline = received + dt.timedelta(days=30 if complex_ else 15)
    closed_on = None
    if not still_open:  # answered within two weeks, and not after the build date
        answered = received + dt.timedelta(days=rng.randint(2, 14))
        closed_on = min(answered, max(received, ctx.as_of))
    if still_open:
        status = ComplaintStatus.OPEN if rng.random() < 0.5 else ComplaintStatus.INVESTIGATING
    else:
        status = ComplaintStatus.RESOLVED if rng.random() < 0.7 else ComplaintStatus.REJECTED
    supervisor = ctx.pick(ctx.supervisors)
    source = ctx.weighted(("borrower", "relative", "regulator"), (0.7, 0.2, 0.1))
    channel = ctx.pick(COMPLAINT_CHANNELS)
    category = ctx.weighted(COMPLAINT_CATEGORIES, COMPLAINT_WEIGHTS)
    return {
        "id": ctx.ids.take("complaint"),
        "complaint_no": f"CP{received.year}-{ctx.number('complaint_no'):06d}",
        "case_id": work.id,
        "agent_id": work.agent_id,
        "received_on": received,
        "source": source,
        "channel": channel,
        "complex": complex_,
        "deadline_on": deadline,
        "status": status,
        "category": category,
        "description": ctx.pick(COMPLAINT_TEXTS[category]),
        # The notes are written with the complaint's audit entries (app/demo/complaint_history).
        "investigation_notes": "",
        "outcome": ""
        if still_open
        else ctx.pick(("已向投诉人说明并致歉", "经核查不属实", "已调整联系频率")),
        "closed_on": closed_on,
        "pauses_contact": True,
        "pause_lifted_by_id": None if still_open else supervisor,
        "pause_lifted_at": None if closed_on is None else local_to_utc(closed_on, LIFT_MINUTE),
        "created_at": local_to_utc(received, 600 + rng.randrange(300)),
        "version": 1,
    }
