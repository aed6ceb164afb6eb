"""The demo office's agreements are on the audit trail as the office's own are (found by QA: the
Audit page showed nothing of their drafting, approval or signing): each one's entries written by
its drafter and its approver, on its own days (office time), in the order they were made, with
the fields the use cases write; the chain still verifies."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.agreements import approve, draft_plan, sign
from app.audit import verify_chain
from app.demo import build_demo
from app.models import Agreement, AgreementStatus, AuditEntry, Case
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _case, _user, build_office
from tests.office_day import office_today

SHANGHAI = ZoneInfo("Asia/Shanghai")
AS_OF = dt.date(2026, 3, 16)
BUILT = dt.datetime(2026, 3, 17, 2, 0, tzinfo=dt.UTC)  # the next morning: the as-of day is past
LIFECYCLE = ("agreement.draft", "agreement.approve", "agreement.sign")


def _trail(s, numbers) -> dict[str, list[AuditEntry]]:
    found: dict[str, list[AuditEntry]] = defaultdict(list)
    for entry in s.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "agreement", AuditEntry.entity_id.in_(list(numbers)))
        .order_by(AuditEntry.id)
    ):
        found[entry.entity_id].append(entry)
    return found


def _real_fields(template_db: Path, tmp_path: Path) -> dict[str, set[str]]:
    """The fields of the entries an agreement drafted, approved and signed in the office has."""
    database = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    try:
        build_office(database)
        with database.session() as s:
            agent, today = _user(s, "agent01"), office_today()
            start = today + dt.timedelta(days=10)
            number = draft_plan(s, agent, _case(s, "L1").case_no, count=4, start=start).agreement_no
            approve(s, _user(s, "supervisor"), number)
            sign(s, agent, number, today)
            entries = _trail(s, [number])[number]
            assert [e.action for e in entries] == list(LIFECYCLE)
            return {e.action: set(e.changes) for e in entries}
    finally:
        database.close()


def test_the_demo_agreements_are_drafted_approved_and_signed_on_the_trail(
    template_db: Path, tmp_path: Path
) -> None:
    fields = _real_fields(template_db, tmp_path)
    database = open_database(tmp_path / "demo.db", TEST_KEY, create=True)
    try:
        build_demo(database, loans=400, seed=5, as_of=AS_OF, now=BUILT)
        with database.session() as s:
            agreements = {a.agreement_no: a for a in s.scalars(select(Agreement))}
            trail = _trail(s, agreements)
            statuses = {a.status for a in agreements.values()}
            assert {AgreementStatus.DRAFT, AgreementStatus.COMPLETED} <= statuses
            assert AgreementStatus.CANCELLED in statuses
            signed = 0
            for number, a in agreements.items():
                entries = trail[number]
                actions = [e.action for e in entries]
                expected = ["agreement.draft"]
                expected += ["agreement.approve"] if a.approved_by_id else []
                expected += ["agreement.sign"] if a.signed_on else []
                expected += ["agreement.cancel"] if a.status is AgreementStatus.CANCELLED else []
                ended = {
                    AgreementStatus.COMPLETED: "agreement.completed",
                    AgreementStatus.BREACHED: "agreement.breached",
                }
                expected += [ended[a.status]] if a.status in ended else []
                assert actions == expected, number
                assert [e.at for e in entries] == sorted(e.at for e in entries), number
                by_action = {e.action: e for e in entries}
                for action, entry in by_action.items():
                    if action in fields:
                        assert set(entry.changes) == fields[action], (number, action)
                    assert entry.at < BUILT, number
                draft = by_action["agreement.draft"]
                assert (draft.user_id, draft.at) == (a.drafted_by_id, a.created_at), number
                assert draft.changes["case"] == s.get(Case, a.case_id).case_no
                assert draft.changes["kind"] == a.kind.value
                assert draft.changes["waiver"] == a.waiver_amount
                assert draft.changes["plan"] == [
                    [i.due_on.isoformat(), i.amount] for i in a.instalments
                ]
                if a.approved_by_id:
                    approval = by_action["agreement.approve"]
                    assert (approval.user_id, approval.at) == (a.approved_by_id, a.approved_at)
                    assert approval.user_id != a.drafted_by_id, number
                if a.signed_on:
                    signing = by_action["agreement.sign"]
                    assert signing.user_id == a.drafted_by_id, number
                    assert signing.at.astimezone(SHANGHAI).date() == a.signed_on <= AS_OF
                    assert signing.changes == {
                        "signed_on": a.signed_on.isoformat(),
                        "supersedes": [],
                    }
                    signed += 1
            assert signed
            assert verify_chain(s).intact
    finally:
        database.close()
