"""`casedesk assign` refusing an agent names each gap apart: the courses phone work needs, then
what a field-stage case needs besides, in English and Chinese (QA: a field-stage case refused for
phone work named only the phone courses; the field course came up on the next try)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import settings
from app.auth import add_user
from app.cli.main import main
from app.models import Case, CaseStatus, Role, User
from tests.conftest import TEST_KEY

WORDS = {
    "en": (
        "新人 cannot do phone work: required training lapsed or missing (Communication, "
        "Negotiation, Legal compliance (Civil Code, personal information protection)). "
        "Field work also needs: Field safety."
    ),
    "zh_CN": (
        "新人 不能从事电话催收：必修培训已过期或缺失（沟通技巧、谈判技巧、法律合规（含民法典与"
        "个人信息保护））。上门工作还需：外勤安全。"
    ),
}
PHONE_ONLY = {
    "en": "新人 cannot do phone work: required training lapsed or missing (",
    "zh_CN": "新人 不能从事电话催收：必修培训已过期或缺失（",
}


def _cases(demo_path) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A new agent never trained; an open field-stage case and an open phone-stage one."""
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            add_user(s, admin, "newbie", Role.AGENT, "pw-newbie-1", "新人")
            field_min = int(settings.get(s, "queue.field_stage_min_dpd"))
            open_cases = select(Case.case_no).where(Case.status != CaseStatus.CLOSED)
            field = s.scalar(open_cases.where(Case.dpd >= field_min).order_by(Case.id))
            phone = s.scalar(open_cases.where(Case.dpd > 0, Case.dpd < field_min).order_by(Case.id))
    finally:
        database.close()
    assert field and phone
    return field, phone


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_assign_names_the_phone_and_the_field_gap_apart(capsys, monkeypatch, demo_path, lang):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    field, phone = _cases(demo_path)
    base = ["--lang", lang, "assign", "--agent", "newbie", "--db", str(demo_path)]
    capsys.readouterr()
    assert main([*base, field]) == 1
    assert capsys.readouterr().err.strip() == "casedesk: " + WORDS[lang]
    assert main([*base, phone]) == 1  # phone work alone: the field course is not asked for
    said = capsys.readouterr().err.strip()
    assert said.startswith("casedesk: " + PHONE_ONLY[lang])
    assert "Field" not in said and "上门" not in said


def test_assign_by_rule_names_who_it_left_out_for_training(capsys, monkeypatch, demo_path):
    """A never-trained agent gets none of the rule run's cases, and the run says so (found by QA
    on a supervisor's month-end: the window and the CLI said only how many were assigned)."""
    from app.cases.assignment import unassign_cases
    from db.store import open_database

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    field, phone = _cases(demo_path)
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            supervisor = s.scalar(select(User).where(User.username == "supervisor"))
            unassign_cases(s, supervisor, [field, phone])
    finally:
        database.close()
    capsys.readouterr()
    assert main(["assign", "--rule", "round-robin", "--db", str(demo_path)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Assigned ")  # the two handed back and the office's unassigned
    assert "Left out for their training: " in said
    assert "姜志强 (agent01) — training lapsed" in said  # the demo's lapsed negotiation course
    assert "新人 (newbie) — training missing" in said
