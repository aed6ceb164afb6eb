"""The agent a supervisor names to `casedesk assign --agent` or `casedesk queue --agent`: by user
name, or by the name the queue shows when one active agent has it. "No active agent named 姜志强"
of an agent listed under that name, and of one deactivated meanwhile, misled (found by QA)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, ValidationError
from app.models import Role, User
from app.user_names import user_named


def active_agent(session: Session, name: str) -> User:
    """The active agent `name` names (user name first, then a unique display name); a refusal
    says what is wrong: deactivated, not an agent, a shared name, or no such person."""
    user = user_named(session, name)
    if user is None:
        named = list(
            session.scalars(
                select(User)
                .where(User.display_name == name.strip(), User.role == Role.AGENT)
                .order_by(User.active.desc(), User.username)
            )
        )
        active = [u for u in named if u.active]
        if len(active) > 1:
            raise ValidationError(
                "More than one active agent is named {name}: give the user name ({usernames}).",
                name=name,
                usernames=[u.username for u in active],
            )
        user = named[0] if named else None
    if user is None:
        raise NotFound(
            "No agent has the user name or the name {name}: give an active agent's user name.",
            name=name,
        )
    if user.role is not Role.AGENT:
        raise ValidationError(
            "{username} is not an agent: only agents are given cases.", username=user.username
        )
    if not user.active:
        raise ValidationError(
            "{username} was deactivated: choose an active agent.", username=user.username
        )
    return user
