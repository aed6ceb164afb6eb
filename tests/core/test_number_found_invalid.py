"""A contact on a number a call found wrong or not in service (the rule number_found_invalid),
through the core's use cases on a real database: allowed before the wrong-number outcome, held for
a supervisor (CN) or flagged (US, UK) after it, on SMS too; another, valid number of the
borrower's is allowed; a contact logged after the fact, made before the number was found wrong,
is not flagged; once the borrower answers on the number (a call a supervisor let through) it is
valid again and allowed; a borrower's other case knows it too (QA: "Allowed" with no finding).

The edges office (tests/compliance/test_edges_qa.py): times are office days before today."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import ContactAttempt, Phone, VerdictKind
from tests.compliance.test_edges_qa import PHONE, build, chk, days_ago, rules
from tests.core.test_phone_validity import OTHER, log, valid

RULE = "number_found_invalid"
HELD = {"cn": VerdictKind.NEEDS_OVERRIDE, "us": VerdictKind.WARNING, "uk": VerdictKind.WARNING}


def office(db, jurisdiction: str | None = None):  # type: ignore[no-untyped-def]
    """The edges office (CN unless given), its borrower with a second, home number."""
    build(db, jurisdiction)
    with db.session() as s:
        s.add(Phone(borrower_id=s.scalar(select(Phone.borrower_id)), number=OTHER, kind="home"))
    return db


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
@pytest.mark.parametrize("outcome", ["wrong_number", "invalid_number"])
def test_after_a_wrong_number_the_next_contact_on_it_is_held(db, jurisdiction, outcome) -> None:
    office(db, jurisdiction)
    before = chk(db, at=days_ago(1, 10), outcome=None)
    assert before.kind is VerdictKind.ALLOWED and RULE not in rules(before)
    log(db, outcome, days_ago(2, 10), phone_number=PHONE)
    assert valid(db)[PHONE] is False
    for channel in ("call", "sms"):
        after = chk(db, at=days_ago(1, 10), outcome=None, channel=channel)
        assert after.kind is HELD[jurisdiction] and RULE in rules(after), (channel, after)
        [found] = [f for f in after.findings if f.rule == RULE]
        assert found.params == {"date": days_ago(2, 10).date().isoformat(), "outcome": outcome}
    # Another number of the borrower's, still valid, is the way to reach them.
    other = chk(db, at=days_ago(1, 10), outcome=None, phone_number=OTHER)
    assert other.kind is VerdictKind.ALLOWED and not other.findings
    # A letter has no number; a call logged now that was made before the number was found wrong
    # was judged by what was known then.
    letter = chk(db, at=days_ago(1, 10), channel="letter", outcome=None, phone_number=None)
    assert RULE not in rules(letter)
    assert RULE not in rules(chk(db, at=days_ago(3, 10)))


def test_cn_saves_it_only_on_a_supervisors_override_and_the_answer_makes_it_valid(db) -> None:
    office(db)
    log(db, "wrong_number", days_ago(2, 10))
    with pytest.raises(AssertionError):  # held: not saved without a supervisor
        log(db, "no_answer", days_ago(1, 9), phone_number=PHONE)
    # The borrower said "wrong number" of their own number: a supervisor let the call through,
    # and the borrower answered on it.
    log(db, "connected", days_ago(1, 10), phone_number=PHONE, override=True)
    with db.sessions() as s:
        saved = s.scalars(select(ContactAttempt).order_by(ContactAttempt.id.desc())).first()
        assert saved.verdict is VerdictKind.NEEDS_OVERRIDE and saved.override_reason
        assert [f["rule"] for f in saved.findings] == [RULE]
    assert valid(db)[PHONE] is True
    again = chk(db, at=days_ago(1, 11), outcome=None)
    assert again.kind is VerdictKind.ALLOWED and not again.findings


@pytest.mark.parametrize("jurisdiction", ["us", "uk"])
def test_us_and_uk_save_it_flagged(db, jurisdiction: str) -> None:
    office(db, jurisdiction)
    log(db, "invalid_number", days_ago(2, 10), channel="sms")
    log(db, "delivered", days_ago(1, 10), channel="sms", phone_number=PHONE)  # flagged, saved
    with db.sessions() as s:
        saved = s.scalars(select(ContactAttempt).order_by(ContactAttempt.id.desc())).first()
        assert saved.verdict is VerdictKind.WARNING
        assert RULE in [f["rule"] for f in saved.findings]
    assert valid(db)[PHONE] is False  # a delivered SMS does not say whose the number is
