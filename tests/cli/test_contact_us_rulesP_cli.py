"""`casedesk contact log|check` in a US office after QA P: a related person's unanswered call is
not the one contact FDCPA 1692b(3) allows (#2: the connected call after it was blocked), and the
7-in-7 counts the borrower's dates (#4: a call on the eighth date at an earlier hour was blocked,
naming a count its days did not hold). English and Chinese; fixed dates, a New York borrower."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.models import User
from app.related_persons import PersonFields, add_person
from tests.compliance.test_us_third_party_number import _us_case
from tests.conftest import TEST_KEY

ME = ("--party", "borrower")


@pytest.fixture
def office(db, tmp_path, monkeypatch) -> tuple[Path, int]:  # type: ignore[no-untyped-def]
    assert _us_case(db, tmp_path) == "C2026-000001"
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        person = add_person(s, admin, "B1", PersonFields("Ana García", "sibling", "6465550101"))
        person_id = person.id
    db.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-a")
    return tmp_path / "casedesk.db", person_id


def _contact(path: Path, verb: str, at: str, outcome: str, *extra: str, lang: str = "en") -> int:
    return main(
        ["--lang", lang, "--db", str(path), "contact", verb, "C2026-000001", "--channel", "call"]
        + ["--at", at, "--outcome", outcome, *extra]
    )


def test_an_unanswered_call_to_a_relative_is_not_the_one_contact(office, capsys) -> None:  # type: ignore[no-untyped-def]
    path, person = office
    who = ("--party", "relative", "--person", str(person))
    for outcome, hour in (("no_answer", 10), ("busy", 11), ("connected", 12)):
        assert _contact(path, "log", f"2026-11-20T{hour}:00-05:00", outcome, *who) == 0, outcome
    capsys.readouterr()
    assert _contact(path, "log", "2026-11-20T13:00-05:00", "connected", *who) == 3
    out = " ".join(capsys.readouterr().out.split())
    assert "This person has already been contacted 1 time; the limit is 1." in out


def test_the_week_counts_the_borrowers_dates(office, capsys) -> None:  # type: ignore[no-untyped-def]
    path, _person = office
    for day in range(10, 17):
        assert _contact(path, "log", f"2026-11-{day}T15:00-05:00", "no_answer", *ME) == 0
    capsys.readouterr()
    assert _contact(path, "check", "2026-11-17T14:59-05:00", "no_answer", *ME) == 0
    assert "Weekly call cap" not in capsys.readouterr().out
    assert _contact(path, "check", "2026-11-16T20:00-05:00", "no_answer", *ME) == 3
    out = " ".join(capsys.readouterr().out.split())
    assert "7 calls about this debt in the 7 days up to 2026-11-16; the limit is 7." in out
    assert _contact(path, "check", "2026-11-16T20:00-05:00", "no_answer", *ME, lang="zh_CN") == 3
    out = " ".join(capsys.readouterr().out.split())
    assert "截至 2026-11-16 的 7 天内就此债务已致电 7 次；上限为 7 次。" in out
