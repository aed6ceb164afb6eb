"""A note on a case outside any contact (app/case_notes.py), on the demo office: an agent writes one
on a case assigned to them and is refused on another's; supervisors and admins write on any; the
text is trimmed, refused empty, past MAX_NOTES characters or with a character the database cannot
keep, nothing saved; a closed case takes one, an erased borrower's case none; the audit entry
names the case and holds no text; the case's story shows the note with its author and time."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.case_notes import MAX_NOTES, add_case_note
from app.errors import NotFound, PermissionDenied, ValidationError
from app.i18n import set_language
from app.models import AuditEntry, Case, CaseNote, CaseStatus, Loan, User
from app.queries.case_page import case_detail
from app.text_guard import UnsavableText

NOTE = "Borrower's sister says he now works in Shenzhen, back at New Year"


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    user = s.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


def _case(s, *where) -> Case:  # type: ignore[no-untyped-def]
    case = s.scalars(select(Case).where(*where).order_by(Case.id).limit(1)).first()
    assert case is not None, where
    return case


def _saved(s) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return (
        s.scalar(select(func.count(CaseNote.id))),
        s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "case.note")),
    )


def test_an_agent_writes_on_their_own_case_and_the_story_shows_it(demo_db) -> None:
    with demo_db.session() as s:
        agent = _user(s, "agent01")
        case = _case(s, Case.assigned_agent_id == agent.id, Case.status != CaseStatus.CLOSED)
        note = add_case_note(s, agent, case.case_no.lower(), f"  {NOTE}\n")
        case_no, note_id, name = case.case_no, note.id, agent.display_name
    with demo_db.session() as s:
        kept = s.get(CaseNote, note_id)
        assert kept is not None and kept.text == NOTE and kept.author_id == agent.id
        assert kept.created_at.tzinfo is not None
        assert dt.datetime.now(dt.UTC) - kept.created_at < dt.timedelta(minutes=5)
        entry = s.scalar(
            select(AuditEntry)
            .where(AuditEntry.action == "case.note")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
        assert entry is not None and (entry.entity, entry.entity_id) == ("case", case_no)
        assert entry.user_id == agent.id
        # No more of the text than a contact's entry holds of its notes: none.
        assert not entry.changes and "Shenzhen" not in str(entry.changes)
        story = case_detail(s, _user(s, "agent01"), case_no).timeline
        notes = [i for i in story if i.kind == "note" and i.seq == note_id]
        assert [(i.title, i.detail, i.at) for i in notes] == [
            (f"Note by {name}", NOTE, kept.created_at)
        ]
        # Newest first, in order with the other events: above it only what is booked for later
        # (a visit), which the demo's case may have on some build days.
        above = story[: story.index(notes[0])]
        assert all(i.at > kept.created_at for i in above), above


def test_an_agent_is_refused_on_a_case_not_theirs_and_nothing_is_saved(demo_db) -> None:
    with demo_db.session() as s:
        agent = _user(s, "agent01")
        other = _case(s, Case.assigned_agent_id != agent.id)
        before = _saved(s)
        with pytest.raises(PermissionDenied, match="may open only the cases assigned to them"):
            add_case_note(s, agent, other.case_no, NOTE)
        assert _saved(s) == before


@pytest.mark.parametrize("username", ["supervisor", "admin"])
def test_supervisors_and_admins_write_on_any_case(demo_db, username: str) -> None:
    with demo_db.session() as s:
        user = _user(s, username)
        case = _case(s, Case.assigned_agent_id.is_not(None), Case.assigned_agent_id != user.id)
        note = add_case_note(s, user, case.case_no, NOTE)
        assert note.id and note.author_id == user.id


def test_a_closed_case_takes_a_note(demo_db) -> None:
    with demo_db.session() as s:
        case = _case(s, Case.status == CaseStatus.CLOSED)
        note = add_case_note(s, _user(s, "supervisor"), case.case_no, "The shop reopened in May")
        assert note.case_id == case.id


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "Write the note first: it cannot be empty."),
        (" \n\t ", "Write the note first: it cannot be empty."),
        ("还" * (MAX_NOTES + 1), "The note is too long: 2,001 characters, at most 2,000."),
    ],
)
def test_an_empty_or_too_long_note_is_refused_and_nothing_saved(demo_db, text, said) -> None:
    with demo_db.session() as s:
        case = _case(s)
        before = _saved(s)
        with pytest.raises(ValidationError) as refused:
            add_case_note(s, _user(s, "supervisor"), case.case_no, text)
        assert str(refused.value) == said
        assert _saved(s) == before


def test_a_note_at_the_limit_is_kept_whole(demo_db) -> None:
    text = "约定本周五还款。" * (MAX_NOTES // 8)
    assert len(text) == MAX_NOTES
    with demo_db.session() as s:
        note = add_case_note(s, _user(s, "supervisor"), _case(s).case_no, text)
        assert note.text == text


def test_a_character_the_database_cannot_keep_is_refused_first(demo_db) -> None:
    """Before the length: a paste with a NUL is told as such even when it is too long too."""
    with demo_db.session() as s:
        case = _case(s)
        before = _saved(s)
        with pytest.raises(UnsavableText, match="U\\+0000"):
            add_case_note(s, _user(s, "supervisor"), case.case_no, "a\x00b" * MAX_NOTES)
        assert _saved(s) == before


def test_the_refusals_read_in_chinese(demo_db) -> None:
    with demo_db.session() as s:
        case = _case(s)
        sup = _user(s, "supervisor")
        with pytest.raises(ValidationError) as empty:
            add_case_note(s, sup, case.case_no, "")
        with pytest.raises(ValidationError) as long:
            add_case_note(s, sup, case.case_no, "x" * 3000)
    set_language("zh_CN")
    try:
        assert empty.value.translated() == "请先填写备注：备注不能为空。"
        assert long.value.translated() == "备注过长：3,000 个字符，最多 2,000 个。"
    finally:
        set_language(None)


def test_an_unknown_case_is_said(demo_db) -> None:
    with demo_db.session() as s, pytest.raises(NotFound, match="Unknown case C-NONE"):
        add_case_note(s, _user(s, "supervisor"), "C-NONE", NOTE)


def test_an_erased_borrowers_case_takes_no_note(demo_db) -> None:
    from app.erasure import erase_borrower
    from tests.core.test_erasure import _erasable

    with demo_db.session() as s:
        borrower = _erasable(s)
        case = _case(s, Case.loan_id.in_(select(Loan.id).where(Loan.borrower_id == borrower.id)))
        erase_borrower(s, _user(s, "admin"), borrower.borrower_no)
        case_no = case.case_no
    with demo_db.session() as s:
        before = _saved(s)
        with pytest.raises(ValidationError, match="nothing new can be recorded"):
            add_case_note(s, _user(s, "supervisor"), case_no, NOTE)
        assert _saved(s) == before
