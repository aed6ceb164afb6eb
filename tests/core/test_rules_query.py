"""The Rules page's query on the demo office: the CN rule set in force with parameters as text and
citations, descriptions in the language asked for, and its versions newest first."""

from __future__ import annotations

from sqlalchemy import select

from app.compliance.ruleset import PARAMS, change_parameters, select_jurisdiction
from app.models import User
from app.queries.rules import rules_view


def _admin(session) -> User:
    user = session.scalar(select(User).where(User.username == "admin"))
    assert user is not None
    return user


def test_the_cn_rules_in_force_with_parameters_and_citations(demo_db) -> None:
    with demo_db.session() as session:
        view = rules_view(session, "en")
        zh = rules_view(session, "zh_CN")
    assert (view.jurisdiction, view.label) == ("cn", "CN 2026.7")
    assert view.name.startswith("China") and zh.name.startswith("中国")
    first = view.versions[-1]  # stored with the office: in force from its day then (QA s47 M #7)
    assert view.effective_on == first.created_at.date()  # created_at is on the office's clock
    rules = {r.id: r for r in view.rules}
    assert set(rules) <= set(PARAMS) and "quiet_hours" in rules
    quiet = rules["quiet_hours"]
    assert quiet.params.startswith("start=22:00, end=08:00, ")
    assert "channels=call,sms,letter,visit" in quiet.params
    assert quiet.severity == "blocked" and quiet.enabled
    assert "Civil Code" in quiet.citation
    assert all(r.citation and r.description for r in view.rules)
    assert {r.id: r.description for r in zh.rules}["quiet_hours"].startswith("借款人当地时间")
    assert all(r.params == "" for r in view.rules if not PARAMS[r.id])
    in_force = [v for v in view.versions if v.in_force]
    assert [v.label for v in in_force] == ["CN 2026.7"] and in_force[0].id == view.version_id


def test_a_change_is_the_newest_version_in_force(demo_db) -> None:
    with demo_db.session() as session:
        before = len(rules_view(session).versions)
        admin = _admin(session)
        change_parameters(session, admin, "quiet_hours", {"end": "07:30", "enabled": True})
        view = rules_view(session, "en")
    assert view.label == "CN 2026.7-r2"
    assert len(view.versions) == before + 1
    newest = view.versions[0]
    assert (newest.version, newest.in_force, newest.active) == ("2026.7-r2", True, True)
    assert newest.created_by == admin.display_name and newest.created_at.tzinfo is not None
    assert not any(v.in_force for v in view.versions[1:])
    quiet = next(r for r in view.rules if r.id == "quiet_hours")
    assert "end=07:30" in quiet.params


def test_versions_follow_the_jurisdiction(demo_db) -> None:
    with demo_db.session() as session:
        select_jurisdiction(session, _admin(session), "us")
        view = rules_view(session, "en")
    assert view.jurisdiction == "us" and view.label.startswith("US ")
    assert [v.label[:3] for v in view.versions] == ["US "] * len(view.versions)
    assert view.versions[0].in_force


def test_every_parameter_reads_in_words_in_both_languages() -> None:
    from app.i18n import tr
    from app.queries.rules import PARAM_NAMES, SCRIPT_WORDS

    used = {name for specs in PARAMS.values() for name in specs}
    assert used == set(PARAM_NAMES)
    for words in [*PARAM_NAMES.values(), *SCRIPT_WORDS.values()]:
        assert tr(words, "zh_CN") != words, words
