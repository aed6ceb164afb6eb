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


class ExportCancelled(ValidationError):
    """The user cancelled the export: its partial file is removed, no entry is recorded, and a
    file already under the chosen name is left as it was."""

    def __init__(self) -> None:
        super().__init__("Export cancelled; no file was written.")


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


# Text of digits alone that Excel, opening a CSV, reads as a number and changes (QA s47 N-4): an
# 18-digit ID number or borrower number keeps 15 significant digits (2.02603E+17), +86 138…
# loses its +, 0755… its 0; 12 digits or more show as 1.23457E+11.
_EXCEL_NUMBER = re.compile(r"\+?[0-9]+")
EXCEL_SHOWN_DIGITS = 11


def excel_mangles(text: str) -> bool:
    """Whether Excel, opening a CSV, would read the text cell `text` as a number and change it."""
    if _EXCEL_NUMBER.fullmatch(text) is None:
        return False
    digits = text.lstrip("+")
    leading_zero = len(digits) > 1 and digits[0] == "0"
    return text != digits or len(digits) > EXCEL_SHOWN_DIGITS or leading_zero


def csv_text(text: str) -> str:
    """`text` as a CSV cell: one a spreadsheet would run as a formula begins with ' (as text); an
    identifier Excel would read as a number and change is written ="…", the form Excel (and WPS,
    LibreOffice) reads as that text, as it is (the importer reads it back: `csv_cell`)."""
    if excel_mangles(text):
        return f'="{text}"'
    return "'" + text if formula_like(text) else text


# ="…" around text with no quote in it: what Excel shows is the text inside.
_AS_TEXT = re.compile(r'="([^"]*)"')


def csv_cell(cell: str) -> str:
    """A CSV cell as the imports read it: ="…" (as `csv_text` writes an identifier, and as many
    core systems write one for Excel) is the text inside it; any other cell as it is."""
    if cell[:2] == '="':
        found = _AS_TEXT.fullmatch(cell.rstrip())
        if found is not None:
            return found.group(1)
    return cell
