"""A new office's first steps: the office's own details, the staff, the agents' training, the loan
book — each ticked when done, all gone once the office holds a loan."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.first_steps import FirstStep, first_steps, first_steps_text
from app.i18n import set_language
from app.importer import import_file
from app.models import Course, Role, Setting, User
from app.office import create_office, office_today
from app.office_settings import SettingsChange, office_details, save_settings
from app.training.records import record_training
from tests.core import importer_files as f


@pytest.fixture
def office(db):
    with db.session() as s:
        create_office(s, name="成都武侯营业部", admin_username="admin", admin_password="pw-admin")
    return db


def _done(db) -> dict[str, bool]:
    with db.session() as s:
        return {step.key: step.done for step in first_steps(s)}


def _admin(s):
    return s.scalar(select(User).where(User.username == "admin"))


def test_the_steps_tick_off_and_end_with_the_first_loan(office, tmp_path):
    assert _done(office) == {"office": False, "staff": False, "training": False, "loans": False}
    with office.session() as s:
        add_user(s, _admin(s), "wangzhuguan", Role.SUPERVISOR, "Zhuguan-2026", "王主管")
    assert _done(office)["staff"] is False  # a supervisor alone works no cases
    with office.session() as s:
        agent = add_user(s, _admin(s), "liming", Role.AGENT, "Agent-2026ab", "李明")
    assert _done(office) == {"office": False, "staff": True, "training": False, "loans": False}
    with office.session() as s:
        agent = s.scalar(select(User).where(User.username == "liming"))
        today = office_today(s)
        for course in s.scalars(select(Course).where(Course.active)):
            record_training(s, _admin(s), agent, course, taken_on=today, score=90, today=today)
    assert _done(office) == {"office": False, "staff": True, "training": True, "loans": False}
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(1))
    loans = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(1))
    with office.session(write_lock=True) as s:
        assert import_file(s, _admin(s), "borrowers", borrowers).ok
    assert _done(office)["loans"] is False  # borrowers alone make no queue
    with office.session(write_lock=True) as s:
        assert import_file(s, _admin(s), "loans", loans).ok
    assert _done(office) == {}
    with office.session() as s:
        assert first_steps_text(first_steps(s)) == ""


def test_the_steps_in_chinese_say_who_and_where(office):
    set_language("zh_CN")
    try:
        with office.session() as s:
            text = first_steps_text(first_steps(s))
    finally:
        set_language("en")
    lines = text.splitlines()
    assert lines[0] == "新营业部：完成以下几步后，工作队列中就会出现案件。"
    assert lines[1] == (
        "○ 1. 填写营业部信息（上门日程表和还款协议上会打印；尚缺：地址、电话、上门安全联系人）："
        "“设置…” › “营业部”（主管或管理员），或 casedesk settings set "
        'office.address="…" office.phone="…" office.safety_contact="…"。'
    )
    assert lines[2].startswith("○ 2. 添加人员") and "“用户…”（管理员）" in lines[2]
    assert "“催收员与培训”页面" in lines[3] and "“导入数据…”" in lines[4]


def test_a_lapsed_agent_is_not_trained(office):
    with office.session() as s:
        agent = add_user(s, _admin(s), "liming", Role.AGENT, "Agent-2026ab", "李明")
        today = office_today(s)
        long_ago = today - dt.timedelta(days=800)
        for course in s.scalars(select(Course).where(Course.active)):
            record_training(s, _admin(s), agent, course, taken_on=long_ago, score=90, today=today)
    assert _done(office)["training"] is False


def _office_step(db) -> FirstStep:
    with db.session() as s:
        return first_steps(s)[0]


def _fill(db, **fields: str) -> None:
    """Settings › Office as an admin saves it: through the core's one door, audited."""
    with db.session() as s:
        details = office_details(s)
        for name, value in fields.items():
            setattr(details, name, value)
        save_settings(s, _admin(s), SettingsChange(office=details))


def test_the_office_details_the_papers_print_come_first_naming_what_is_missing(office):
    """Found walking a new lender's first day: neither the wizard nor `casedesk init` asks for the
    address, phone or field-safety contact, and the visit sheet then said "none on file"."""
    step = _office_step(office)
    assert (step.key, step.done) == ("office", False)
    assert step.text == (
        "Fill in the office's details, which the visit sheets and agreements print (missing: the "
        "address, the phone, the safety contact for field visits): Settings… › Office (supervisor "
        'or admin), or casedesk settings set office.address="…" office.phone="…" '
        'office.safety_contact="…".'
    )
    _fill(office, address="成都市武侯区人民南路四段 1 号", phone="   ")  # blank is not filled in
    step = _office_step(office)
    assert not step.done
    assert "(missing: the phone, the safety contact for field visits)" in step.text
    assert step.text.endswith('settings set office.phone="…" office.safety_contact="…".')
    _fill(office, phone="028-8555 0100", safety_contact="王主管 138 0000 0000")
    step = _office_step(office)
    assert step.done and "missing" not in step.text and "office.address" not in step.text
    with office.session() as s:
        assert first_steps_text(first_steps(s)).splitlines()[1].startswith("✓ 1. Fill in")


def test_a_demo_office_s_old_safety_contact_setting_counts_as_on_file(office):
    """The visit sheet prints the setting demo offices built before 2026-12-02 kept it in; the
    step does not ask for what the sheet already prints."""
    _fill(office, address="成都市武侯区人民南路四段 1 号", phone="028-8555 0100")
    with office.session() as s:
        s.add(Setting(key="office.safety_contact", value="王主管 138 0000 0000"))
    assert _office_step(office).done
