"""Rule set files: the shipped ones parse, broken ones name the line; versions in the database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.compliance import (
    RuleSetError,
    Severity,
    active_ruleset,
    change_parameters,
    parse_ruleset,
    select_jurisdiction,
    shipped_ruleset,
)
from app.compliance.rules import RULES
from app.compliance.ruleset import PARAMS, shipped_text
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, Role, RuleSetVersion
from app.office import create_office

GOOD = """\
jurisdiction = "cn"
version = "t1"
effective_on = 2026-01-01
name_zh = "测试"
name_en = "Test"

[rules.daily_conversation_cap]
description_zh = "每天至多三次"
description_en = "Three a day"
severity = "blocked"
citation = "Test citation"
enabled = true
max = 3
"""


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
def test_each_shipped_rule_set_parses_with_descriptions_and_citations(jurisdiction: str) -> None:
    ruleset = shipped_ruleset(jurisdiction)
    assert ruleset.jurisdiction == jurisdiction
    assert ruleset.label == f"{jurisdiction.upper()} 2026.7"
    assert ruleset.name_zh and ruleset.name_en and ruleset.effective_on.year == 2026
    assert "not legal advice" in shipped_text(jurisdiction).lower()
    for rule in ruleset.rules.values():
        assert rule.description_zh.strip() and rule.description_en.strip(), rule.id
        assert rule.citation.strip(), rule.id
        assert rule.id in RULES
        if jurisdiction == "cn":  # the Chinese office reads its citations in Chinese
            assert rule.citation_zh and not rule.citation_zh.isascii(), rule.id
            assert rule.citation_in("zh_CN") == rule.citation_zh
        assert rule.citation_in("en") == rule.citation


def test_a_chinese_citation_is_optional_and_must_be_text() -> None:
    rule = parse_ruleset(GOOD, "t").rules["daily_conversation_cap"]
    assert rule.citation_zh == "" and rule.citation_in("zh_CN") == "Test citation"
    given = GOOD.replace(
        'citation = "Test citation"\n', 'citation = "Test citation"\ncitation_zh = "测试依据"\n'
    )
    assert (
        parse_ruleset(given, "t").rules["daily_conversation_cap"].citation_in("zh_CN") == "测试依据"
    )
    with pytest.raises(RuleSetError, match="citation_zh: 3 is not text"):
        parse_ruleset(given.replace('"测试依据"', "3"), "t")


def test_a_rule_set_stored_before_chinese_citations_reads_them(office) -> None:  # type: ignore[no-untyped-def]
    """A version stored without citation_zh gets the shipped Chinese citation of each rule that
    cites what the shipped rule cites; a citation the office rewrote stays as written."""
    shipped = shipped_ruleset("cn")
    old = re.sub(r"(?m)^citation_zh = .*\n", "", shipped_text("cn"))
    old = old.replace('version = "2026.7"', 'version = "2026.1"', 1)
    rewritten = shipped.rules["stop_lawyer"].citation
    old = old.replace(f'citation = "{rewritten}"', 'citation = "Office policy 7"', 1)
    with office.session() as s:
        _ruleset, version_id = active_ruleset(s)
        row = s.get(RuleSetVersion, version_id)
        row.content, row.version = old, "2026.1"
        s.flush()
        ruleset, _id = active_ruleset(s)
    assert ruleset.version == "2026.1"
    quiet = ruleset.rules["quiet_hours"]
    assert quiet.citation_in("zh_CN") == shipped.rules["quiet_hours"].citation_zh
    assert ruleset.rules["stop_lawyer"].citation_in("zh_CN") == "Office policy 7"


def test_every_rule_has_a_parameter_spec_and_a_function() -> None:
    assert set(PARAMS) == set(RULES)
    assert all(fn.__doc__ for fn in RULES.values())


def test_defaults_match_the_domain_table() -> None:
    cn, us = shipped_ruleset("cn"), shipped_ruleset("us")
    assert cn.param("quiet_hours", "start") == "22:00" and cn.param("quiet_hours", "end") == "08:00"
    assert cn.param("daily_conversation_cap", "max") == 3
    assert cn.param("daily_attempt_cap", "max") == 6
    assert cn.param("third_party_threshold", "min_failed_attempts") == 3
    assert cn.param("public_holidays", "country") == "CN"
    assert us.param("weekly_call_cap", "max") == 7 and us.rule("daily_conversation_cap") is None
    assert us.param("nope", "max", 42) == 42
    assert cn.rule("quiet_hours").severity == Severity.BLOCKED  # type: ignore[union-attr]


def test_a_small_file_parses() -> None:
    ruleset = parse_ruleset(GOOD, "test.toml")
    assert ruleset.rules["daily_conversation_cap"].params == {"max": 3}


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("enabled = true", "enabled = ", 12, "line 12"),
        ("[rules.daily_conversation_cap]", "[rules.daily_conversation_cap", 7, "line 7"),
        ('severity = "blocked"', 'severity = "fatal"', 10, "unknown severity fatal"),
        ("max = 3", "max = -1", 13, "-1 is not a whole number"),
        ("max = 3", 'max = "three"', 13, "not a whole number"),
        ("max = 3", "maximum = 3", 13, "unknown parameter"),
        ('description_zh = "每天至多三次"\n', "", 7, "description_zh is missing"),
        ('citation = "Test citation"', 'citation = ""', 11, "citation is missing"),
        ("daily_conversation_cap]", "daily_chat_cap]", 7, "Unknown rule daily_chat_cap"),
        ('jurisdiction = "cn"', 'jurisdiction = "fr"', 1, "unknown jurisdiction fr"),
        ("effective_on = 2026-01-01", 'effective_on = "soon"', 3, "not a date"),
    ],
)
def test_broken_files_name_the_line_and_the_problem(old, new, line, words) -> None:  # type: ignore[no-untyped-def]
    assert old in GOOD
    with pytest.raises(RuleSetError) as caught:
        parse_ruleset(GOOD.replace(old, new), "broken.toml")
    error = caught.value
    assert isinstance(error, ValidationError)
    assert error.line == line
    assert f"line {line}" in str(error) and "broken.toml" in str(error)
    assert words in str(error)


def test_a_bad_time_in_the_shipped_file_is_refused() -> None:
    text = shipped_text("cn").replace('start = "22:00"', 'start = "25:00"')
    with pytest.raises(RuleSetError, match="25:00 is not a time of day") as caught:
        parse_ruleset(text, "cn.toml")
    assert text.splitlines()[caught.value.line - 1].startswith("start =")  # type: ignore[operator]


def test_a_toml_syntax_error_on_line_7() -> None:
    lines = GOOD.splitlines()
    lines[6] = "[rules.daily_conversation_cap"
    with pytest.raises(RuleSetError, match="line 7"):
        parse_ruleset("\n".join(lines), "x.toml")


def test_rule_set_errors_translate() -> None:
    with pytest.raises(RuleSetError) as caught:
        parse_ruleset(GOOD.replace("max = 3", "max = -2"), "x.toml")
    text = caught.value.translated("zh_CN")
    # A daily cap's least value is 1, as the editor's (app.compliance.rule_params.MINIMUM).
    assert "第 13 行" in text and "不是大于等于 1 的整数" in text


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    """An office (CN rule set) with its admin and a supervisor."""
    with db.session() as s:
        _, admin = create_office(s, name="测试网点", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "sup", Role.SUPERVISOR, "pw-sup")
    return db


def _users(s):  # type: ignore[no-untyped-def]
    from app.models import User

    return {u.username: u for u in s.scalars(select(User))}


def test_first_use_stores_the_shipped_version(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        ruleset, version_id = active_ruleset(s)
        again, same_id = active_ruleset(s)
        rows = s.scalars(select(RuleSetVersion)).all()
    assert ruleset.label == "CN 2026.7" and again is ruleset and same_id == version_id
    assert [(r.version, r.active, r.jurisdiction) for r in rows] == [("2026.7", True, "cn")]


def test_changing_a_parameter_makes_a_new_active_version_audited(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = _users(s)["admin"]
        first = active_ruleset(s)[1]
        row = change_parameters(s, admin, "daily_conversation_cap", {"max": 2})
        assert row.version == "2026.7-r2" and row.active
        ruleset, version_id = active_ruleset(s)
        assert version_id == row.id and ruleset.param("daily_conversation_cap", "max") == 2
        assert not s.get(RuleSetVersion, first).active  # type: ignore[union-attr]
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "ruleset.change"))
        assert entry is not None and entry.changes is not None
        assert entry.changes["params"] == {"max": [3, 2]}
        assert entry.changes["version"] == ["2026.7", "2026.7-r2"]
        third = change_parameters(s, admin, "quiet_hours", {"start": "21:30", "enabled": True})
        assert third.version == "2026.7-r3"
        ruleset = active_ruleset(s)[0]
        assert ruleset.param("quiet_hours", "start") == "21:30"
        assert ruleset.param("daily_conversation_cap", "max") == 2  # kept from r2
        assert ruleset.rule("quiet_hours").description_zh  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("rule", "params", "error"),
    [
        ("daily_conversation_cap", {"max": -1}, ValidationError),
        ("quiet_hours", {"start": "25:00"}, ValidationError),
        ("quiet_hours", {"colour": "red"}, ValidationError),
        ("weekly_call_cap", {"max": 5}, ValidationError),  # not in the CN rule set
        ("daily_conversation_cap", {"max": 3}, ValidationError),  # nothing changes
    ],
)
def test_invalid_changes_are_refused_and_store_nothing(office, rule, params, error) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = _users(s)["admin"]
        active_ruleset(s)
        with pytest.raises(error):
            change_parameters(s, admin, rule, params)
        assert len(s.scalars(select(RuleSetVersion)).all()) == 1


def test_a_supervisor_may_not_edit_the_rule_set(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        sup = _users(s)["sup"]
        with pytest.raises(PermissionDenied):
            change_parameters(s, sup, "daily_conversation_cap", {"max": 2})
        with pytest.raises(PermissionDenied):
            select_jurisdiction(s, sup, "us")


def test_a_corrupted_active_version_falls_back_to_the_last_good_one(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = _users(s)["admin"]
        change_parameters(s, admin, "daily_conversation_cap", {"max": 2})
        broken = change_parameters(s, admin, "daily_conversation_cap", {"max": 1})
        broken.content = broken.content.replace("max = 1", "max = [")
        s.flush()
        warnings: list[str] = []
        ruleset, version_id = active_ruleset(s, warnings)
        assert (
            ruleset.version == "2026.7-r2" and ruleset.param("daily_conversation_cap", "max") == 2
        )
        assert s.get(RuleSetVersion, version_id).version == "2026.7-r2"  # type: ignore[union-attr]
        assert len(warnings) == 1 and "cannot be read" in warnings[0] and "r2" in warnings[0]
        assert "r3" in warnings[0] and "rules set" in warnings[0]  # which one, and what to do


def test_when_no_stored_version_parses_the_shipped_one_is_restored(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        row = s.get(RuleSetVersion, active_ruleset(s)[1])
        row.content = "nonsense ="  # type: ignore[union-attr]
        s.flush()
        ruleset, version_id = active_ruleset(s, [])
        assert ruleset.version == "2026.7-r2"
        assert ruleset.param("daily_conversation_cap", "max") == 3
        assert s.get(RuleSetVersion, version_id).active  # type: ignore[union-attr]


def test_the_admin_switches_the_jurisdiction(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = _users(s)["admin"]
        assert active_ruleset(s)[0].label == "CN 2026.7"
        row = select_jurisdiction(s, admin, "US")
        assert (row.jurisdiction, row.version, row.active) == ("us", "2026.7", True)
        assert active_ruleset(s)[0].label == "US 2026.7"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "ruleset.select"))
        assert entry is not None and entry.changes == {"jurisdiction": ["cn", "us"]}
        select_jurisdiction(s, admin, "cn")
        assert active_ruleset(s)[0].label == "CN 2026.7"
        assert len(s.scalars(select(RuleSetVersion)).all()) == 2
        with pytest.raises(ValidationError):
            select_jurisdiction(s, admin, "fr")


RELATED = """
[rules.related_person_do_not_contact]
description_zh = "联系人本人要求不再联系的，不得联系。"
description_en = "A related person who asked not to be contacted is not contacted."
severity = "blocked"
citation = "Test citation"
enabled = true
"""
STALE = "rules.related_person_do_not_contact.parties"


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
def test_the_shipped_files_set_only_parameters_their_rules_read(jurisdiction: str) -> None:
    """The do-not-contact rule for related persons holds for every party, so its `parties` is
    gone from the files (an admin editing it would expect it to matter) and from PARAMS."""
    import tomllib

    from app.compliance.ruleset import META

    tables = tomllib.loads(shipped_text(jurisdiction))["rules"]
    for rule_id, table in tables.items():
        assert set(table) - set(META) <= set(PARAMS[rule_id]), rule_id
    assert "parties" not in tables["related_person_do_not_contact"]
    assert PARAMS["related_person_do_not_contact"] == {}
    assert shipped_ruleset(jurisdiction).ignored == ()


def test_a_retired_parameter_loads_and_is_left_out_of_the_rule() -> None:
    """A file that still sets `parties` on the rule loads: the value Casedesk shipped is dropped
    quietly, any other (an admin's edit) is named as ignored; a parameter no rule ever had is
    still refused."""
    shipped = parse_ruleset(GOOD + RELATED + 'parties = ["relative", "employer", "other"]\n', "t")
    assert shipped.rules["related_person_do_not_contact"].params == {}
    assert shipped.ignored == ()
    edited = parse_ruleset(GOOD + RELATED + 'parties = ["guarantor"]\n', "t")
    assert edited.rules["related_person_do_not_contact"].params == {}
    assert edited.ignored == (STALE,)
    with pytest.raises(RuleSetError, match="unknown parameter"):
        parse_ruleset(GOOD + RELATED + 'channels = ["call"]\n', "t")


def test_an_office_whose_admin_set_the_retired_parameter_opens_with_a_warning(office) -> None:  # type: ignore[no-untyped-def]
    """A stored version where an admin set `parties` stays in force and the start says the
    parameter is ignored (in the reader's language); the next parameter change leaves it out,
    and the parameter can no longer be set. The version as shipped before starts quietly."""
    from app.compliance import startup_check

    header = "[rules.related_person_do_not_contact]"
    with office.session() as s:
        admin = _users(s)["admin"]
        _ruleset, version_id = active_ruleset(s)
        row = s.get(RuleSetVersion, version_id)
        assert row is not None and "parties" not in row.content.split(header)[1].split("[")[0]
        end, text = "enabled = true\n\n[rules.stop_contact_refused]", row.content
        assert end in text

        def with_parties(parties: str) -> str:
            return text.replace(end, end.replace("\n\n", f"\nparties = {parties}\n\n"))

        row.content = with_parties('["relative", "employer", "other"]')  # as 2026.2 shipped
        s.flush()
        assert startup_check(s) == []
        edited = with_parties('["relative"]')
        row.content = edited.replace('version = "2026.7"', 'version = "2026.7-r2"', 1)
        row.version = "2026.7-r2"
        s.flush()
        warnings = startup_check(s)
        ruleset, still = active_ruleset(s)
        assert still == version_id and ruleset.version == "2026.7-r2"
        assert warnings == [
            f"Rule set CN 2026.7-r2: {STALE} is no longer read and is ignored (the rule now "
            "holds whatever the party); the next change of a parameter leaves it out."
        ]
        assert ruleset.ignored == (STALE,)
        from app.compliance.ruleset import ignored_text

        assert ignored_text(ruleset, STALE, "zh_CN") == (
            f"规则集 CN 2026.7-r2：{STALE} 已不再使用，现被忽略（该规则现对所有联系对象都适用）；"
            "下次修改参数时将把它删去。"
        )
        with pytest.raises(ValidationError, match="has no parameter parties"):
            change_parameters(s, admin, "related_person_do_not_contact", {"parties": ["other"]})
        new = change_parameters(s, admin, "daily_conversation_cap", {"max": 2})
        assert "parties" not in new.content.split(header)[1].split("[")[0]
        assert startup_check(s) == []
        assert active_ruleset(s)[0].rule("related_person_do_not_contact") is not None
