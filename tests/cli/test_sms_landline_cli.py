"""`casedesk contact log|check --channel sms` in a UK office: to the borrower's home landline
(`028 9032 1234`, filed with `--kind home`) it is refused, exit 1, the number masked, nothing
recorded; without --phone it goes to a mobile on file, not the primary landline."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import ContactAttempt
from db.store import open_database
from tests.cli.conftest import agents_office
from tests.conftest import TEST_KEY
from tests.core.sms_office import WORK_MOBILE, build_uk_case, yesterday


def _build(database) -> str:  # type: ignore[no-untyped-def]
    with database.session() as s:
        return build_uk_case(s)


@pytest.fixture
def uk_case(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    path, case_no = agents_office(template_db, tmp_path, monkeypatch, _build)
    return path, case_no


def _saved(path: Path) -> list[str | None]:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return list(s.scalars(select(ContactAttempt.phone_number)))
    finally:
        database.close()


def _sms(case_no: str, path: Path, *more: str) -> list[str]:
    at = yesterday(11).isoformat()
    return [case_no, "--channel", "sms", "--party", "borrower", "--outcome", "delivered",
            "--at", at, "--db", str(path), *more]  # fmt: skip


@pytest.mark.parametrize("command", ["log", "check"])
def test_an_sms_to_the_home_landline_is_refused(cli, uk_case, command: str) -> None:
    path, case_no = uk_case
    code, out, err = cli("contact", command, *_sms(case_no, path, "--phone", "028 9032 1234"))
    assert code == 1, out
    assert "+44 28****1234 is a landline: a landline cannot receive SMS." in err
    assert _saved(path) == []


def test_the_refusal_in_chinese(cli, uk_case, monkeypatch: pytest.MonkeyPatch) -> None:
    path, case_no = uk_case
    monkeypatch.setenv("CASEDESK_LANG", "zh_CN")
    code, _out, err = cli("contact", "log", *_sms(case_no, path, "--phone", "02890321234"))
    assert code == 1
    assert "+44 28****1234 是座机号码，座机无法接收短信。" in err


def test_an_sms_without_a_number_goes_to_a_mobile(cli, uk_case) -> None:
    path, case_no = uk_case
    code, out, err = cli("contact", "log", *_sms(case_no, path))
    assert code == 0, err
    assert _saved(path) == [WORK_MOBILE]
