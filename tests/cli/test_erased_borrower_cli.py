"""`casedesk case show` and `borrower show` of a borrower whose personal data were erased say
"Personal data erased on DATE" where the name stood (English and Chinese), with no trailing
empty ID number, and the JSON of `borrower show` carries the date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.erasure import erase_borrower
from app.models import User
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_erasure import _erasable
from tests.office_day import office_today

SAID = {"en": "Personal data erased on {date}", "zh_CN": "个人信息已于 {date} 删除"}


@pytest.fixture
def erased(demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(borrower number, a case number of theirs, their name) once erased."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            borrower = _erasable(s)
            number, name = borrower.borrower_no, borrower.name
            admin = s.scalar(select(User).where(User.username == "admin"))
            done = erase_borrower(s, admin, number)
    finally:
        database.close()
    return number, done.case_nos[0], name


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_case_show_and_borrower_show_say_the_data_were_erased(  # type: ignore[no-untyped-def]
    cli, demo_path: Path, erased, lang: str
) -> None:
    number, case_no, name = erased
    said = SAID[lang].format(date=office_today().isoformat())
    code, out, err = cli("--lang", lang, "case", "show", case_no, "--db", demo_path)
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith(case_no) and first.endswith(said), first
    assert name not in out
    assert "--person" not in out  # no related persons to contact, their names blank
    code, out, err = cli("--lang", lang, "borrower", "show", number, "--db", demo_path)
    assert code == 0, err
    assert said in out.splitlines()[0] and name not in out


def test_borrower_show_json_carries_the_date(cli, demo_path: Path, erased) -> None:  # type: ignore[no-untyped-def]
    number, _case, _name = erased
    code, out, err = cli("borrower", "show", number, "--db", demo_path, "--json")
    assert code == 0, err
    assert json.loads(out)["erased_on"] == office_today().isoformat()
