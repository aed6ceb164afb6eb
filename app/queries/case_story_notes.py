"""The case's story: the notes written on the case outside any contact (app/case_notes.py), each
at the moment it was written, with its author; one whose text went with the borrower's erased
personal data says so rather than show an empty line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import tr
from app.models import CaseNote


def note_lines(
    session: Session, case_id: int, names: Mapping[int, str], lang: str | None = None
) -> list[tuple[dt.datetime, str, str, int]]:
    """(when, title, text, id) of each note on the case, in the order written."""
    rows = session.execute(
        select(CaseNote.id, CaseNote.created_at, CaseNote.author_id, CaseNote.text)
        .where(CaseNote.case_id == case_id)
        .order_by(CaseNote.id)
    )
    return [
        (
            at,
            tr("Note by {author}", lang, author=names.get(author, "?")),
            text or tr("(the text was erased with the borrower's personal data)", lang),
            note_id,
        )
        for note_id, at, author, text in rows
    ]
