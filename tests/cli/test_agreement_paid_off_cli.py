"""`payment post` of the payment that pays a loan off cancels its agreement not yet signed, with
the reason, and names it (QA16): `agreement show` says it (English and Chinese) and `agreement
approve` is refused. A write-off names the draft it cancels too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.agreements import draft_plan
from tests.cli.conftest import agents_office
from tests.core.test_agreements import DEBT, _case, _today, _user, build_office


def _drafted(db: Any) -> str:
    build_office(db)
    with db.session() as s:
        start = _today() + dt.timedelta(days=10)
        return draft_plan(
            s, _user(s, "agent01"), _case(s, "L1").case_no, count=3, start=start
        ).agreement_no


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    return agents_office(template_db, tmp_path, monkeypatch, _drafted)


def test_paying_off_cancels_the_draft_with_its_reason(office, cli) -> None:
    path, number = office
    code, out, err = cli("--db", path, "payment", "post", "L1", f"{DEBT / 100:.2f}",
                         "--date", _today().isoformat())  # fmt: skip
    assert code == 0, err
    assert f"Agreements not yet signed cancelled with the loan: {number}." in out, out
    code, out, _ = cli("--db", path, "agreement", "show", number)
    assert code == 0 and "Cancelled: Loan paid off before signing." in out, out
    code, out, _ = cli("--db", path, "--lang", "zh_CN", "agreement", "show", number)
    assert "已取消：签署前贷款已还清。" in out, out
    code, _, err = cli("--db", path, "agreement", "approve", number)
    assert code != 0 and "only a draft can be approved" in err, err


@pytest.mark.parametrize(
    ("lang", "told"),
    [
        ("en", "Agreements not yet signed cancelled with the loan: {number}."),
        ("zh_CN", "尚未签署的还款协议已随贷款一并取消：{number}。"),
    ],
)
def test_a_write_off_names_the_draft_it_cancels(office, cli, monkeypatch, lang, told) -> None:
    path, number = office
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-sup")
    reason = "借款人无力偿还全部欠款"
    code, out, err = cli("--db", path, "--lang", lang, "case", "write-off",
                         _case_no(path), "--reason", reason, "--early")  # fmt: skip
    assert code == 0, err
    assert out.strip().splitlines()[-1] == told.format(number=number), out


def _case_no(path: Path) -> str:
    from db.store import open_database
    from tests.conftest import TEST_KEY

    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return _case(s, "L1").case_no
    finally:
        database.close()
