"""The server's errors a user can act on, in their words: the server gone, or busy.

The counterpart of db.sqlcipher.failure for an office on PostgreSQL. A server stopped, restarted
or out of reach while the window or a command has the office open fails the statement (or the
connection it waits for) with psycopg's OperationalError; said as it comes, it was a traceback in
the CLI and "Something went wrong: OperationalError…" in the window, neither saying what to do.
The server rolls back a transaction whose connection it lost, so nothing of it was saved.
"""

from __future__ import annotations

from typing import Any

from app.errors import DatabaseError

LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout ran out waiting for another workstation's write
# Class 08: connection exceptions; 57P01-57P03: the server shut down, crashed or is starting.
GONE_STATES = ("57P01", "57P02", "57P03")


class PasswordRefused(DatabaseError):
    """The server wants a password and was given none, or refused the one given."""


def _reason(error: BaseException) -> str:
    said = str(error).strip().splitlines()
    return said[0] if said else type(error).__name__


def failure(error: BaseException, shown: str, *, disconnect: bool = False) -> DatabaseError | None:
    """What a user can act on in the server's error (psycopg's, or SQLAlchemy's around it) on
    the office at `shown`; None for any other error (a constraint, a bad statement …).

    `disconnect`: SQLAlchemy judged the error a lost connection (ExceptionContext.is_disconnect).
    """
    import psycopg

    original = getattr(error, "orig", None) or error
    if not isinstance(original, psycopg.Error):
        return None
    state = getattr(original, "sqlstate", None) or ""
    if state == LOCK_NOT_AVAILABLE:
        return DatabaseError(
            "{path} is busy: another workstation is saving to it. Nothing was saved; try again "
            "in a moment.",
            path=shown,
        )
    lost = (
        disconnect
        or state.startswith("08")
        or state in GONE_STATES
        or isinstance(original, psycopg.InterfaceError)  # "the connection is closed"
        # libpq's own failures (refused, timed out, closed unexpectedly) carry no SQLSTATE
        or (isinstance(original, psycopg.OperationalError) and not state)
    )
    if not lost:
        return None
    return DatabaseError(
        "Cannot reach the office's server {path} ({reason}). Nothing was saved: check that the "
        "server is running and that this computer can reach it, then try again.",
        path=shown,
        reason=_reason(original),
    )


def explain(context: Any, shown: str) -> Exception | None:
    """The engine's handle_error hook: the user's words for a server that went or is busy.

    A failed pre-ping is left alone: the pool then reconnects, as it should after a restart.
    """
    if context.is_pre_ping:
        return None
    return failure(context.original_exception, shown, disconnect=context.is_disconnect)


# The server's words for a wrong password (28P01), in the languages its messages are read in
# here: libpq gives a connection's failure as text only, with no SQLSTATE to test.
WRONG_PASSWORD = ("password authentication failed", "Password 认证失败")


def password_refused(error: BaseException) -> bool:
    """True when connecting failed because the server wants a password (none was given) or
    refused the one given; False for anything else (out of reach, no such database …)."""
    import psycopg

    original = getattr(error, "orig", None) or error
    if not isinstance(original, psycopg.OperationalError):
        return False
    pgconn = getattr(original, "pgconn", None)
    if pgconn is None:
        return False
    if pgconn.needs_password:  # the server asked and libpq had none to give
        return True
    said = str(original)
    return bool(pgconn.used_password) and any(words in said for words in WRONG_PASSWORD)
