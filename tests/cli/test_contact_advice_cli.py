"""`casedesk contact check|log` says what to do next under a finding that blocks a contact (the
daily cap on conversations, the third-party consent rule), in the words the window's verdict
panel shows (app.compliance.advice), English and Chinese, and in --json (QA: the CLI printed the
finding alone)."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.contacts import log_contact
from app.models import Borrower, Case, CaseStatus, Loan, RelatedPerson, User
from tests.conftest import TEST_KEY

REASON = "The borrower asked to be called back today."
ADVICE = {
    "en": (
        "No more conversations with the borrower today: try again tomorrow.",
        "Contact the borrower or a guarantor instead, or a related person who agreed to be "
        "contacted.",
    ),
    "zh_CN": (
        "今天不能再与借款人通话：请明天再联系。",
        "请改为联系借款人本人或担保人，或已同意被联系的关联人。",
    ),
}


def _midday_zone() -> zoneinfo.ZoneInfo:
    """A fixed-offset zone where it is now between 12:00 and 13:00 (outside quiet hours, three
    calls in the last three hours on the borrower's today, whatever the hour of the run)."""
    offset = 12 - dt.datetime.now(dt.UTC).hour
    return zoneinfo.ZoneInfo(f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT")


def _talked_out(demo_path: Path, zone: zoneinfo.ZoneInfo) -> tuple[str, int, dt.datetime]:
    """agent01's case on a loan without third-party consent, with a relative who did not agree to
    be contacted; its borrower moved to `zone` and talked to three times in the last three hours.
    The case, the relative's id and now."""
    from db.store import open_database

    now = dt.datetime.now(zone).replace(second=0, microsecond=0)
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            boss = s.scalar(select(User).where(User.username == "supervisor"))
            case_no, borrower_id, person_id = s.execute(
                select(Case.case_no, Borrower.id, RelatedPerson.id)
                .join(Loan, Loan.id == Case.loan_id)
                .join(Borrower, Borrower.id == Loan.borrower_id)
                .join(RelatedPerson, RelatedPerson.borrower_id == Borrower.id)
                .where(
                    Case.status != CaseStatus.CLOSED,
                    Case.paused.is_(False),
                    Loan.third_party_consent.is_(False),
                    Borrower.contact_refused.is_(False),
                    Borrower.has_lawyer.is_(False),
                    RelatedPerson.relation.in_(("spouse", "parent", "sibling", "relative")),
                    RelatedPerson.consent_to_contact.is_(False),
                    RelatedPerson.do_not_contact.is_(False),
                    RelatedPerson.phone != "",
                )
                .order_by(Case.id)
            ).first()
            s.get(Borrower, borrower_id).timezone = zone.key
        with database.session() as s:
            boss = s.scalar(select(User).where(User.username == "supervisor"))
            for hours in (3, 2, 1):
                result = log_contact(
                    s,
                    boss,
                    case_no,
                    channel="call",
                    party="borrower",
                    at=now - dt.timedelta(hours=hours),
                    outcome="connected",
                    override_by=boss,
                    override_reason=REASON,
                )
                assert result.saved
    finally:
        database.close()
    return case_no, person_id, now


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_blocked_contact_says_what_to_do_as_the_window_does(capsys, monkeypatch, demo_path, lang):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    case_no, person_id, now = _talked_out(demo_path, _midday_zone())
    conversations, third_party = ADVICE[lang]
    at = (now - dt.timedelta(minutes=5)).isoformat()
    base = ["--lang", lang, "contact", "check", case_no, "--channel", "call"]
    base += ["--outcome", "connected", "--at", at, "--db", str(demo_path)]
    capsys.readouterr()
    assert main([*base, "--party", "borrower"]) == 3
    out = capsys.readouterr().out.splitlines()
    cap = next(i for i, line in enumerate(out) if line.startswith("    [") and "3" in line)
    assert out[cap + 1] == "        " + conversations  # under its finding, before its citation
    assert all(third_party not in line for line in out)
    # A third party on a contract without that clause: the other advice, and not the cap's.
    relative = ["--party", "relative", "--person", str(person_id)]
    assert main([*base, *relative]) == 3
    out = capsys.readouterr().out.splitlines()
    assert "        " + third_party in out and all(conversations not in line for line in out)
    assert main([*base, *relative, "--json"]) == 3
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["advice"] for f in findings if "advice" in f] == [third_party]
    # Logging it is refused the same way, with the same advice.
    log = [*base[:3], "log", *base[4:], *relative]
    assert main(log) == 3
    assert "        " + third_party in capsys.readouterr().out.splitlines()


def test_advice_is_said_only_under_a_blocking_finding():
    """The core's advice (no Qt): a warning of the same rule says what the rule says, no more."""
    from app.compliance.advice import advice
    from app.compliance.model import Finding, Severity

    cap = "The borrower has had {count} conversations today; the daily limit is {max}."
    blocked = Finding("daily_conversations", Severity.BLOCKED, cap, {"count": 3, "max": 3})
    warned = Finding("daily_conversations", Severity.WARNING, cap, {"count": 3, "max": 3})
    assert advice(blocked, "zh_CN") == ADVICE["zh_CN"][0]
    assert advice(blocked, "en") == ADVICE["en"][0]
    assert advice(warned) is None
    assert advice(Finding("quiet_hours", Severity.BLOCKED, "Quiet", {})) is None
