"""Login names as typed: "ａｇｅｎｔ０１" from a Chinese input method in full-width mode, or
"agent01 " with a space pasted after it, name the account agent01. A name is kept and looked for
in NFKC form, trimmed; letter case is kept, as at login before (qa1 and QA1 may not both exist:
app.auth.check_name_free)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # light: the start's first screen reads login_name (app/first_screen.py)
    from sqlalchemy.orm import Session

    from app.models import User


def login_name(typed: str | None) -> str:
    """The user name `typed` stands for: NFKC (full-width letters and digits as ASCII), trimmed."""
    return unicodedata.normalize("NFKC", typed or "").strip()


def same_name(name: str) -> str:
    """What two names that may not both exist share: their login form in any letter case."""
    return login_name(name).casefold()


def user_named(session: Session, typed: str | None, **options: object) -> User | None:
    """The account `typed` names; an account stored before names were normalised (full-width
    letters kept as typed) is found by its name as stored."""
    from sqlalchemy import select

    from app.models import User

    name = login_name(typed)
    found = session.scalar(select(User).where(User.username == name).execution_options(**options))
    stored = (typed or "").strip()
    if found is None and stored != name:
        found = session.scalar(
            select(User).where(User.username == stored).execution_options(**options)
        )
    return found


def person(display_name: str | None, username: str) -> str:
    """How a user is named beside their login, as the Compliance log and the complaint pane name
    them: "李明 (agent01)" ("李明（agent01）" in Chinese); the login alone without another name."""
    from app.i18n import tr  # here, not at import: the start's first screen reads this module

    if not display_name or display_name == username:
        return username
    return tr("{name} ({username})", name=display_name, username=username)
