"""Contacts logged after the fact, judged as of their own time (QA s46):

- a call in quiet hours made before the borrower's consent to contact in quiet hours was recorded
  is refused, and the refusal says when the consent on file was recorded (after the call), not
  how to record it;
- the warning legal_case follows when the loan was with legal (loan.legal_at and legal_ended_at,
  migration 0033): a contact dated before the loan went to legal has none, one dated while it
  was with legal keeps it after the loan is recalled.

The one-borrower office of test_edges_qa (Shanghai); the consent and the decisions are recorded
at chosen past instants (`acting_at`), the contacts dated on past days: no hour or day matters."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.borrowers import update_borrower_flags
from app.compliance.quiet_visit import QUIET_CONSENT_LATER, QUIET_CONTACT
from app.loans.closure import LEGAL, RECALL, WRITE_OFF, decide
from app.models import Borrower, Loan, VerdictKind
from app.models.base import acting_at
from tests.compliance.test_edges_qa import _user, build, chk, days_ago, rules

REASON = "借款人拒不还款，已移交律师起诉"


def record_consent(db, when: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    """A supervisor records the borrower's consent to contact in quiet hours at `when`."""
    with db.session() as s, acting_at(when.astimezone(dt.UTC)):
        borrower = s.scalar(select(Borrower))
        update_borrower_flags(
            s, _user(s, "sup"), "B1", expected_version=borrower.version,
            note="借款人电话中同意晚间联系", quiet_hours_consent=True,
        )  # fmt: skip


def decide_at(db, decision: str, when: dt.datetime, **kw) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s, acting_at(when.astimezone(dt.UTC)):
        decide(s, _user(s, "sup"), "C1", decision, REASON, **kw)


def _quiet(verdict):  # type: ignore[no-untyped-def]
    return next(f for f in verdict.findings if f.rule == "quiet_hours")


def test_a_call_before_the_consent_was_recorded_says_when_it_was(db) -> None:
    build(db)
    record_consent(db, days_ago(3, 12, 5))
    verdict = chk(db, at=days_ago(4, 23))  # the night before the consent was recorded
    assert verdict.kind is VerdictKind.BLOCKED
    found = _quiet(verdict)
    assert found.message == QUIET_CONSENT_LATER and found.message != QUIET_CONTACT
    recorded = days_ago(3, 12, 5).strftime("%Y-%m-%d %H:%M")
    assert found.params["recorded"] == recorded
    assert found.text("en") == (
        "23:00 in the borrower's time zone (Asia/Shanghai) is within 22:00–08:00. The borrower's "
        f"consent to contact in quiet hours was recorded only at {recorded}, after this "
        "contact's time, so it does not cover this contact."
    )
    zh = found.text("zh_CN")
    assert recorded in zh and "晚于本次联系的时间" in zh and "不适用于本次联系" in zh
    assert "停止联系标记" not in zh  # not asked to record what is on file
    # After the consent was recorded, the same hour is allowed, as before.
    assert chk(db, at=days_ago(2, 23)).kind is VerdictKind.ALLOWED


def test_without_consent_on_file_the_refusal_still_says_how_to_record_it(db) -> None:
    build(db)
    assert _quiet(chk(db, at=days_ago(4, 23))).message == QUIET_CONTACT


def test_a_consent_recorded_and_withdrawn_since_is_not_said_to_be_on_file(db) -> None:
    build(db)
    record_consent(db, days_ago(3, 12))
    with db.session() as s, acting_at(days_ago(2, 12).astimezone(dt.UTC)):
        borrower = s.scalar(select(Borrower))
        update_borrower_flags(
            s, _user(s, "sup"), "B1", expected_version=borrower.version,
            note="借款人撤回同意", quiet_hours_consent=False,
        )  # fmt: skip
    assert _quiet(chk(db, at=days_ago(4, 23))).message == QUIET_CONTACT


def test_legal_case_is_judged_by_when_the_loan_was_with_legal(db) -> None:
    build(db)
    decide_at(db, LEGAL, days_ago(3, 12))
    with db.sessions() as s:
        legal_at = s.scalar(select(Loan.legal_at))
    assert legal_at == days_ago(3, 12).astimezone(dt.UTC)
    assert "legal_case" not in rules(chk(db, at=days_ago(4, 10)))  # before it went to legal
    # A time to the minute stands for the whole minute (context.py): 11:58 is before 12:00.
    assert "legal_case" not in rules(chk(db, at=days_ago(3, 11, 58)))
    assert "legal_case" in rules(chk(db, at=days_ago(3, 11, 59)))
    assert "legal_case" in rules(chk(db, at=days_ago(2, 10)))
    # Recalled since: a contact made while it was with legal keeps its warning.
    decide_at(db, RECALL, days_ago(1, 12))
    assert "legal_case" in rules(chk(db, at=days_ago(2, 10)))
    assert "legal_case" not in rules(chk(db, at=days_ago(1, 15)))
    assert "legal_case" not in rules(chk(db, at=days_ago(4, 10)))


@pytest.mark.parametrize("decision", [RECALL, WRITE_OFF])
def test_the_stretch_with_legal_ends_with_the_decision_that_ends_it(db, decision) -> None:
    build(db)
    decide_at(db, LEGAL, days_ago(3, 12))
    extra = {"early": True} if decision == WRITE_OFF else {}
    decide_at(db, decision, days_ago(1, 12), **extra)
    with db.sessions() as s:
        ended = s.scalar(select(Loan.legal_ended_at))
    assert ended == days_ago(1, 12).astimezone(dt.UTC)


def _legal(verdict):  # type: ignore[no-untyped-def]
    return next(f for f in verdict.findings if f.rule == "legal_case")


@pytest.mark.parametrize("decision", [RECALL, WRITE_OFF])
def test_a_contact_in_a_past_stretch_with_legal_is_told_in_the_past(db, decision) -> None:
    """QA s46 J-4: the loan recalled (or written off) since, the warning says it was with legal
    then, from when until when, not that it is (English and Chinese)."""
    from app.compliance.third_party_rules import LEGAL_NOW, LEGAL_THEN

    build(db)
    decide_at(db, LEGAL, days_ago(3, 12))
    assert _legal(chk(db, at=days_ago(2, 10))).message == LEGAL_NOW  # with legal now
    extra = {"early": True} if decision == WRITE_OFF else {}
    decide_at(db, decision, days_ago(1, 12, 30), **extra)
    found = _legal(chk(db, at=days_ago(2, 10)))
    assert found.message == LEGAL_THEN
    sent = days_ago(3, 12).strftime("%Y-%m-%d %H:%M")
    ended = days_ago(1, 12, 30).strftime("%Y-%m-%d %H:%M")
    assert found.text("en") == (
        f"The loan was with legal at this contact's time (from {sent} until {ended}, "
        "Asia/Shanghai); then the borrower was to be contacted only as legal asked."
    )
    zh = found.text("zh_CN")
    assert f"本次联系发生时，该贷款正处于转法务期间（{sent} 至 {ended}" in zh
    assert "已转法务" not in zh  # not said in the present
