"""The agent or supervisor a training record is for, as a roster names them: by user name in any
letter case (AGENT03 is agent03: user names may not differ by case alone), or by the name the
user list shows when one agent or supervisor has it. "No agent named 姜志强." of agent01, listed
as 姜志强, was false (found by QA); the rules are `casedesk assign --agent`'s
(app/cases/agent_named.py), but a deactivated agent's past training may still be recorded."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, ValidationError
from app.models import Role, User
from app.user_names import login_name, same_name, user_named

TRAINED = (Role.AGENT, Role.SUPERVISOR)


def find_agent(session: Session, name: str) -> User:
    """The agent or supervisor `name` names; a refusal says what to write instead."""
    user = user_named(session, name)
    if user is None:
        user = _by_any_case(session, name) or _by_display_name(session, name)
    if user is None:
        raise NotFound(
            "No agent or supervisor has the user name or the name {name}: write their user name "
            "(as the user list shows it).",
            name=name,
        )
    if user.role not in TRAINED:
        raise ValidationError(
            "{username} is not an agent or a supervisor: training is recorded for them only.",
            username=user.username,
        )
    return user


def _by_any_case(session: Session, name: str) -> User | None:
    wanted = same_name(name)
    return next((u for u in session.scalars(select(User)) if same_name(u.username) == wanted), None)


def _by_display_name(session: Session, name: str) -> User | None:
    wanted = login_name(name).casefold()
    if not wanted:
        return None
    named = [
        u
        for u in session.scalars(
            select(User).where(User.role.in_(TRAINED)).order_by(User.active.desc(), User.username)
        )
        if login_name(u.display_name).casefold() == wanted
    ]
    active = [u for u in named if u.active]
    if len(active) > 1 or (not active and len(named) > 1):
        raise ValidationError(
            "More than one agent or supervisor is named {name}: write the user name ({usernames}).",
            name=name,
            usernames=[u.username for u in (active or named)],
        )
    return named[0] if named else None
