"""Printing an agreement to a PDF (`casedesk agreement print`, the Agreements page's Print…): as
a report is (app/reporting/generated.py), the file is written whole first, then the print is
audited; a file that cannot be written leaves no entry, an entry that cannot be saved no file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.agreements.document import printable_document, record_print
from app.models import User
from app.outfile import kept_if_recorded, written_whole


def write_agreement(
    session: Session, user: User, agreement_no: str, path: Path, *, as_signed: bool = False
) -> None:
    """Write the agreement's PDF at `path` (beside it first: a failure leaves no half file and
    keeps the one there), then audit the print and commit `session`, which should hold the
    write lock; the PDF is removed if its audit entry cannot be saved."""
    from reports.agreement import render_agreement  # ReportLab only when printing

    doc = printable_document(session, user, agreement_no, as_signed=as_signed)
    with written_whole(path) as partial:
        render_agreement(doc, partial, as_signed=as_signed)
    with kept_if_recorded(session, path):
        record_print(session, user, doc)
