"""Errors a user can act on: each carries a translatable message, shown without a traceback."""

from __future__ import annotations

from typing import Any


class CasedeskError(Exception):
    """A problem the user can understand and fix; `message` is an English msgid."""

    exit_code = 1

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.msgid = message
        self.params = params

    def translated(self, lang: str | None = None) -> str:
        from app.i18n import tr

        return tr(self.msgid, lang=lang, **self.params)

    def __str__(self) -> str:
        return self.translated("en")


class ValidationError(CasedeskError):
    """Input that cannot be accepted; nothing was saved."""


class NotFound(CasedeskError):
    """A referenced record does not exist."""


class PermissionDenied(CasedeskError):
    """The acting user's role does not allow this use case."""


class AuthenticationError(CasedeskError):
    """Wrong user name or password, or the account is locked."""


class DatabaseError(CasedeskError):
    """The database cannot be opened or used: wrong key, newer schema, missing file…"""
