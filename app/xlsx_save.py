"""Save an openpyxl workbook so that a failed save (the disk full, the drive pulled) leaves no
half-written zip behind to fail again, printed as a traceback, when it is collected."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any


def save_book(book: Any, path: Path) -> None:
    """openpyxl's `save_workbook`, with its zip discarded (not finished) on any error."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    archive = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
    book.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    try:
        ExcelWriter(book, archive).save()
    except BaseException:
        # ZipFile.__del__ would write the zip's directory to the file again, and fail again:
        # the zip is left unfinished and its file closed (the caller removes it).
        opened, archive.fp = archive.fp, None
        if opened is not None:
            with contextlib.suppress(OSError):
                opened.close()
        _finish_sheets(book)
        raise


def _finish_sheets(book: Any) -> None:
    """Close the write-only sheets not yet written into the zip, and remove their temporary
    files: left as they are, each fails when collected, printed as a traceback."""
    for sheet in book.worksheets:
        if getattr(sheet, "closed", True):
            continue
        with contextlib.suppress(Exception):
            sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()
