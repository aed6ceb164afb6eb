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


REFUSED = {
    "en": "The personal data of borrower {n} were erased on {date} under the records retention "
    "rule; this row cannot be imported again.",
    "zh_CN": "借款人 {n} 的个人信息已于 {date} 按记录保存期限删除，此行不能再次导入。",
}
NO_LOAN = {
    "en": "The personal data of borrower {n} were erased on {date} under the records retention "
    "rule; no new loan can be booked for them.",
    "zh_CN": "借款人 {n} 的个人信息已于 {date} 按记录保存期限删除，不能再为其录入新贷款。",
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_reimporting_an_erased_borrower_says_why_it_cannot_be(  # type: ignore[no-untyped-def]
    cli, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """QA s44: the row was refused with "change it on the borrower's page", which an erased
    borrower's page cannot do."""
    from app.models import Borrower, Loan

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            borrower = _erasable(s)
            row = [borrower.borrower_no, borrower.name, borrower.national_id]
            row.append(next(p.number for p in borrower.phones if p.is_primary)[-11:])
            admin = s.scalar(select(User).where(User.username == "admin"))
            erase_borrower(s, admin, borrower.borrower_no)
    finally:
        database.close()
    source = tmp_path / "again.csv"
    source.write_text("借款人编号,姓名,身份证号,手机号\n" + ",".join(row) + "\n", encoding="utf-8")
    code, out, err = cli("--lang", lang, "import", "borrowers", source, "--db", demo_path)
    assert code == 1
    said = REFUSED[lang].format(n=row[0], date=office_today().isoformat())
    assert said in err, err
    assert "borrower's page" not in err and "借款人页面" not in err
    loans = tmp_path / "loans.csv"
    loans.write_text(
        f"贷款编号,借款人编号,产品,本金,年利率,期数,放款日期\nZZ1,{row[0]},PCL,5000,10%,12,"
        f"{office_today().replace(day=1).isoformat()}\n",
        encoding="utf-8",
    )
    code, out, err = cli("--lang", lang, "import", "loans", loans, "--db", demo_path)
    assert code == 1
    assert NO_LOAN[lang].format(n=row[0], date=office_today().isoformat()) in err, err
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            found = s.scalar(select(Borrower).where(Borrower.borrower_no == row[0]))
            assert found is not None and found.national_id == "" and found.phones == []
            assert s.scalar(select(Loan.id).where(Loan.loan_no == "ZZ1")) is None
    finally:
        database.close()
