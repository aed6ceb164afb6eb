"""A case sent to legal (QA s45 #3): a call, SMS or letter on it raises the warning legal_case —
saved flagged, counted in the compliance report as a warning — and a new visit is refused, as
sending to legal is refused while a visit is open. Recalled from legal, both are as before.
(A contact is judged by whether the loan was with legal at its time: test_back_dated_contacts.)

The edges office (tests/compliance/test_edges_qa.py): contacts at 10:00 on office days before
today, so neither the hour nor the day of the run matters."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.i18n import tr
from app.loans.closure import LEGAL, RECALL, decide
from app.models import ContactAttempt, User, VerdictKind
from app.models.base import acting_at
from app.reporting.compliance import compliance_report
from app.visits.lifecycle import request_visit
from tests.compliance.test_edges_qa import build, chk, days_ago, office_today, rules
from tests.core.test_phone_validity import log

RULE = "legal_case"
REASON = "借款人拒不还款，已移交律师起诉"


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == name))


def _decide(db, decision: str, when: dt.datetime | None = None) -> None:  # type: ignore[no-untyped-def]
    """The decision, made at `when` (default: two days ago at noon, before the contacts judged
    here: a contact is judged by whether the loan was with legal at its time)."""
    when = when or days_ago(2, 12)
    with db.session() as s, acting_at(when.astimezone(dt.UTC)):
        decide(s, _user(s, "sup"), "C1", decision, REASON)


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
def test_a_contact_on_a_loan_with_legal_is_a_warning(db, jurisdiction: str) -> None:
    build(db, jurisdiction)
    assert RULE not in rules(chk(db, at=days_ago(1, 10)))
    _decide(db, LEGAL)
    for channel, outcome in (("call", "no_answer"), ("sms", "delivered"), ("letter", "delivered")):
        number = None if channel == "letter" else "+8613812345678"
        verdict = chk(db, at=days_ago(1, 10), channel=channel, outcome=outcome, phone_number=number)
        assert RULE in rules(verdict), (channel, verdict)
        [found] = [f for f in verdict.findings if f.rule == RULE]
        assert found.severity.name == "WARNING"
        assert (
            found.text("en") == "The loan is with legal; contact the borrower only as legal asks."
        )
        assert found.text("zh_CN") == "该贷款已转法务；仅在法务要求时联系借款人。"
    _decide(db, RECALL, days_ago(1, 9))
    assert RULE not in rules(chk(db, at=days_ago(1, 10)))


def test_it_is_saved_flagged_and_counted_as_a_warning_in_the_report(db) -> None:
    build(db)
    _decide(db, LEGAL)
    log(db, "connected", days_ago(1, 10))
    with db.sessions() as s:
        saved = s.scalars(select(ContactAttempt).order_by(ContactAttempt.id.desc())).first()
        assert saved.verdict is VerdictKind.WARNING
        assert [f["rule"] for f in saved.findings] == [RULE]
        report = compliance_report(s, _user(s, "sup"), days_ago(1, 10).date(), office_today())
    [row] = [r for r in report.by_rule if r.rule == RULE]
    assert (row.blocked, row.warnings, row.overrides) == (0, 1, 0)


def test_no_visit_is_requested_on_a_loan_with_legal(db) -> None:
    build(db)
    _decide(db, LEGAL)
    for lang, words in (
        ("en", "Loan L1 is with legal: no visit can be requested or booked on case C1."),
        ("zh_CN", "贷款 L1 已转法务：案件 C1 不能申请或预约上门。"),
    ):
        with db.session() as s, pytest.raises(ValidationError) as refused:
            request_visit(s, _user(s, "agent01"), "C1", address="上海市黄浦区南京东路 1 号")
        assert refused.value.translated(lang).startswith(words)
    _decide(db, RECALL)
    with db.session() as s:
        assert request_visit(s, _user(s, "agent01"), "C1", address="上海市黄浦区南京东路 1 号")
    assert tr("Loan with legal", lang="zh_CN") == "贷款已转法务"
