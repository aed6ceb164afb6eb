"""The agent a supervisor names to `casedesk assign --agent`, `queue --agent`, `visit sheet|list
--agent` and the other options naming an agent: by user name, or by the name the queue shows when
one active agent has it. "No active agent named 姜志强"
of an agent listed under that name, and of one deactivated meanwhile, misled (found by QA)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, ValidationError
from app.models import Role, User
from app.user_names import user_named


def named(session: Session, name: str, role: Role | None = Role.AGENT) -> User | None:
    """The account `name` names: its user name first, then the name the lists show when one
    active account (of `role`, None for any) has it, or else one deactivated; a name two active
    accounts share is refused, naming their user names. Every CLI option naming an agent (or,
    for the audit, a user) looks names up so (QA16: `visit sheet --agent 杜平`)."""
    user = user_named(session, name)
    if user is not None:
        return user
    query = select(User).where(User.display_name == name.strip())
    if role is not None:
        query = query.where(User.role == role)
    found = list(session.scalars(query.order_by(User.active.desc(), User.username)))
    active = [u for u in found if u.active]
    if len(active) > 1:
        raise ValidationError(
            "More than one active agent is named {name}: give the user name ({usernames}).",
            name=name,
            usernames=[u.username for u in active],
        )
    return found[0] if found else None


def username_of(session: Session, name: str | None, role: Role | None = Role.AGENT) -> str | None:
    """The user name `name` stands for (`named`); as typed when it names nobody, for the
    command's own refusal to say so."""
    if not name:
        return name
    user = named(session, name, role)
    return user.username if user is not None else name


def active_agent(session: Session, name: str) -> User:
    """The active agent `name` names (user name first, then a unique display name); a refusal
    says what is wrong: deactivated, not an agent, a shared name, or no such person."""
    user = named(session, name)
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
