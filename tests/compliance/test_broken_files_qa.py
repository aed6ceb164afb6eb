"""A shipped rule set file with a mistake (an admin's hand edit) and a stored version that no
longer parses (found by QA): the office's stored version stays in force, the file is named with
its line, once, in the user's language, with what to do; a broken file is not offered as a
choice; a bad TOML line is said in words with its column. Real databases; the files are a copy
(the `shipped_files` fixture), never resources/rulesets itself."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.compliance import active_ruleset, startup_check
from app.compliance.choices import ruleset_choices
from app.compliance.param_checks import checked_params
from app.compliance.ruleset import RuleSetError, parse_ruleset, shipped_text
from app.compliance.shipped_rules import missing_shipped_rules
from app.compliance.versions import change_parameters, select_jurisdiction
from app.errors import ValidationError
from app.i18n import set_language
from app.models import Office, Role, RuleSetVersion, User
from app.office import create_office
from app.queries.rules import rules_view


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    """A CN office with its stored version (as every office has after its first check)."""
    with db.session() as s:
        _, admin = create_office(s, name="测试网点", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "sup", Role.SUPERVISOR, "pw-sup")
        active_ruleset(s)
    return db


@pytest.fixture
def chinese():  # type: ignore[no-untyped-def]
    set_language("zh_CN")
    yield
    set_language("en")


def _admin(s) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == "admin"))


def test_a_broken_shipped_file_leaves_the_stored_version_in_force(office, shipped_files, caplog):  # type: ignore[no-untyped-def]
    shipped_files("cn", "max = 3", "max = -3")
    with office.session() as s:
        ruleset, version_id = active_ruleset(s)
        assert ruleset.label == "CN 2026.7" and ruleset.param("daily_conversation_cap", "max") == 3
        assert s.get(RuleSetVersion, version_id).version == "2026.7"  # type: ignore[union-attr]
        problems = startup_check(s)
        assert len(problems) == 1, problems
        assert "cn.toml, line 49" in problems[0] and "stays in force" in problems[0]
        assert "cannot be read" not in problems[0]  # the stored version is fine
        assert rules_view(s, "en").label == "CN 2026.7"  # the Rules page's data
        assert missing_shipped_rules(s, "en") == []  # nothing to offer from a broken file
    # Said once however often the versions are read (the log is what the CLI prints).
    with caplog.at_level(logging.WARNING, logger="app.compliance"):
        with office.session() as s:
            for _ in range(3):
                active_ruleset(s)
    assert sum("cn.toml" in r.getMessage() for r in caplog.records) == 1  # the first read said it


def test_without_the_start_a_broken_file_is_logged_once(office, shipped_files, caplog):  # type: ignore[no-untyped-def]
    shipped_files("cn", "max = 3", "max = -3")
    with caplog.at_level(logging.WARNING, logger="app.compliance"), office.session() as s:
        for _ in range(3):
            assert active_ruleset(s)[0].label == "CN 2026.7"
    said = [r.getMessage() for r in caplog.records if "cn.toml" in r.getMessage()]
    assert len(said) == 1 and "line 49" in said[0]


def test_a_broken_file_is_not_offered_and_the_others_are(office, shipped_files, chinese):  # type: ignore[no-untyped-def]
    shipped_files("uk", "[rules.visit_vulnerable]", "[rules.visit_vulnerables]")
    with office.session() as s:
        choices = {c.code: c for c in ruleset_choices(s, "zh_CN")}
        assert choices["cn"].problem == "" and choices["us"].problem == ""
        assert (
            "uk.toml 第 164 行" in choices["uk"].problem
            and "visit_vulnerables" in choices["uk"].problem
        )
        assert "无法选择" in choices["uk"].text("zh_CN")
        with pytest.raises(ValidationError) as refused:
            select_jurisdiction(s, _admin(s), "uk")
        text = refused.value.translated()
        assert "uk.toml" in text and "new version" not in text and "Rule set" not in text
        assert "重新安装" in text
    with office.session() as s:
        assert s.scalar(select(Office.jurisdiction)) == "cn"  # nothing half-applied
        assert select_jurisdiction(s, _admin(s), "us").label == "US 2026.7"


def test_a_stored_version_of_a_broken_file_can_still_be_chosen(office, shipped_files):  # type: ignore[no-untyped-def]
    with office.session() as s:
        select_jurisdiction(s, _admin(s), "uk")
        select_jurisdiction(s, _admin(s), "cn")
    shipped_files("uk", "[rules.visit_vulnerable]", "[rules.visit_vulnerables]")
    with office.session() as s:
        uk = next(c for c in ruleset_choices(s, "en") if c.code == "uk")
        assert uk.problem == "" and uk.name
        assert select_jurisdiction(s, _admin(s), "uk").label == "UK 2026.7"


def test_bad_toml_is_said_in_words_with_its_line_and_column(office, shipped_files, chinese):  # type: ignore[no-untyped-def]
    shipped_files("us", 'version = "', 'version = "\n')
    with office.session() as s, pytest.raises(ValidationError) as refused:
        select_jurisdiction(s, _admin(s), "us")
    text = refused.value.translated()
    assert "us.toml 第 " in text and " 列不是有效的 TOML" in text
    assert not text.split("（")[0].count("Illegal")  # tomllib's English only as the tail
    with pytest.raises(RuleSetError) as caught:
        parse_ruleset("jurisdiction = [1,", "x.toml")
    assert "not a valid TOML file" in caught.value.translated("en")


def test_a_broken_stored_version_is_said_once_in_the_users_language(office, chinese, caplog):  # type: ignore[no-untyped-def]
    with office.session() as s:
        broken = change_parameters(s, _admin(s), "daily_conversation_cap", {"max": 2})
        broken.content = broken.content.replace("max = 2", "max = -3")
    from app.compliance import said, versions

    versions._parsed.clear()
    said.forget_said()
    with office.session() as s:
        warnings: list[str] = []
        assert active_ruleset(s, warnings)[0].label == "CN 2026.7"
        active_ruleset(s, warnings)
        assert len(warnings) == 1
        text = warnings[0]
        assert "CN 2026.7-r2 第" in text and "CN 2026.7" in text and "rules set" in text
        assert "Rule set" not in text and "Using" not in text and "不是大于等于 1 的整数" in text
    with caplog.at_level(logging.WARNING, logger="app.compliance"), office.session() as s:
        active_ruleset(s)  # said already: not again
    assert not [r for r in caplog.records if "2026.7-r2" in r.getMessage()]
    said.forget_said()


def test_a_file_and_the_editor_agree_on_the_least_cap() -> None:
    text = shipped_text("cn").replace("max = 3", "max = 0", 1)
    with pytest.raises(RuleSetError) as caught:
        parse_ruleset(text, "cn.toml")
    assert "at least 1" in caught.value.translated("en")
    with pytest.raises(ValidationError) as refused:
        checked_params("daily_conversation_cap", {}, {"max": 0})
    assert "at least 1" in refused.value.translated("en")
    # A count whose least is 0 stays so in both (the wait after a conversation).
    us = shipped_text("us").replace("days = 7", "days = 0", 1)
    assert parse_ruleset(us, "us.toml").param("after_conversation_wait", "days") == 0
