"""US "a third party once only" (FDCPA 1692b(3)) counts contacts that reached the person (QA P
#2): a call nobody answered (no answer, busy, failed) or to a number not in service is no
contact, for a related person on file, a number typed for an unnamed third party and an
unidentified one alike; the case page's standing counts the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.contacts import log_contact
from app.contacts_standing import may_contact
from app.models import Case, User, VerdictKind
from app.related_persons import PersonFields, add_person
from tests.compliance.test_us_third_party_number import NY, _us_case

NUMBER = "(646) 555-0101"


def _log(db, case_no: str, hour: int, outcome: str, **who):  # type: ignore[no-untyped-def]
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return log_contact(
            s,
            admin,
            case_no,
            channel="call",
            at=dt.datetime(2026, 11, 20, hour, tzinfo=NY),
            outcome=outcome,
            **who,
        )


def _once(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.text("en") for f in result.verdict.findings if f.rule == "third_party_once"]


def _person(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return add_person(s, admin, "B1", PersonFields("Ana García", "sibling", NUMBER)).id


def _standing(db, person_id: int):  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        case_id = s.scalar(select(Case.id))
        return may_contact(s, case_id, dt.datetime(2026, 11, 20, 18, tzinfo=NY))[person_id]


@pytest.mark.parametrize("outcome", ["no_answer", "busy", "failed", "invalid_number"])
def test_a_person_on_file_not_reached_is_not_yet_contacted(db, tmp_path: Path, outcome) -> None:  # type: ignore[no-untyped-def]
    case_no = _us_case(db, tmp_path)
    person = _person(db)
    missed = _log(db, case_no, 10, outcome, party="relative", related_person_id=person)
    assert missed.saved and not _once(missed)
    assert _standing(db, person).verdict is VerdictKind.ALLOWED  # "case show" agrees
    reached = _log(db, case_no, 11, "connected", party="relative", related_person_id=person)
    assert reached.saved and not _once(reached)
    assert _standing(db, person).verdict is VerdictKind.BLOCKED
    again = _log(db, case_no, 12, "connected", party="relative", related_person_id=person)
    assert not again.saved and _once(again) == [
        "This person has already been contacted 1 time; the limit is 1."
    ]


@pytest.mark.parametrize("outcome", ["no_answer", "busy"])
def test_an_unnamed_number_not_answered_is_not_yet_contacted(db, tmp_path: Path, outcome) -> None:  # type: ignore[no-untyped-def]
    case_no = _us_case(db, tmp_path)
    missed = _log(db, case_no, 10, outcome, party="employer", phone_number=NUMBER)
    assert missed.saved and not _once(missed)
    reached = _log(db, case_no, 11, "connected", party="employer", phone_number=NUMBER)
    assert reached.saved and not _once(reached)
    again = _log(db, case_no, 12, "connected", party="employer", phone_number=NUMBER)
    assert not again.saved and _once(again) == [
        "This person has already been contacted 1 time; the limit is 1."
    ]


def test_a_person_who_answered_and_refused_was_contacted(db, tmp_path: Path) -> None:
    case_no = _us_case(db, tmp_path)
    person = _person(db)
    assert _log(db, case_no, 10, "refused", party="relative", related_person_id=person).saved
    again = _log(db, case_no, 11, "connected", party="relative", related_person_id=person)
    assert not again.saved and _once(again)
