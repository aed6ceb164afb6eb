"""Logging in to the office's PostgreSQL server: a password only when the server wants one.

The password comes from the URL, else CASEDESK_DB_PASSWORD, else the one remembered in this
computer's keychain (service `Casedesk PostgreSQL`, account = the URL without its password), else
none: a server that trusts the user (trust, peer, a client certificate) lets it in without a
question. Only when the server refuses is the user asked (`ask`), and asked again while the
password typed is refused, until they give up. A typed password is remembered in the keychain
when the user says so; a remembered one the server later refuses is asked for again, and
replaced (or, not remembered this time, forgotten: it would only be refused at every start).
The CLI's prompt offers no remembering; it uses a remembered password and leaves it alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from app.errors import DatabaseError
from db.pg import PASSWORD_SERVICE, _keychain, account, make_pg_engine
from db.pg_errors import PasswordRefused

PASSWORD_ENV = "CASEDESK_DB_PASSWORD"


class Refusal(Enum):
    """Why the password is asked for."""

    NONE_GIVEN = "none"  # the server wants a password and this computer had none
    SAVED = "saved"  # the server refused the one remembered on this computer
    TYPED = "typed"  # the server refused the one just typed


@dataclass(frozen=True)
class Typed:
    """A password typed at the prompt, and whether to remember it on this computer."""

    password: str
    remember: bool = False


# Asked with the reason; answers a password or None to give up. A plain str comes from a prompt
# that offers no remembering (the CLI's): the keychain is left as it is.
AskPassword = Callable[[Refusal], "Typed | str | None"]


def saved_password(shown: str) -> str | None:
    """The password remembered on this computer for the server database `shown`, if any."""
    return _keychain(PASSWORD_SERVICE, shown)


def remember_password(shown: str, password: str) -> bool:
    """Keep the password in this computer's keychain; False when there is no keychain."""
    try:
        import keyring

        keyring.set_password(PASSWORD_SERVICE, shown, password)
    except Exception:
        return False
    return True


def forget_password(shown: str) -> bool:
    """Remove the password remembered for `shown`; False when none was remembered."""
    if saved_password(shown) is None:
        return False
    try:
        import keyring

        keyring.delete_password(PASSWORD_SERVICE, shown)
    except Exception:
        return False
    return True


def connect_pg(url: URL, ask: AskPassword | None = None) -> Engine:
    """An engine on the server, logged in with the first password it accepts (see the module).

    Raises DatabaseError when the server cannot be reached, or refuses and nobody can be asked,
    or the user gives up (nothing is left open)."""
    shown = account(url)
    if url.password:
        return _given(url, in_env=False)
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return _given(url.set(password=env), in_env=True)
    saved = saved_password(shown)
    try:
        return make_pg_engine(url.set(password=saved) if saved else url)
    except PasswordRefused:
        refusal = Refusal.SAVED if saved else Refusal.NONE_GIVEN
    while True:
        if ask is None:
            raise _unasked(shown, refusal)
        answer = ask(refusal)
        typed = Typed(answer) if isinstance(answer, str) else answer
        if typed is None or not typed.password:
            raise DatabaseError("No password was given for {url}; nothing was opened.", url=shown)
        try:
            engine = make_pg_engine(url.set(password=typed.password))
        except PasswordRefused:
            refusal = Refusal.TYPED
            continue
        if typed.remember:
            remember_password(shown, typed.password)
        elif saved and isinstance(answer, Typed):  # a prompt that offered to remember it
            forget_password(shown)  # refused by the server: it would be tried at every start
        return engine


def _given(url: URL, *, in_env: bool) -> Engine:
    """A password the user set outside Casedesk: refused, it is theirs to correct (not asked)."""
    try:
        return make_pg_engine(url)
    except PasswordRefused:
        raise DatabaseError(
            "The server {url} refused the password in CASEDESK_DB_PASSWORD: correct it, or "
            "unset it to be asked for the password."
            if in_env
            else "The server {url} refused the password in its URL: correct it, or leave it out "
            "to be asked for the password.",
            url=account(url),
        ) from None


def _unasked(shown: str, refusal: Refusal) -> DatabaseError:
    if refusal is Refusal.SAVED:
        return DatabaseError(
            "The server {url} refused the password remembered on this computer (changed on the "
            "server?). Open the office in the window to enter the new one, or set "
            "CASEDESK_DB_PASSWORD; `casedesk db forget-password {url}` forgets the old one.",
            url=shown,
        )
    return DatabaseError(
        "The server {url} wants a password and none was given: set CASEDESK_DB_PASSWORD, or "
        "type it when asked (the window asks at start and can remember it on this computer).",
        url=shown,
    )
