"""The demo office's completed and breached agreements are on the audit trail as the office's
watch writes them (found by QA: none were, and every cancellation said "was": "active" whatever
the agreement's state): the system's entry, with the fields the watch writes, on the day the watch
saw it, after the signing. Checked against the watch itself, run again on the agreement as it
stood signed; the chain still verifies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from app.agreements.watch import evaluate_agreements
from app.audit import verify_chain
from app.demo import build_demo
from app.models import Agreement, AgreementStatus, AuditEntry, Case, Loan, LoanStatus
from db.store import Database, open_database
from tests.conftest import TEST_KEY

SHANGHAI = ZoneInfo("Asia/Shanghai")
AS_OF = dt.date(2026, 3, 16)
BUILT = dt.datetime(2026, 3, 17, 2, 0, tzinfo=dt.UTC)  # the next morning: the as-of day is past
ENDED = {
    AgreementStatus.COMPLETED: "agreement.completed",
    AgreementStatus.BREACHED: "agreement.breached",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path: Path = tmp_path_factory.mktemp("outcomes") / "demo.db"
    database = open_database(path, TEST_KEY, create=True)
    build_demo(database, loans=400, seed=5, as_of=AS_OF, now=BUILT)
    yield database
    database.close()


def _entries(s, number: str) -> list[AuditEntry]:
    return list(
        s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "agreement", AuditEntry.entity_id == number)
            .order_by(AuditEntry.id)
        )
    )


def _watch_again(s, agreement: Agreement, as_of: dt.date) -> tuple[str, int | None, dict] | None:
    """What the office's watch records of the agreement, signed again, judged as of `as_of`."""
    newest = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    s.execute(
        update(Agreement).where(Agreement.id == agreement.id).values(status=AgreementStatus.SIGNED)
    )
    loan_id = s.scalar(select(Case.loan_id).where(Case.id == agreement.case_id))
    # Its loan as it stood then: a settlement the agreement completed was still owed.
    s.execute(
        update(Loan)
        .where(Loan.id == loan_id, Loan.status == LoanStatus.SETTLED)
        .values(status=LoanStatus.ACTIVE, closed_on=None)
    )
    evaluate_agreements(s, as_of, [loan_id])
    made = s.execute(
        select(AuditEntry.action, AuditEntry.user_id, AuditEntry.changes).where(
            AuditEntry.id > newest
        )
    ).all()
    s.rollback()
    assert len(made) <= 1
    return tuple(made[0]) if made else None  # type: ignore[return-value]


def test_the_watch_would_have_written_each_ending_as_the_demo_did(demo: Database) -> None:
    with demo.sessions() as s:
        ended = s.scalars(
            select(Agreement).where(Agreement.status.in_(list(ENDED))).order_by(Agreement.id)
        ).all()
        assert {a.status for a in ended} == set(ENDED)
        seen: list[tuple[str, str, dict, dt.date, int | None]] = []
        for a in ended:
            entries = _entries(s, a.agreement_no)
            (entry,) = [e for e in entries if e.action in ENDED.values()]
            (signing,) = [e for e in entries if e.action == "agreement.sign"]
            assert entry.action == ENDED[a.status] and entry.user_id is None, a.agreement_no
            assert signing.at <= entry.at < BUILT, a.agreement_no
            day = entry.at.astimezone(SHANGHAI).date()
            seen.append((a.agreement_no, entry.action, dict(entry.changes), day, a.id))
        # A settlement's waiver written off as its loan settled is on its entry (QA s47 L-4).
        assert any(c.get("waived") for _n, act, c, _d, _i in seen if act == "agreement.completed")
        by_id = {a.id: a for a in ended}
        for number, action, changes, day, aid in seen:
            again = _watch_again(s, by_id[aid], day)
            assert again == (action, None, changes), number
            if action == "agreement.breached":  # not the day before: seen the morning after
                assert _watch_again(s, s.get(Agreement, aid), day - dt.timedelta(days=1)) is None
            else:
                assert changes["on"] <= day.isoformat(), number
        assert verify_chain(s).intact


def test_a_cancellation_says_what_the_agreement_was_then(demo: Database) -> None:
    with demo.sessions() as s:
        cancelled = s.scalars(
            select(Agreement).where(Agreement.status == AgreementStatus.CANCELLED)
        ).all()
        assert cancelled
        for a in cancelled:
            entries = _entries(s, a.agreement_no)
            (cancel,) = [e for e in entries if e.action == "agreement.cancel"]
            before = {e.action for e in entries if e.at <= cancel.at and e.id < cancel.id}
            # Signing runs the watch: a signed agreement is active from then on (test_agreements).
            was = (
                "active"
                if "agreement.sign" in before
                else "approved"
                if "agreement.approve" in before
                else "draft"
            )
            assert cancel.changes["was"] == was, a.agreement_no
