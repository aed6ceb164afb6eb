"""The privacy duties of notes on a case (app/case_notes.py): the borrower's copy of their data
holds every note on their cases (the gathered rows, the PDF read back with pypdf); erasing the
borrower blanks each note's text (and a restore that erases again does the same, through the same
apply_erasure), the story then says the text went with their data, and the trail never held it."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from app.access_copy import gather_copy
from app.access_copy_file import write_copy
from app.access_copy_tables import sections
from app.case_notes import add_case_note
from app.erasure import erase_borrower
from app.models import AuditEntry, Case, CaseNote, Loan
from app.queries.case_page import case_detail
from tests.core.access_copy_office import REASON, full_borrower, user
from tests.core.test_erasure import _erasable

NOTES = (
    "借款人的姐姐说他现在在深圳工作，春节回来",
    "Loan officer confirms the shop closed in October",
)


def _cases_of(s, borrower_id: int) -> list[Case]:  # type: ignore[no-untyped-def]
    loans = select(Loan.id).where(Loan.borrower_id == borrower_id)
    return list(s.scalars(select(Case).where(Case.loan_id.in_(loans)).order_by(Case.id)))


def test_the_copy_holds_the_notes_on_the_borrowers_cases(demo_db, tmp_path: Path) -> None:
    with demo_db.session() as s:
        b = full_borrower(s)
        sup = user(s, "supervisor")
        case_no = _cases_of(s, b.id)[0].case_no
        for text in NOTES:
            add_case_note(s, sup, case_no, text)
        # A note on another borrower's case is not theirs.
        other = s.scalar(select(Case).where(Case.case_no != case_no).order_by(Case.id.desc()))
        add_case_note(s, sup, other.case_no, "另一位借款人的备注")
        number, name = b.borrower_no, sup.display_name
    with demo_db.session() as s:
        copy = gather_copy(s, user(s, "supervisor"), number, "zh_CN")
        assert [(n.case_no, n.text, n.by) for n in copy.notes] == [
            (case_no, text, name) for text in NOTES
        ]
        part = next(p for p in sections(copy, "zh_CN") if p.key == "notes")
        assert part.title == "案件备注" and part.headers == ["时间", "案件编号", "备注", "操作人"]
        assert [row[2] for row in part.rows] == list(NOTES)
    done = write_copy(demo_db.sessions, sup, number, tmp_path / "copy.pdf", REASON, "zh_CN")
    assert done.rows["notes"] == len(NOTES)
    text = "\n".join(p.extract_text() for p in PdfReader(str(done.path)).pages)
    assert "案件备注" in text
    for note in NOTES:
        assert "".join(note.split()) in "".join(text.split())
    assert "另一位借款人的备注" not in text


def test_an_erasure_blanks_the_notes_text_and_the_story_says_so(demo_db) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        case = _cases_of(s, borrower.id)[0]  # closed: a closed case still takes a note
        note = add_case_note(s, user(s, "supervisor"), case.case_no, NOTES[0])
        kept = add_case_note(s, user(s, "supervisor"), _other_case(s, borrower.id), NOTES[1])
        note_id, kept_id, case_no, number = note.id, kept.id, case.case_no, borrower.borrower_no
    with demo_db.session() as s:
        erase_borrower(s, user(s, "admin"), number)
    with demo_db.session() as s:
        erased = s.get(CaseNote, note_id)
        assert erased is not None and erased.text == ""  # the row stays: who wrote when
        assert s.get(CaseNote, kept_id).text == NOTES[1]  # another borrower's is untouched
        story = case_detail(s, user(s, "supervisor"), case_no).timeline
        [line] = [i for i in story if i.kind == "note"]
        assert line.detail == "(the text was erased with the borrower's personal data)"
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "case.note")).all()
        assert {case_no} <= {e.entity_id for e in entries} and not any(e.changes for e in entries)


def _other_case(s, borrower_id: int) -> str:  # type: ignore[no-untyped-def]
    loans = select(Loan.id).where(Loan.borrower_id != borrower_id)
    return s.scalar(select(Case.case_no).where(Case.loan_id.in_(loans)).order_by(Case.id))
