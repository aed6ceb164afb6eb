"""US: a telephone conversation logged after the fact, when calls were already logged within the
seven days after it (Reg F 1006.14(b)(2)(i)(B): no call within seven days after a conversation).
The conversation took place, so it is saved; it is flagged as a warning naming those calls, so
the compliance report shows them. Real database files (the `db` fixture of test_edges_qa)."""

from __future__ import annotations

from sqlalchemy import select

from app.compliance.model import Severity
from app.contacts import log_contact
from app.models import ContactAttempt, Outcome, VerdictKind
from tests.compliance.test_edges_qa import _user, add, build, chk, days_ago, rules


def _wait(verdict):  # type: ignore[no-untyped-def]
    found = [f for f in verdict.findings if f.rule == "after_conversation_wait"]
    return found[0] if found else None


def test_a_late_conversation_is_saved_and_flagged_with_the_calls_in_its_wait(db) -> None:
    build(db, jurisdiction="us")
    add(db, days_ago(2, 10))
    add(db, days_ago(1, 10))
    add(db, days_ago(12, 10))
    verdict = chk(db, at=days_ago(3, 9), outcome="connected")
    finding = _wait(verdict)
    assert finding is not None and finding.severity is Severity.WARNING
    assert verdict.kind is VerdictKind.WARNING
    day = days_ago(2, 10).date().isoformat()
    assert finding.text("en") == (
        f"Calls already logged fell within the 7 days after this conversation: 2, the first on "
        f"{day}."
    )
    assert finding.text("zh_CN") == f"本次通话后 7 天内已登记的致电：2 次，第一次在 {day}。"
    with db.session() as s:
        result = log_contact(
            s, _user(s, "agent01"), "C1", channel="call", party="borrower",
            at=days_ago(3, 9), outcome="connected", phone_number="+8613812345678",
        )  # fmt: skip
        assert result.saved
    with db.sessions() as s:
        saved = s.scalar(select(ContactAttempt).order_by(ContactAttempt.id.desc()).limit(1))
        assert saved.outcome is Outcome.CONNECTED and saved.verdict is VerdictKind.WARNING


def test_only_a_conversation_and_only_calls_within_its_wait(db) -> None:
    build(db, jurisdiction="us")
    add(db, days_ago(2, 10))
    add(db, days_ago(1, 10))
    assert _wait(chk(db, at=days_ago(3, 9), outcome="no_answer")) is None
    # nine days ago: the calls since came on its eighth and ninth days, past the wait
    assert _wait(chk(db, at=days_ago(9, 9), outcome="connected")) is None
    assert _wait(chk(db, at=days_ago(8, 9), outcome="connected")) is not None


def test_the_chinese_rule_set_has_no_such_wait(db) -> None:
    build(db)
    add(db, days_ago(2, 10))
    assert "after_conversation_wait" not in rules(chk(db, at=days_ago(3, 9), outcome="connected"))
