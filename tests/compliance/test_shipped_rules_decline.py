"""An admin keeps the rule set without a shipped rule: the decision is an audit entry naming the
rules and the jurisdiction; the rule stays listed as missing, with who kept it out and when, but
is no longer asked about; it can still be added; refusals record nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth import add_user
from app.compliance import active_ruleset
from app.compliance.shipped_rules import (
    DECLINE,
    add_shipped_rules,
    decline_shipped_rules,
    declined_shipped_rules,
    missing_shipped_rules,
    undecided_shipped_rules,
)
from app.compliance.versions import select_jurisdiction
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, Role
from app.office import create_office
from app.reporting.period import office_today
from tests.compliance.test_shipped_rules import _user
from tests.compliance.util import store_old_ruleset

RULE = "third_party_consent"


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    """A CN office (admin 王芳, supervisor) whose stored rule set is 2026.1, without the rule."""
    with db.session() as s:
        _, admin = create_office(s, name="测试网点", admin_username="admin", admin_password="pw-a")
        admin.display_name = "王芳"
        add_user(s, admin, "sup", Role.SUPERVISOR, "pw-sup")
        store_old_ruleset(s)
    return db


def _decisions(s) -> int:  # type: ignore[no-untyped-def]
    return s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == DECLINE)) or 0


def test_a_kept_out_rule_is_listed_with_who_and_when_but_not_asked_about(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        assert [r.id for r in undecided_shipped_rules(s)] == [RULE]
        admin = _user(s, "admin")
        decline_shipped_rules(s, admin, [RULE, RULE])
        today = office_today(s)
    with office.session() as s:
        assert undecided_shipped_rules(s) == []
        (missing,) = missing_shipped_rules(s, "en")
        assert missing.id == RULE and missing.declined is not None
        assert (missing.declined.by, missing.declined.on) == ("王芳", today)
        assert missing.declined.text("en") == f"Kept out by 王芳 on {today.isoformat()}."
        assert missing.declined.text("zh_CN") == f"王芳 于 {today.isoformat()} 决定不纳入。"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == DECLINE))
        assert entry is not None and entry.user_id == admin.id
        ruleset, version_id = active_ruleset(s)
        assert (entry.entity, entry.entity_id) == ("ruleset_version", str(version_id))
        assert entry.changes == {"rules": [RULE], "jurisdiction": "cn", "version": "2026.1"}
        assert ruleset.version == "2026.1"  # no new version: the rule set itself is unchanged


def test_a_kept_out_rule_can_still_be_added(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = _user(s, "admin")
        decline_shipped_rules(s, admin, [RULE])
        add_shipped_rules(s, admin, [RULE])
        assert missing_shipped_rules(s) == [] and RULE in active_ruleset(s)[0].rules
        with pytest.raises(ValidationError, match="already has the rule"):
            decline_shipped_rules(s, admin, [RULE])


def test_a_decision_holds_for_its_jurisdiction_only(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = _user(s, "admin")
        decline_shipped_rules(s, admin, [RULE])
        select_jurisdiction(s, admin, "uk")
        store_old_ruleset(s)  # a UK rule set stored before the rule shipped
        assert declined_shipped_rules(s) == {}
        assert [r.id for r in undecided_shipped_rules(s)] == [RULE]


@pytest.mark.parametrize(
    ("ids", "words"),
    [
        (["quiet_hours"], "already has the rule quiet_hours"),
        (["weekly_call_cap"], "ships no rule weekly_call_cap for the CN rule set"),
        ([RULE, "no_such_rule"], "ships no rule no_such_rule"),
        ([" "], "at least one rule to keep out"),
    ],
)
def test_refusals_record_nothing(office, ids, words) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        with pytest.raises(ValidationError, match=words) as caught:
            decline_shipped_rules(s, _user(s, "admin"), ids)
        assert caught.value.translated("zh_CN") != caught.value.translated("en")
        assert _decisions(s) == 0 and len(undecided_shipped_rules(s)) == 1


def test_only_an_admin_may_keep_a_rule_out(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        with pytest.raises(PermissionDenied):
            decline_shipped_rules(s, _user(s, "sup"), [RULE])
        assert _decisions(s) == 0 and len(undecided_shipped_rules(s)) == 1
