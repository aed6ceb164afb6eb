"""`casedesk contact check` on a number a call found wrong (the rule number_found_invalid): held
for a supervisor's override (CN, exit 3), the finding named with the day it was found and the
advice under it, English and Chinese, and in --json; another of the borrower's numbers is
allowed (QA: the check said "Allowed" with no finding)."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.contacts import check_contact, log_contact
from app.models import Borrower, Case, CaseStatus, Loan, Phone, User, VerdictKind
from tests.conftest import TEST_KEY

ADVICE = {
    "en": "Use another of the borrower's numbers, or confirm this one with the borrower first.",
    "zh_CN": "请改用借款人的其他号码，或先与借款人确认此号码。",
}
NAME = {"en": "No contact on a number found invalid", "zh_CN": "不联系已发现无效的号码"}


def _yesterday(zone: str, hour: int, minute: int = 0) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(zone)
    day = dt.datetime.now(tz).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), tz)


def _found_wrong(demo_path: Path) -> tuple[str, str, str, str]:
    """A demo case whose borrower has two valid numbers, a noon call on the first allowed with no
    finding; a call at noon yesterday found that one wrong. The case, zone and both numbers."""
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            sup = s.scalar(select(User).where(User.username == "supervisor"))
            rows = s.execute(
                select(Case.case_no, Borrower.timezone, Borrower.id)
                .join(Loan, Loan.id == Case.loan_id)
                .join(Borrower, Borrower.id == Loan.borrower_id)
                .where(Case.status != CaseStatus.CLOSED, Case.paused.is_(False))
                .order_by(Case.id)
            ).all()
            for case_no, zone, borrower_id in rows:
                numbers = s.scalars(
                    select(Phone.number).where(Phone.borrower_id == borrower_id, Phone.valid)
                ).all()
                if len(numbers) < 2:
                    continue
                plain = [
                    check_contact(
                        s, sup, case_no, channel="call", party="borrower",
                        at=_yesterday(zone, 12, 30), outcome=None, phone_number=n,
                    )
                    for n in numbers[:2]
                ]  # fmt: skip
                if all(v.kind is VerdictKind.ALLOWED and not v.findings for v in plain):
                    break
            else:
                raise AssertionError("no such case in the demo office")
            result = log_contact(
                s, sup, case_no, channel="call", party="borrower", at=_yesterday(zone, 12),
                outcome="wrong_number", phone_number=numbers[0],
            )  # fmt: skip
            assert result.saved
    finally:
        database.close()
    return case_no, zone, numbers[0], numbers[1]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_contact_check_holds_a_number_found_wrong(capsys, monkeypatch, demo_path, lang) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    case_no, zone, wrong, other = _found_wrong(demo_path)
    at = _yesterday(zone, 12, 30).isoformat()
    base = ["--lang", lang, "contact", "check", case_no, "--channel", "call"]
    base += ["--party", "borrower", "--outcome", "no_answer", "--at", at, "--db", str(demo_path)]
    capsys.readouterr()
    assert main([*base, "--phone", wrong]) == 3
    out = capsys.readouterr().out.splitlines()
    at_rule = next(i for i, line in enumerate(out) if NAME[lang] in line)
    assert _yesterday(zone, 12).date().isoformat() in out[at_rule]
    assert out[at_rule + 1] == "        " + ADVICE[lang]  # under its finding, before the citation
    assert main([*base, "--phone", wrong, "--json"]) == 3
    said = json.loads(capsys.readouterr().out)
    assert said["verdict"] == "needs_override" and said["would_save"] is False
    [found] = [f for f in said["findings"] if f["rule"] == "number_found_invalid"]
    assert found["key"].endswith("(wrong number).") and found["advice"] == ADVICE[lang]
    assert main([*base, "--phone", other]) == 0
    assert "number_found_invalid" not in capsys.readouterr().out
