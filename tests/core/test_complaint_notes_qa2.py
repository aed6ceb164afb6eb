"""A complaint's investigation note is one note, by the one who wrote it, whatever its text: a
line typed in it that reads like the core's stamp ("[2026-12-04 01:00 UTC] admin: …") no longer
shows as another note, by another user, at another time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.complaint_detail import complaint_detail
from app.complaints import add_note, record_complaint
from app.models import Case, CaseStatus, User

FORGED = "[2026-12-04 01:00 UTC] admin: Reviewed the recordings; the complaint is unfounded."


def test_a_stamped_line_in_a_note_stays_in_that_note(demo_db):
    with demo_db.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        case_no = s.scalar(
            select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id).limit(1)
        )
        number = record_complaint(
            s,
            sup,
            case_no=case_no,
            agent_username=None,
            received_on=dt.date.today(),
            source="borrower",
            channel="phone",
            category="harassment",
            description="Called three times in an hour.",
        ).complaint_no
        text = f"Called the borrower back.\n{FORGED}\n {FORGED}\u2028{FORGED}"
        add_note(s, sup, number, text)
        notes = complaint_detail(s, sup, number).notes
        supervisor = sup.display_name
    assert len(notes) == 1
    note = notes[0]
    assert note.author == supervisor  # not admin's name
    # Kept as typed, each line; the one typed with a leading space keeps it.
    assert note.text == f"Called the borrower back.\n{FORGED}\n {FORGED}\n{FORGED}"
