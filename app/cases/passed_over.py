"""Who a rule assignment left out for their training, in words for the Work queue and the CLI:
"20 cases assigned." alone did not say that an agent whose training lapsed got none (found by
QA on the supervisor's month-end)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.cases.assignment import AssignSummary
from app.i18n import listed, tr
from app.queries.cases import agent_choices


def passed_over_text(session: Session, summary: AssignSummary) -> str:
    """ "Left out for their training: 姜志强 (agent01) — training lapsed." or "" when none was."""
    if not summary.passed_over:
        return ""
    names = []
    for agent in agent_choices(session):
        work = summary.passed_over.get(agent.id)
        if work is None:
            continue
        if work == "field":
            gap = tr("no field work")
        else:
            gap = tr("training missing") if agent.phone_gap == "missing" else tr("training lapsed")
        who = tr("{name} ({username})", name=agent.display_name, username=agent.username)
        names.append(tr("{who} — {why}", who=who, why=gap))  # 王芳（agent01）——缺少培训
    return tr("Left out for their training: {agents}.", agents=listed(names)) if names else ""
