"""Found by QA: a cancellation's reason over 2,000 characters was refused as "The stated reason is
too long" (逾期原因陈述过长) — the borrower's stated reason for default, not the reason for
cancelling — and after the agreement's status had been set. It is named as what it is, in either
language, and nothing is cancelled."""

from __future__ import annotations

import datetime as dt

import pytest

from app.agreements import cancel, draft_plan
from app.errors import ValidationError
from app.i18n import set_language
from app.models import AgreementStatus, AuditEntry
from tests.core.test_agreements import _agreement, _case, _user, build_office


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The reason for cancelling is too long (at most 2,000 characters)."),
        ("zh_CN", "取消原因过长（最多 2,000 个字符）。"),
    ],
)
def test_a_long_cancellation_reason_is_named_as_such(db, lang: str, said: str) -> None:
    office = build_office(db)
    with office.session() as s:
        supervisor = _user(s, "supervisor")
        start = dt.date.today() + dt.timedelta(days=7)
        number = draft_plan(s, supervisor, _case(s, "L1").case_no, count=3, start=start)
        number = number.agreement_no
    set_language(lang)  # as the CLI's --lang and the window set it
    try:
        with office.session() as s, pytest.raises(ValidationError) as refused:
            cancel(s, _user(s, "supervisor"), number, "x" * 2_001)
        assert refused.value.translated() == said
    finally:
        set_language("en")
    with office.session() as s:
        assert _agreement(s, number).status is AgreementStatus.DRAFT
        assert s.query(AuditEntry).filter_by(action="agreement.cancel").count() == 0
        kept = cancel(s, _user(s, "supervisor"), number, "  " + "y" * 2_000 + "  ")
        assert kept.status is AgreementStatus.CANCELLED


def test_the_reason_as_kept_or_why_not() -> None:
    from app.agreements.lifecycle import cancel_reason_text

    assert cancel_reason_text("  Paid in full elsewhere ") == "Paid in full elsewhere"
    with pytest.raises(ValidationError, match="needs a reason"):
        cancel_reason_text("   ")
    with pytest.raises(ValidationError) as refused:
        cancel_reason_text("z" * 2_001)
    assert "stated reason" not in refused.value.translated("en")
    # A supervisor's decision kept in the audit trail says as much as an override's reason.
    with pytest.raises(ValidationError) as refused:
        cancel_reason_text("改期")
    assert refused.value.translated("zh_CN") == "请填写至少 10 个字符的理由（一个汉字计两个字符）。"
    assert cancel_reason_text("借款人改期") == "借款人改期"


def test_a_short_cancellation_reason_cancels_nothing(db) -> None:
    office = build_office(db)
    with office.session() as s:
        supervisor = _user(s, "supervisor")
        start = dt.date.today() + dt.timedelta(days=7)
        number = draft_plan(s, supervisor, _case(s, "L1").case_no, count=3, start=start)
        number = number.agreement_no
    with office.session() as s, pytest.raises(ValidationError, match="at least 10 characters"):
        cancel(s, _user(s, "supervisor"), number, "dup")
    with office.session() as s:
        assert _agreement(s, number).status is AgreementStatus.DRAFT
        assert s.query(AuditEntry).filter_by(action="agreement.cancel").count() == 0
