"""What keeps an export or a rejected-rows file from doing harm: never written over the open
database, its companion files or a file being imported, and no text cell a spreadsheet would run
as a formula (app.export, app.importer.report)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.orm import Session

from app.errors import ValidationError

# What SQLite (journal, WAL and its index) and Casedesk (the window's lock) keep beside a
# database file: a file written over any of them destroys the office's data.
COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")


def session_database(session: Session) -> Path | None:
    """The file of the SQLite database `session` works on; None on a server."""
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one is not there (yet): the same path, links followed, is the same file
        return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())


def refuse_overwriting(
    path: Path, database: Path | str | None = None, sources: Iterable[Path] = ()
) -> None:
    """Refuse to write over the database file `database`, its companions, or a file being
    imported (`sources`)."""
    kept = [] if database is None else [Path(f"{database}{end}") for end in COMPANIONS]
    if any(_same_file(path, file) for file in kept):
        raise ValidationError(
            "Not writing over {path}: it is the open database or one of its files. "
            "Choose another file name.",
            path=str(path),
        )
    if any(_same_file(path, Path(source).expanduser()) for source in sources):
        raise ValidationError(
            "Not writing over {path}: it is a file being imported. Choose another file name.",
            path=str(path),
        )


# A text cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with one of
# these, spaces before it aside. Text of digits with signs, spaces, * and brackets only (-12.50,
# +86 151****8078) is left as it is: with no letters it can name no function, cell or program.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_DIGITS = re.compile(r"[+-]?[0-9][0-9 ,.*()+-]*")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula."""
    bare = text.lstrip(" ")
    return bare.startswith(FORMULA_START) and _DIGITS.fullmatch(bare) is None


def csv_text(text: str) -> str:
    """`text` as a CSV cell: one a spreadsheet would run as a formula begins with ' (as text)."""
    return "'" + text if formula_like(text) else text
