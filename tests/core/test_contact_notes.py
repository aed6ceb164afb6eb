"""A contact's notes hold at most 2,000 characters: longer ones are refused with a clear message
in both languages, and nothing is saved (no attempt, no promise, no audit entry)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.contacts import MAX_NOTES
from app.errors import ValidationError
from app.i18n import set_language
from app.models import AuditEntry, BlockedAttempt, ContactAttempt, Promise
from tests.core.test_contacts import _log, _yesterday
from tests.core.test_contacts import office as office  # the fixture: one borrower, one case


def _saved(db) -> tuple[int, int, int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count(ContactAttempt.id))),
            s.scalar(select(func.count(BlockedAttempt.id))),
            s.scalar(select(func.count(Promise.id))),
            s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "contact.log")),
        )


def test_notes_longer_than_the_limit_are_refused_and_nothing_saved(office):
    before = _saved(office)
    promise = (10_000, dt.date.today() + dt.timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        _log(office, at=_yesterday(10), notes="还" * 20_000, promise=promise)
    assert str(refused.value) == "The notes are too long: 20,000 characters, at most 2,000."
    set_language("zh_CN")
    try:
        assert refused.value.translated() == "备注过长：20,000 个字符，最多 2,000 个。"
    finally:
        set_language(None)
    assert _saved(office) == before


def test_notes_at_the_limit_are_kept_whole(office):
    notes = "约定本周五还款。" * (MAX_NOTES // 8)
    assert len(notes) == MAX_NOTES
    verdict, saved = _log(office, at=_yesterday(10), notes=f"  {notes}\n")  # trimmed first
    assert saved, verdict
    with office.session() as s:
        assert s.scalar(select(ContactAttempt.notes)) == notes
