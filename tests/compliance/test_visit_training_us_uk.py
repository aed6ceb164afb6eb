"""US and UK offices refuse a visit booked with an agent whose field training has lapsed (QA P
#1): DOMAIN's training section holds in every office, so the shipped US and UK rule sets have
visit_training (office policy, blocked) from 2026.7; staffing (two agents) stays CN's alone. An
office whose stored US or UK rule set predates 2026.7 is offered the rule, and it then judges."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.compliance import active_ruleset, shipped_ruleset
from app.compliance.shipped_rules import add_shipped_rules, missing_shipped_rules
from app.compliance.versions import select_jurisdiction
from app.models import User, VerdictKind
from tests.compliance.util import store_old_ruleset
from tests.core.visit_office import book, build_visit_office, case_nos, verified_visit

RULE = "visit_training"


def _office(db, jurisdiction: str):  # type: ignore[no-untyped-def]
    build_visit_office(db)  # agent04 (孙磊) holds no field training
    with db.session() as s:
        select_jurisdiction(s, s.scalar(select(User).where(User.username == "admin")), jurisdiction)
    return db


def _findings(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {f.rule: f for f in result.verdict.findings if f.severity.name != "INFO"}


@pytest.mark.parametrize("jurisdiction", ["us", "uk"])
def test_the_shipped_rule_is_office_policy_in_both_languages(jurisdiction) -> None:  # type: ignore[no-untyped-def]
    ruleset = shipped_ruleset(jurisdiction)
    rule = ruleset.rules[RULE]
    assert ruleset.version == "2026.7" and rule.enabled and rule.severity.name == "BLOCKED"
    assert rule.description("en") == (
        "Every agent on a visit holds valid field training (office policy)."
    )
    assert rule.description("zh_CN") == "上门的每名催收员须持有有效的上门培训（营业部政策）。"
    assert rule.citation_in("en").startswith("Office training policy; ")
    assert rule.citation_in("zh_CN").startswith("本营业部培训政策；")
    assert "visit_staffing" not in ruleset.rules  # two agents is CN's rule only


@pytest.mark.parametrize("jurisdiction", ["us", "uk"])
@pytest.mark.parametrize("team", [("agent04",), ("agent01", "agent04")])
def test_a_lapsed_agent_is_not_booked(db, jurisdiction, team) -> None:  # type: ignore[no-untyped-def]
    office = _office(db, jurisdiction)
    result = book(office, verified_visit(office, case_nos(office)[0]), team)
    found = _findings(result)
    assert not result.saved and result.verdict.kind is VerdictKind.BLOCKED
    assert RULE in found and "孙磊" in found[RULE].text("en")  # type: ignore[attr-defined]
    assert "visit_staffing" not in found


@pytest.mark.parametrize("jurisdiction", ["us", "uk"])
def test_a_trained_agent_alone_is_booked(db, jurisdiction) -> None:  # type: ignore[no-untyped-def]
    office = _office(db, jurisdiction)
    result = book(office, verified_visit(office, case_nos(office)[0]), ("agent01",))
    assert result.saved and RULE not in _findings(result)


@pytest.mark.parametrize("jurisdiction", ["us", "uk"])
def test_an_office_stored_before_2026_7_is_offered_the_rule(db, jurisdiction) -> None:  # type: ignore[no-untyped-def]
    office = _office(db, jurisdiction)
    with office.session() as s:
        store_old_ruleset(s, RULE)
        assert [m.id for m in missing_shipped_rules(s, "en")] == [RULE]
    before = book(office, verified_visit(office, case_nos(office)[0]), ("agent04",))
    assert before.saved and RULE not in _findings(before)  # the rule never ran
    with office.session() as s:
        add_shipped_rules(s, s.scalar(select(User).where(User.username == "admin")), [RULE])
        assert active_ruleset(s)[0].version == "2026.1-r2" and not missing_shipped_rules(s)
    after = book(office, verified_visit(office, case_nos(office)[1]), ("agent04",))
    assert not after.saved and RULE in _findings(after)
