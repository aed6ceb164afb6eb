"""An office whose stored rule set predates a shipped rule: the rule is named as missing, the admin
adds it as a new audited version (the office's own changes kept), it then judges; a second add,
an unknown rule and a non-admin are refused and store nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.auth import add_user
from app.compliance import Action, Context, History, Severity, active_ruleset, check
from app.compliance.ruleset import change_parameters, parse_ruleset, shipped_ruleset
from app.compliance.shipped_rules import add_shipped_rules, missing_shipped_rules, table_text
from app.compliance.versions import select_jurisdiction
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, Channel, Outcome, Party, Role, RuleSetVersion, User, VerdictKind
from app.office import create_office
from tests.compliance.util import store_old_ruleset, text_without

RULE = "third_party_consent"


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    """A CN office (admin, supervisor) whose stored rule set is 2026.1, without the rule."""
    with db.session() as s:
        _, admin = create_office(s, name="测试网点", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "sup", Role.SUPERVISOR, "pw-sup")
        store_old_ruleset(s)
    return db


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    user = s.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


def _versions(s) -> int:  # type: ignore[no-untyped-def]
    return s.scalar(select(func.count(RuleSetVersion.id))) or 0


def _relative_call(ruleset):  # type: ignore[no-untyped-def]
    """A relative called after three failed calls to the borrower, with nobody's consent."""
    at = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
    action = Action(Channel.CALL, Party.RELATIVE, at, Outcome.CONNECTED, related_person_id=1)
    return check(action, Context(history=History(consecutive_failed_attempts=3)), ruleset)


def test_the_old_text_is_the_shipped_one_without_the_rule() -> None:
    from app.compliance.ruleset import shipped_text

    old = parse_ruleset(text_without(shipped_text("cn"), RULE), "old")
    assert old.version == "2026.1" and set(old.rules) == set(shipped_ruleset("cn").rules) - {RULE}


def test_the_missing_rule_is_named_in_the_readers_language(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        (en,) = missing_shipped_rules(s, "en")
        (zh,) = missing_shipped_rules(s, "zh_CN")
    assert (en.id, en.label) == (RULE, "Third-party consent")
    assert (en.severity, en.enabled) == ("blocked", True)
    assert en.description.startswith("When the loan contract does not allow contact")
    assert en.citation.startswith("PIPL Art. 13")
    assert (zh.id, zh.label) == (RULE, "联系第三方须经同意")
    assert zh.description.startswith("借款合同未约定可联系第三方时")


def test_the_admin_adds_it_as_a_new_version_that_then_judges(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = _user(s, "admin")
        # The office's own change before the upgrade: it must survive the addition.
        change_parameters(s, admin, "daily_conversation_cap", {"max": 2})
        before, before_id = active_ruleset(s)
        assert before.version == "2026.1-r2"
        assert _relative_call(before).kind is VerdictKind.WARNING  # the gap: let through
        old_text = s.get(RuleSetVersion, before_id).content  # type: ignore[union-attr]
        row = add_shipped_rules(s, admin, [RULE])
        assert (row.version, row.active, row.created_by_id) == ("2026.1-r3", True, admin.id)
        assert row.effective_on == before.effective_on
        after, after_id = active_ruleset(s)
        assert after_id == row.id and missing_shipped_rules(s) == []
        assert after.rules[RULE] == shipped_ruleset("cn").rules[RULE]
        assert after.param("daily_conversation_cap", "max") == 2  # the office's change kept
        # The stored text is the old one (its comments too) with the shipped table appended.
        assert row.content.startswith(old_text.split("version =")[0])
        assert row.content.rstrip().endswith(table_text(row.content, RULE))
        assert 'version = "2026.1-r3"' in row.content
        verdict = _relative_call(after)
        assert verdict.kind is VerdictKind.BLOCKED
        assert verdict.findings[0].rule == RULE and verdict.findings[0].severity is Severity.BLOCKED
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "ruleset.add_rules"))
        assert entry is not None and entry.user_id == admin.id
        assert (entry.entity, entry.entity_id) == ("ruleset_version", str(row.id))
        assert entry.changes == {"rules": [RULE], "version": ["2026.1-r2", "2026.1-r3"]}


@pytest.mark.parametrize(
    ("ids", "words"),
    [
        (["quiet_hours"], "already has the rule quiet_hours"),
        (["weekly_call_cap"], "ships no rule weekly_call_cap for the CN rule set"),  # a US rule
        (["no_such_rule"], "ships no rule no_such_rule"),
        ([RULE, "no_such_rule"], "ships no rule no_such_rule"),
        ([], "at least one rule"),
        ([" "], "at least one rule"),
    ],
)
def test_refusals_store_nothing(office, ids, words) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        before = _versions(s)
        with pytest.raises(ValidationError, match=words) as caught:
            add_shipped_rules(s, _user(s, "admin"), ids)
        assert caught.value.translated("zh_CN") != caught.value.translated("en")
        assert _versions(s) == before and missing_shipped_rules(s)[0].id == RULE


def test_a_second_add_is_refused(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = _user(s, "admin")
        add_shipped_rules(s, admin, [RULE, RULE])  # named twice: added once
        count = _versions(s)
        with pytest.raises(ValidationError) as caught:
            add_shipped_rules(s, admin, [RULE])
        assert caught.value.translated("en") == (
            "The rule set CN 2026.1-r2 already has the rule third_party_consent."
        )
        assert caught.value.translated("zh_CN") == (
            "规则集 CN 2026.1-r2 中已有规则 third_party_consent。"
        )
        assert _versions(s) == count
        assert active_ruleset(s)[0].version == "2026.1-r2"


def test_only_an_admin_may_add(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        before = _versions(s)
        with pytest.raises(PermissionDenied):
            add_shipped_rules(s, _user(s, "sup"), [RULE])
        assert _versions(s) == before and len(missing_shipped_rules(s)) == 1


def test_a_new_office_misses_nothing(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        _, admin = create_office(s, name="新网点", admin_username="admin", admin_password="pw-a")
        assert missing_shipped_rules(s) == []
        select_jurisdiction(s, admin, "us")  # stored from the 2026.7 file: has it, switched off
        assert missing_shipped_rules(s) == []
        assert active_ruleset(s)[0].rules[RULE].enabled is False


def test_a_us_office_adds_the_rule_switched_off(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        _, admin = create_office(s, name="US office", admin_username="admin", admin_password="pw-a")
        select_jurisdiction(s, admin, "us")
        store_old_ruleset(s)
        (missing,) = missing_shipped_rules(s, "en")
        assert (missing.severity, missing.enabled) == ("warning", False)
        assert "1692b" in missing.description
        add_shipped_rules(s, admin, [RULE])
        ruleset = active_ruleset(s)[0]
        assert ruleset.label == "US 2026.1-r2" and ruleset.rules[RULE].enabled is False
