"""What a US or UK office's borrowers import says of the numbers that take no SMS: the landlines
filed as home numbers, and the borrowers imported without any number (app/importer/borrowers.py).
Named row by row in the check, so that whoever imports sees before Import who cannot be texted."""

from __future__ import annotations

from app.i18n import sentences, tr
from app.importer.report import _by_row
from app.privacy import mask_phone


def landlines_text(
    landlines: list[tuple[int, str, str]], no_phone: list[tuple[int, str]], *, imported: bool
) -> str:
    """The rows whose numbers are landlines and the rows with no number, or ''."""
    said = []
    if landlines:
        rows = _by_row(
            [
                tr(
                    "row {row}: {number} of borrower {borrower}",
                    row=row,
                    number=mask_phone(number),
                    borrower=no,
                )
                for row, no, number in landlines
            ]
        )
        said.append(
            tr("Imported as landlines, which cannot receive SMS: {rows}.", rows=rows)
            if imported
            else tr("To be imported as landlines, which cannot receive SMS: {rows}.", rows=rows)
        )
    if no_phone:
        rows = _by_row(
            [tr("row {row}: borrower {borrower}", row=row, borrower=no) for row, no in no_phone]
        )
        said.append(
            tr(
                "Imported without a phone number (add one on the borrower's page when they give "
                "it): {rows}.",
                rows=rows,
            )
            if imported
            else tr(
                "To be imported without a phone number (add one on the borrower's page when "
                "they give it): {rows}.",
                rows=rows,
            )
        )
    return sentences(said)
