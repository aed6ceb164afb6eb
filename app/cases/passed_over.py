"""Who a rule assignment left out for their training, in words for the Work queue and the CLI:
"20 cases assigned." alone did not say that an agent whose training lapsed got none (found by
QA on the supervisor's month-end). An agent given phone-stage cases is not "left out": only the
field-stage cases passed them by, and it says so (QA: "未获分配" of an agent given 12 cases)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.cases.assignment import AssignSummary
from app.i18n import listed, sentences, tr
from app.queries.cases import agent_choices


def passed_over_text(session: Session, summary: AssignSummary) -> str:
    """ "Left out for their training: 姜志强 (agent01) — training lapsed." and, of an agent given
    only phone-stage cases, "No field-stage case, for their field training: 杜平 (agent02) — field
    training lapsed." ("" when the run passed nobody by)."""
    if not summary.passed_over:
        return ""
    left_out, phone_only = [], []
    for agent in agent_choices(session):
        work = summary.passed_over.get(agent.id)
        if work is None:
            continue
        who = tr("{name} ({username})", name=agent.display_name, username=agent.username)
        if work == "field_only":
            gap = (
                tr("field training missing")
                if agent.field_gap == "missing"
                else tr("field training lapsed")
            )
            phone_only.append(tr("{who} — {why}", who=who, why=gap))
            continue
        if work == "field":
            gap = tr("no field work")
        else:
            gap = tr("training missing") if agent.phone_gap == "missing" else tr("training lapsed")
        left_out.append(tr("{who} — {why}", who=who, why=gap))  # 王芳（agent01）——缺少培训
    said = []
    if left_out:
        said.append(tr("Left out for their training: {agents}.", agents=listed(left_out)))
    if phone_only:
        said.append(
            tr(
                "No field-stage case, for their field training: {agents}.",
                agents=listed(phone_only),
            )
        )
    return sentences(said)
