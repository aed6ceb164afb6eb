"""The borrower confirms a number a contact found wrong as theirs (app/phone_confirm.py), on a
real database: the rule number_found_invalid holds a call on it before, not after (as of the
confirmation's time: a contact logged after the fact, made before it, is still held); the number
is valid again, audited as `phone.valid` with the number sealed; a later wrong number holds it
again. Refused: no reason or too short a one, a number not the borrower's, an unknown way, an
agent (EDIT_BORROWERS: lifting a restriction on contact)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import VerdictKind
from app.models.base import acting_at
from app.phone_confirm import confirm_number
from tests.compliance.test_edges_qa import PHONE, _user, chk, days_ago, rules
from tests.core.test_number_found_invalid import RULE, office
from tests.core.test_phone_validity import entries, log, valid

REASON = "借款人上门时出示手机确认号码是本人的"


def confirm(db, user: str = "sup", number: str = PHONE, reason: str = REASON, how: str = "visit"):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return confirm_number(s, _user(s, user), "B1", number, how=how, reason=reason).number


def test_the_rule_holds_the_number_before_the_confirmation_not_after(db) -> None:
    office(db)
    log(db, "wrong_number", days_ago(3, 10))
    assert chk(db, at=days_ago(1, 10), outcome=None).kind is VerdictKind.NEEDS_OVERRIDE
    with acting_at(days_ago(2, 10)):
        assert confirm(db, number="138 1234 5678") == PHONE
    assert valid(db)[PHONE] is True
    after = chk(db, at=days_ago(1, 10), outcome=None)
    assert after.kind is VerdictKind.ALLOWED and RULE not in rules(after), after
    # Made before the confirmation (logged after the fact): judged by what was known then.
    before = chk(db, at=days_ago(2, 9), outcome=None)
    assert RULE in rules(before)
    # A contact on it logged late, made before the confirmation, does not mark it wrong again.
    log(db, "wrong_number", days_ago(2, 8), phone_number=PHONE, override=True)
    assert valid(db)[PHONE] is True
    # One made after it does: the newest word on the number speaks for it.
    log(db, "wrong_number", days_ago(1, 11), phone_number=PHONE)
    assert valid(db)[PHONE] is False
    assert RULE in rules(chk(db, at=days_ago(1, 12), outcome=None))
    [_, confirmed, *_] = entries(db)
    assert confirmed["valid"] == [False, True] and confirmed["confirmed"] == "visit"
    assert confirmed["phone"] == "+86 138****5678" and confirmed["reason"] == REASON


def test_refused_without_a_reason_for_an_unknown_number_or_for_an_agent(db) -> None:
    office(db)
    log(db, "wrong_number", days_ago(2, 10))
    for reason in ("", "   ", "ok really"):
        with pytest.raises(ValidationError, match="at least"):
            confirm(db, reason=reason)
    with pytest.raises(NotFound):
        confirm(db, number="13900002222")
    with pytest.raises(ValidationError):
        confirm(db, how="telepathy")
    with pytest.raises(PermissionDenied):
        confirm(db, user="agent01")
    assert valid(db)[PHONE] is False
    assert RULE in rules(chk(db, at=days_ago(1, 10), outcome=None))
    assert confirm(db, user="admin") == PHONE


def test_a_contact_at_the_minute_of_the_confirmation_is_judged_after_it(db) -> None:
    """A contact's time is typed to the minute: a call at the minute the borrower's confirmation
    was recorded (seconds into it) is not held (the contact dialog confirms, then judges again)."""
    office(db)
    log(db, "wrong_number", days_ago(3, 10))
    with acting_at(days_ago(2, 10) + dt.timedelta(seconds=40)):
        confirm(db)
    after = chk(db, at=days_ago(2, 10), outcome=None)
    assert RULE not in rules(after), after


def test_a_confirmation_in_the_minute_a_contact_found_the_number_wrong_lifts_the_hold(db) -> None:
    """`contact log` keeps a contact's seconds (its default time is now): a number it found wrong
    at 10:00:20 and the borrower confirmed theirs at 10:00:40 is valid and held no more, as the
    borrower pane says (the confirmation was stamped 10:00, before the wrong number, and the
    rule went on holding the number shown valid)."""
    office(db)
    log(db, "wrong_number", days_ago(2, 10) + dt.timedelta(seconds=20))
    assert valid(db)[PHONE] is False
    with acting_at(days_ago(2, 10) + dt.timedelta(seconds=40)):
        confirm(db)
    assert valid(db)[PHONE] is True
    after = chk(db, at=days_ago(1, 10), outcome=None)
    assert after.kind is VerdictKind.ALLOWED and RULE not in rules(after), after
    # The minute's contacts typed in the window (10:00) are judged after it, as before.
    assert RULE not in rules(chk(db, at=days_ago(2, 10), outcome=None))
