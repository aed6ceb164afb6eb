"""Who may go on a home visit: the named active collection agents (user names or ids), in order.

A visit is made by trained collection agents (docs: DOMAIN.md, 上门催收). The window offers only
agents for a team; the core refuses anyone else too, so `casedesk visit book --agents
agent02,zhuguan` is not judged by a supervisor's training that no page shows or records (found by
QA). Booking and rescheduling, the only paths that set a team, both come through here.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.errors import NotFound, ValidationError
from app.i18n import Words
from app.labels import ROLE
from app.models import Role, User
from app.user_names import login_name, user_named


def agent_users(session: Session, names: Sequence[str | int]) -> list[User]:
    """The named agents (user names or ids), in order; unknown, inactive, repeated or not an
    agent (a supervisor, an admin): refused, naming them and their role."""
    users: list[User] = []
    for name in names:
        key = login_name(str(name))
        if not key:
            continue
        number = key.isascii() and key.isdigit()
        user = session.get(User, int(key)) if number else user_named(session, str(name))
        if user is None or not user.active:
            raise NotFound("Unknown user {name}.", name=key)
        if user.role is not Role.AGENT:
            raise ValidationError(
                "{name} ({username}, {role}) is not a collection agent: only agents go on home "
                "visits. Choose agents for the team.",
                name=user.display_name or user.username,
                username=user.username,
                role=Words(ROLE[user.role.value]),
            )
        if any(u.id == user.id for u in users):
            raise ValidationError(
                "{agent} is named twice; a visit needs two different agents.", agent=user.username
            )
        users.append(user)
    if not users:
        raise ValidationError("Name the agents who will make the visit.")
    return users
