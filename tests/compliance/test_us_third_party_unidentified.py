"""FDCPA 1692b(3) "a third party once only" for a third party logged with neither a person nor a
number (QA15: four unidentified "relative" calls on one case each passed, saved with a warning).
Casedesk cannot tell who was reached, so every earlier third-party contact that reached someone
counts as possibly the same person: the second is blocked, saying why and naming the earlier
contact's day; the compliance report lists it among the blocked attempts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.contacts import log_contact
from app.models import BlockedAttempt, ContactAttempt, User
from app.reporting.compliance import compliance_report
from tests.compliance.test_us_third_party_number import NY, _us_case

UNIDENTIFIED = (
    "The third party was not identified, so Casedesk counts them as the same person as the one "
    "contacted on 2026-11-20, who may not be contacted again (the limit is 1). If it was someone "
    "else, log the contact with that person or their number."
)


def _log(db, case_no: str, day: int, outcome: str = "connected", number: str | None = None):
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return log_contact(
            s,
            admin,
            case_no,
            channel="call",
            party="relative",
            at=dt.datetime(2026, 11, day, 13, tzinfo=NY),
            outcome=outcome,
            phone_number=number,
        )


def _rules(result) -> set[str]:
    return {f.rule for f in result.verdict.findings}


def test_a_second_unidentified_third_party_is_counted_as_the_same_person(db, tmp_path) -> None:
    case_no = _us_case(db, tmp_path)
    first = _log(db, case_no, 20)
    assert first.saved and "third_party_once" not in _rules(first)
    again = _log(db, case_no, 23)
    assert again.verdict.kind.value == "blocked" and not again.saved
    found = {f.rule: f for f in again.verdict.findings}["third_party_once"]
    assert found.text("en") == UNIDENTIFIED
    assert found.text("zh") == (
        "未确认该第三方的身份，Casedesk 视其为 2026-11-20 已联系过的同一人，不得再联系（上限为 "
        "1 次）。如实为他人，请登记时选择此人或填写其号码。"
    )
    assert _log(db, case_no, 24).verdict.kind.value == "blocked"  # and every one after
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 1
        assert s.scalar(select(func.count()).select_from(BlockedAttempt)) == 2
        admin = s.scalar(select(User).where(User.username == "admin"))
        report = compliance_report(s, admin, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [row.verdict for row in report.third_party] == ["warning"]  # the one saved
    blocked = [row for row in report.blocked if "third_party_once" in row.rules]
    assert [row.when.astimezone(NY).day for row in blocked] == [23, 24]
    assert UNIDENTIFIED in blocked[0].reasons


def test_an_earlier_contact_that_reached_nobody_does_not_count(db, tmp_path) -> None:
    case_no = _us_case(db, tmp_path)
    assert _log(db, case_no, 20, outcome="no_answer").saved
    assert "third_party_once" not in _rules(_log(db, case_no, 21))


def test_a_third_party_on_a_number_counts_against_an_unidentified_one(db, tmp_path) -> None:
    case_no = _us_case(db, tmp_path)
    assert _log(db, case_no, 20, number="(646) 555-0101").saved
    assert _log(db, case_no, 23).verdict.kind.value == "blocked"  # it may have been them
    # A number not contacted before is someone else: identified, not counted against the rest.
    other = _log(db, case_no, 24, number="646 555 0102")
    assert other.saved and "third_party_once" not in _rules(other)
