"""Errors a user can act on: each carries a translatable message, shown without a traceback."""

from __future__ import annotations

import errno
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


class AccountDeactivated(AuthenticationError):
    """The idle lock's password was right, but an admin deactivated the account meanwhile."""


class DatabaseError(CasedeskError):
    """The database cannot be opened or used: wrong key, newer schema, missing file…"""


class BackupFolderUnreachable(CasedeskError):
    """The office's chosen backup folder is not there, nor the folder it would be made in."""


class DamagedDatabase(DatabaseError):
    """The office's file opens with its key, but parts of it cannot be read (SQLite's
    "malformed"): restore it from a backup. `detail` keeps SQLite's own words (English whatever
    the language), for a detail shown apart from the sentence, never inside it."""

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(
            "{path} is damaged: parts of it cannot be read. Restore it from the latest backup "
            "(casedesk db restore).",
            path=path,
        )
        self.path = path
        self.detail = detail


class WrongKey(DatabaseError):
    """The file's first page does not decrypt with the key given: a wrong key, or not a Casedesk
    database (the window asks a typed recovery key again)."""


class KeptKeyWrong(WrongKey):
    """The key this computer's keychain kept for the file does not open it (a file restored from
    another computer, a new office made at the same path): the recovery key is asked instead, and
    replaces the kept key once it opens the file."""


# What the system says of a file it could not use, in words the reader's language has (the
# system's own text is English whatever the window's language).
_OS_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the disk is read-only",
    errno.EEXIST: "it already exists",
    errno.ENAMETOOLONG: "the name is too long",
}


# What Windows says of a file another program holds open (app/held_files.py): its errno alone
# (EACCES) would read "permission denied", which sends the user to the wrong fix.
_WINDOWS_REASONS = {
    5: "permission denied, or it is open in another program",
    32: "it is open in another program; close it there and try again",
    33: "it is open in another program; close it there and try again",
}


def os_reason(error: OSError, lang: str | None = None) -> str:
    """Why a file could not be used, in the reader's language where the reason is a common one."""
    from app.i18n import tr

    msgid = _WINDOWS_REASONS.get(getattr(error, "winerror", None) or 0)
    if msgid is None and error.errno is not None:
        msgid = _OS_REASONS.get(error.errno)
    return tr(msgid, lang=lang) if msgid else (error.strerror or str(error))


# Errors of a file being written, not read: a copy that fails so failed at its target.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


def failed_path(error: OSError) -> str | None:
    """The file an OS error is of. A copy names its source first and its target second
    (shutil's copyfile); a full or read-only disk is the target's, not the source's."""
    if error.filename2 is not None and error.errno in _WRITE_ERRNOS:
        return str(error.filename2)
    if error.filename is not None:
        return str(error.filename)
    return None if error.filename2 is None else str(error.filename2)
