"""An agreement made ready for signing (its drafter's own step, no supervisor's approval) is told
apart from one a supervisor approved beyond its Status column: the list's status filter has
"ready" of its own and "approved" lists only the supervisor-approved (in SQL, as made_ready reads
them), the audit trail's `agreement.approve` entry reads "Agreement made ready for signing", and
the borrower's access copy says "Ready for signing". QA: the filter's "Approved" listed both, the
Audit page said "Agreement approved" of either, and the copy said "Approved"."""

from __future__ import annotations

import datetime as dt

import pytest

from app.access_copy import gather_copy
from app.access_copy_tables import HEADERS, sections
from app.agreements import agreement_ids, approve, draft_plan, list_agreements
from app.errors import ValidationError
from app.queries.audit_log import AuditFilter, audit_ids, audit_rows
from tests.core.test_agreements import _case, _user, office
from tests.office_day import office_today

__all__ = ["office"]  # the office fixture, shared


def _made(office):  # type: ignore[no-untyped-def]
    """(agent01's own made ready, agent01's a supervisor approved, the supervisor's own made
    ready): on loans L1, L2 and L3 (borrowers B1, B2, B3)."""
    day = office_today() + dt.timedelta(days=5)
    with office.session() as s:
        agent, boss = _user(s, "agent01"), _user(s, "supervisor")
        own = draft_plan(s, agent, _case(s, "L1").case_no, count=3, start=day)
        checked = draft_plan(s, agent, _case(s, "L2").case_no, count=3, start=day)
        boss_own = draft_plan(s, boss, _case(s, "L3").case_no, count=3, start=day)
        approve(s, agent, own.agreement_no)
        approve(s, boss, checked.agreement_no)
        approve(s, boss, boss_own.agreement_no)
        return own.agreement_no, checked.agreement_no, boss_own.agreement_no


def test_the_status_filter_tells_ready_for_signing_from_approved(office) -> None:  # type: ignore[no-untyped-def]
    own, checked, boss_own = _made(office)
    with office.session() as s:
        for name in ("supervisor", "agent01"):  # an agent sees their own cases' too
            user = _user(s, name)

            def listed(status: str | None, user=user) -> set[str]:  # type: ignore[no-untyped-def]
                rows = list_agreements(s, user, status=status)
                by_id = {r.id: r.agreement_no for r in list_agreements(s, user)}
                ids = agreement_ids(s, user, status=status)
                assert {by_id[i] for i in ids} == {r.agreement_no for r in rows}, status
                return {r.agreement_no for r in rows}

            assert listed(None) == {own, checked, boss_own}
            assert listed("ready") == listed("Ready_for_signing ") == {own, boss_own}
            assert listed("approved") == {checked}
            assert listed("draft") == set()
            # What the filter lists, the Status column says (as made_ready reads each row).
            assert all(r.ready for r in list_agreements(s, user, status="ready"))
            assert not any(r.ready for r in list_agreements(s, user, status="approved"))
        with pytest.raises(ValidationError) as unknown:
            list_agreements(s, _user(s, "supervisor"), status="readied")
        assert "draft, approved, ready, signed" in unknown.value.translated("en")


def test_the_audit_trail_says_which_approvals_made_agreements_ready(office) -> None:  # type: ignore[no-untyped-def]
    own, checked, boss_own = _made(office)
    with office.session() as s:
        admin = _user(s, "admin")  # each reading is a choice of the Action filter's own
        ids = audit_ids(s, admin, AuditFilter(action="agreement.approve"))
        ids += audit_ids(s, admin, AuditFilter(action="agreement.ready"))
        for lang, ready, approved in (("en", "Agreement made ready for signing",
                                       "Agreement approved"),
                                      ("zh_CN", "协议已定稿待签", "协议已批准")):  # fmt: skip
            said = {r.entity_id: r.action_words(lang) for r in audit_rows(s, ids, lang).values()}
            assert said == {own: ready, checked: approved, boss_own: ready}, said


def test_the_access_copy_says_ready_for_signing(office) -> None:  # type: ignore[no-untyped-def]
    own, checked, _ = _made(office)
    column = HEADERS["agreements"].index("Status")
    with office.session() as s:
        boss = _user(s, "supervisor")
        for lang, ready, approved in (("en", "Ready for signing", "Approved"),
                                      ("zh_CN", "定稿待签", "已批准")):  # fmt: skip
            for borrower, number, words in (("B1", own, ready), ("B2", checked, approved)):
                copy = gather_copy(s, boss, borrower, lang)
                [part] = [p for p in sections(copy, lang) if p.key == "agreements"]
                assert [(r[0], r[column]) for r in part.rows] == [(number, words)], part.rows
