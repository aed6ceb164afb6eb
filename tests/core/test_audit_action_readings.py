"""The audit trail's Action filter tells an approval from an agreement made ready for signing, as
the Action column reads each `agreement.approve` entry: "agreement.approve" selects exactly the
entries read "Agreement approved" (a supervisor or admin checking someone else's draft),
"agreement.ready" exactly those read "Agreement made ready for signing" (a drafter's own, or an
agent's); "agreement" still selects both; the choices list each reading the trail holds, the
made-ready right after the approved. QA: one "Agreement approved" choice listed both."""

from __future__ import annotations

from app.audit_kinds import FILTER_KIND
from app.labels import label
from app.queries.audit_actions import APPROVE, READY
from app.queries.audit_log import AuditFilter, action_choices, audit_ids, audit_rows
from tests.core.test_agreement_ready_filter import _made
from tests.core.test_agreements import _user, office

__all__ = ["office"]  # the office fixture, shared


def test_each_reading_of_an_approval_is_a_choice_of_its_own(office) -> None:  # type: ignore[no-untyped-def]
    own, checked, boss_own = _made(office)
    with office.session() as s:
        for name in ("supervisor", "admin"):
            user = _user(s, name)

            def read(action: str, lang: str = "en", user=user) -> dict[str, str]:  # type: ignore[no-untyped-def]
                ids = audit_ids(s, user, AuditFilter(action=action))
                rows = audit_rows(s, ids, lang)
                assert len(rows) == len(ids)
                return {r.entity_id: r.action_words(lang) for r in rows.values()}

            approved, ready = "Agreement approved", "Agreement made ready for signing"
            assert read(APPROVE) == {checked: approved}
            assert read(READY) == {own: ready, boss_own: ready}
            assert read(APPROVE, "zh_CN") == {checked: "协议已批准"}
            assert read(READY, "zh_CN") == {own: "协议已定稿待签", boss_own: "协议已定稿待签"}
            whole = audit_ids(s, user, AuditFilter(action="agreement"))
            parts = audit_ids(s, user, AuditFilter(action=APPROVE))
            parts += audit_ids(s, user, AuditFilter(action=READY))
            assert set(parts) <= set(whole)
            # Narrowed further as any filter is: the agent's own approvals, made ready.
            agent = _user(s, "agent01").id
            assert audit_ids(s, user, AuditFilter(action=APPROVE, user_id=agent)) == []
            assert len(audit_ids(s, user, AuditFilter(action=READY, user_id=agent))) == 1
        choices = action_choices(s)
        assert choices[choices.index(APPROVE) + 1] == READY
        # An exported list's filters, told in the trail, name the reading chosen.
        assert label(FILTER_KIND["action"], READY, "zh_CN") == "协议已定稿待签"


def test_a_reading_the_trail_does_not_hold_is_not_offered(office) -> None:  # type: ignore[no-untyped-def]
    from app.agreements import approve, draft_plan
    from tests.core.test_agreements import _case
    from tests.office_day import office_today

    with office.session() as s:
        assert APPROVE not in action_choices(s) and READY not in action_choices(s)
        agent = _user(s, "agent01")
        day = office_today()
        own = draft_plan(s, agent, _case(s, "L1").case_no, count=3, start=day)
        approve(s, agent, own.agreement_no)
    with office.session() as s:
        choices = action_choices(s)
        assert READY in choices and APPROVE not in choices, choices
        assert audit_ids(s, _user(s, "supervisor"), AuditFilter(action=APPROVE)) == []
