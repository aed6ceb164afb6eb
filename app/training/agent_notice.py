"""What a supervisor is told of an agent's lapsed or missing training when they look at that
agent's cases (the Work queue filtered to the agent, `casedesk queue --agent`): the facts of the
agent's own notice (app/training/status.own_training_notice) said in the third person, and how to
move the cases. DOMAIN: an agent whose training has lapsed cannot be given field visits, "and the
queue says why" — to the supervisor too, not only to the agent (found by QA)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import current_language, listed, plural, sentences, tr
from app.models import Case, CaseStatus, Role, User
from app.training.status import WorkKind, gap_kind, work_gaps

# What the rule set in force does meanwhile to the calls of an agent untrained for phone work,
# said of them (the agent's own notice says it to them: app/training/status.MEANWHILE).
THEIR_CALLS = {
    "warning": "Until then, each call, SMS or letter they make is flagged in the compliance "
    "report.",
    "needs_override": "Until then, each call, SMS or letter they make needs a supervisor's "
    "override.",
    "blocked": "Until then, they cannot call, text or write to borrowers.",
}

Where = Literal["window", "cli"]


def agent_training_notice(
    session: Session, agent_id: int, as_of: dt.date, where: Where = "window"
) -> str | None:
    """What a supervisor looking at `agent_id`'s cases is told of that agent's lapsed or missing
    training, in the current language, with how to move the cases they hold (`where`: the
    window's words or the command line's); None when the agent is fit for all work, or is not
    an agent."""
    agent = session.get(User, agent_id)
    if agent is None or agent.role is not Role.AGENT:
        return None  # training records cover agents only
    gaps = work_gaps(session, agent_id, as_of)
    phone, field = gaps.get(WorkKind.PHONE, []), gaps.get(WorkKind.FIELD, [])
    if not phone and not field:
        return None
    zh = current_language() == "zh_CN"
    courses = listed(
        [c.name_zh if zh else c.name_en for c in phone + [c for c in field if c not in phone]]
    )
    name = agent.display_name
    # Never trained ("missing") is not a pass that expired ("lapsed"): a new agent was told
    # their training had lapsed, "until they pass it again" (QA); told as the Assign dialog does.
    never = gap_kind(phone or field) == "missing"
    if phone:
        told = [
            tr(
                "{agent} has not yet passed the training for phone and field work ({courses}): "
                "no case or visit can be given to them until they pass it.",
                agent=name,
                courses=courses,
            )
            if never
            else tr(
                "{agent}'s training for phone and field work has lapsed or is missing "
                "({courses}): no case or visit can be given to them until they pass it again.",
                agent=name,
                courses=courses,
            ),
            _their_calls(session),
        ]
    else:
        told = [
            tr(
                "{agent} has not yet passed the training for field work ({courses}): they "
                "cannot be put on a visit, nor given cases at the field stage, until they pass "
                "it.",
                agent=name,
                courses=courses,
            )
            if never
            else tr(
                "{agent}'s training for field work has lapsed or is missing ({courses}): they "
                "cannot be put on a visit, nor given cases at the field stage, until they pass "
                "it again.",
                agent=name,
                courses=courses,
            ),
            _field_stage_held(session, agent_id),
        ]
    return sentences([*told, _how_to_move(session, agent, where)])


def _their_calls(session: Session) -> str:
    """The rule `contact_training` of the rule set in force, said of the agent it holds back
    ("" when it is off or absent)."""
    from app.compliance.versions import active_ruleset  # app.compliance imports app.training

    rule = active_ruleset(session)[0].rule("contact_training")
    if rule is None or not rule.enabled or rule.severity.name.lower() not in THEIR_CALLS:
        return ""
    return tr(THEIR_CALLS[rule.severity.name.lower()])


def _field_stage_held(session: Session, agent_id: int) -> str:
    """How many of the agent's open cases are at the field stage ("" for none)."""
    from app import settings

    field_min = int(settings.get(session, "queue.field_stage_min_dpd"))
    held = session.scalar(
        select(func.count()).where(
            Case.assigned_agent_id == agent_id,
            Case.status != CaseStatus.CLOSED,
            Case.dpd >= field_min,
        )
    )
    if not held:
        return ""
    return plural(
        int(held),
        "They hold {count} open case at the field stage ({days}+ days past due).",
        "They hold {count} open cases at the field stage ({days}+ days past due).",
        days=field_min,
    )


def _how_to_move(session: Session, agent: User, where: Where) -> str:
    """How to move the agent's open cases to trained agents ("" when they hold none: a new agent
    has no cases to move, QA)."""
    held = session.scalar(
        select(func.count()).where(
            Case.assigned_agent_id == agent.id, Case.status != CaseStatus.CLOSED
        )
    )
    if not held:
        return ""
    if where == "cli":
        return tr(
            "To move their cases to trained agents: casedesk assign --rule round-robin --from "
            "{username}",
            username=agent.username,
        )
    return tr(
        "To move their cases to trained agents, use Assign by rule… with Cases of: {agent}.",
        agent=agent.display_name,
    )
