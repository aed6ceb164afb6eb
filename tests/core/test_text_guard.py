"""Text no one typed (a NUL, an escape, half of a broken character pair, a direction override, a
zero-width space) is refused before anything is written, whichever use case writes it, with the
character and where it is, in both languages; emoji and rare characters are kept."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.complaints import record_complaint
from app.errors import ValidationError
from app.i18n import set_language
from app.models import AuditEntry, Case, CaseStatus, Complaint, ContactAttempt, LoanProduct, User
from app.text_guard import UnsavableText
from tests.core.test_contacts import _log, _yesterday
from tests.core.test_contacts import office as office  # the fixture: one borrower, one case
from tests.office_day import office_today


def _saved(db) -> tuple[int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count(ContactAttempt.id))),
            s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "contact.log")),
        )


def test_a_nul_in_notes_is_refused_in_both_languages_and_nothing_saved(office):
    before = _saved(office)
    with pytest.raises(UnsavableText) as refused:
        _log(office, at=_yesterday(10), notes="Promised on Friday\x00 to pay")
    assert str(refused.value) == (
        "The text “Promised on Friday[U+0000] to pay” holds a control character (U+0000), "
        "character 19 of 26, which cannot be saved; it often comes with pasted text. Delete it "
        "and try again: nothing was saved."
    )
    set_language("zh_CN")
    try:
        assert refused.value.translated() == (
            "文本“Promised on Friday[U+0000] to pay”含有控制字符（U+0000，第 19 个字符，共 26 "
            "个），无法保存；它常随粘贴的文本带入。请删除后重试：未保存任何内容。"
        )
    finally:
        set_language(None)
    assert _saved(office) == before


@pytest.mark.parametrize(
    ("char", "kind"),
    [
        ("\x1b", "a control character"),
        ("\x7f", "a control character"),
        ("\x85", "a control character"),
        ("\ud83d", "half of a broken character pair"),  # the driver could not encode it: a crash
        ("\u202e", "a text-direction control"),
        ("\u200b", "an invisible character"),
        ("\ufeff", "an invisible character"),
    ],
)
def test_other_characters_no_one_typed_are_refused(office, char, kind):
    before = _saved(office)
    with pytest.raises(UnsavableText, match=f"holds {kind} \\(U\\+{ord(char):04X}"):
        _log(office, at=_yesterday(10), notes=f"called{char}back")
    assert _saved(office) == before


def test_emoji_rare_characters_tabs_and_line_breaks_are_kept(office):
    notes = "还款意愿强 😀\n𠀀 𠮷\tok"
    verdict, saved = _log(office, at=_yesterday(10), notes=notes)
    assert saved, verdict
    with office.session() as s:
        assert s.scalar(select(ContactAttempt.notes)) == notes


def test_every_use_case_refuses_it_a_complaint_too(demo_db):
    with demo_db.session() as s:
        before = s.scalar(select(func.count(Complaint.id)))
    with (
        pytest.raises(UnsavableText, match="U\\+202E RIGHT-TO-LEFT OVERRIDE"),
        demo_db.session() as s,
    ):
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        case_no = s.scalar(
            select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id).limit(1)
        )
        record_complaint(
            s,
            sup,
            case_no=case_no,
            agent_username=None,
            received_on=office_today(),
            source="borrower",
            channel="phone",
            category="harassment",
            description="Agent \u202eyako\u202c said",
        )
    with demo_db.session() as s:
        assert s.scalar(select(func.count(Complaint.id))) == before


def test_text_longer_than_its_column_is_refused_as_on_a_server(office):
    with pytest.raises(ValidationError) as refused, office.session() as s:
        product = s.scalar(select(LoanProduct).order_by(LoanProduct.id).limit(1))
        product.name_en = "L" * 500  # SQLite kept it whole; PostgreSQL refused with a DataError
    assert "is too long: 500 characters, at most" in str(refused.value)
    with office.session() as s:
        assert all(len(name) < 500 for name in s.scalars(select(LoanProduct.name_en)))
