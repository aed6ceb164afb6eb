"""Reg F's "a third party once only" (FDCPA 1692b(3)) for a third party not on file: the person
on a number is the same person the next time it is dialled, so a second call to the employer's
line the agent typed is blocked, as it is for a named related person. Another number is another
person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.contacts import log_contact
from app.models import Case, User
from tests.core.test_import_us_uk import B_HEAD, L_HEAD, _csv, _import, _office

NY = ZoneInfo("America/New_York")


def _us_case(db, tmp_path: Path) -> str:
    _office(db, "us", "America/New_York", "USD")
    b = _csv(tmp_path / "b.csv", B_HEAD, "B1,José García,345-67-8901,4158675309,young,,,,")
    loan = "L1,B1,PCL,5000,15%,6,2026-01-01,2026-02-01,equal_principal,no,yes"
    assert _import(db, "borrowers", b).imported
    assert _import(db, "loans", _csv(tmp_path / "l.csv", L_HEAD, loan)).imported
    paid = _csv(tmp_path / "p.csv", "loan_no,paid_on,amount,reference", "L1,2026-02-01,$100,T1")
    assert _import(db, "payments", paid).imported  # the queue is rebuilt: the case opens
    with db.session() as s:
        return s.scalar(select(Case.case_no))


def _call(db, case_no: str, number: str, day: int):
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return log_contact(
            s,
            admin,
            case_no,
            channel="call",
            party="employer",
            at=dt.datetime(2026, 11, day, 10, tzinfo=NY),
            outcome="connected",
            phone_number=number,
        )


def test_an_unnamed_third_party_on_the_same_number_is_contacted_once(db, tmp_path) -> None:
    case_no = _us_case(db, tmp_path)
    first = _call(db, case_no, "(646) 555-0101", 20)
    assert "third_party_once" not in {f.rule for f in first.verdict.findings}
    again = _call(db, case_no, "646 555 0101", 23)
    found = {f.rule: f for f in again.verdict.findings}
    assert again.verdict.kind.value == "blocked" and not again.saved
    assert found["third_party_once"].citation.startswith("FDCPA 15 U.S.C. 1692b(3)")
    assert found["third_party_once"].text("en") == (
        "This person has already been contacted 1 time; the limit is 1."
    )
    other = _call(db, case_no, "646 555 0102", 24)
    assert "third_party_once" not in {f.rule for f in other.verdict.findings}
