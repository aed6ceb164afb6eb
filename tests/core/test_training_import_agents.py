"""A training roster names its trainees as the office knows them (QA qa11, finding 3): by the
name the user list shows (姜志强, agent01's), or by user name in capitals (AGENT03). A name no
one has, one two people share, or an admin's, is told with what to write instead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.errors import CasedeskError
from app.i18n import set_language
from app.models import TrainingRecord, User
from app.office import create_office
from app.training.importer import import_training, preview
from app.training.records import find_agent

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(s, name="营业部", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "zhuguan", "supervisor", "pw-sup", "李主管")
        add_user(s, admin, "agent01", "agent", "pw-agent", "姜志强")
        add_user(s, admin, "agent02", "agent", "pw-agent", "王芳")
        add_user(s, admin, "agent03", "agent", "pw-agent", "王芳")
    return db


def _supervisor(s) -> User:
    return s.scalar(select(User).where(User.username == "zhuguan"))


def _roster(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "培训记录.csv"
    path.write_text("催收员,课程,培训日期,成绩\n" + "".join(f"{r}\n" for r in rows), "utf-8")
    return path


@pytest.mark.parametrize(
    ("typed", "username"),
    [
        ("agent01", "agent01"),
        ("AGENT01", "agent01"),
        ("ＡＧＥＮＴ０１", "agent01"),
        (" 姜志强 ", "agent01"),
        ("李主管", "zhuguan"),
        ("ZhuGuan", "zhuguan"),
    ],
)
def test_a_trainee_is_found_by_user_name_in_any_case_or_by_name(office, typed, username):
    with office.session() as s:
        assert find_agent(s, typed).username == username


@pytest.mark.parametrize(
    ("typed", "en", "zh"),
    [
        (
            "nobody",
            "No agent or supervisor has the user name or the name nobody: write their user "
            "name (as the user list shows it).",
            "没有用户名或姓名为 nobody 的催收员或主管：请填写其用户名（以用户列表中显示的为准）。",
        ),
        (
            "王芳",
            "More than one agent or supervisor is named 王芳: write the user name (agent02, "
            "agent03).",
            "有不止一名催收员或主管名为 王芳：请填写用户名（agent02、agent03）。",
        ),
        (
            "ADMIN",
            "admin is not an agent or a supervisor: training is recorded for them only.",
            "admin 不是催收员或主管：培训记录仅为催收员和主管记录。",
        ),
    ],
)
def test_a_trainee_not_found_is_told_what_to_write(office, typed, en, zh):
    with office.session() as s, pytest.raises(CasedeskError) as refused:
        find_agent(s, typed)
    assert refused.value.translated() == en
    set_language("zh_CN")
    try:
        assert refused.value.translated() == zh
    finally:
        set_language("en")


def test_a_roster_by_names_and_capitals_imports(office, tmp_path):
    path = _roster(tmp_path, "姜志强,LAW,2026-11-03,88", "AGENT03,SAFE,2026-11-05,75")
    with office.session() as s:
        assert preview(s, _supervisor(s), path, today=TODAY).errors == []
        result = import_training(s, _supervisor(s), path, today=TODAY)
        assert result.errors == [] and result.imported == 2
        got = sorted(
            (s.get(User, r.agent_id).username, r.course.code)
            for r in s.scalars(select(TrainingRecord))
        )
    assert got == [("agent01", "LAW"), ("agent03", "SAFE")]


def test_a_repeated_row_is_counted_alike_by_every_training_import(office, tmp_path):
    """QA qa11, finding 7: `import training --dry-run` left a repeated row out ("10 rows checked:
    9 new, 0 already imported"), and after the import `training import --dry-run` counted it as
    already imported (10) where `import training` said 9."""
    from app.importer import import_file
    from app.training.importer import as_report, imported_text

    path = _roster(
        tmp_path,
        "agent01,LAW,2026-11-03,88",
        "agent02,LAW,2026-11-03,90",
        "agent01,LAW,2026-11-03,88",
    )
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        checked = import_file(s, admin, "training", path, dry_run=True, today=TODAY)
        own = as_report(preview(s, _supervisor(s), path, today=TODAY), dry_run=True)
    assert (
        checked.summary()
        == own.summary()
        == (
            "3 rows checked: 2 new, 0 already imported; nothing was saved (dry run). 1 row repeats "
            "an earlier row of the file and will be skipped."
        )
    )
    with office.session() as s:
        done = imported_text(import_training(s, _supervisor(s), path, today=TODAY))
    assert done == (
        "Imported 2 new training records; 0 training records already in Casedesk were skipped; "
        "1 row repeating an earlier row of the file was skipped."
    )
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        again = import_file(s, admin, "training", path, today=TODAY)
        own_again = imported_text(import_training(s, _supervisor(s), path, today=TODAY))
        checked = as_report(preview(s, _supervisor(s), path, today=TODAY), dry_run=True)
    assert (
        again.summary()
        == own_again
        == (
            "Imported 0 new training records; 2 training records already in Casedesk were skipped; "
            "1 row repeating an earlier row of the file was skipped."
        )
    )
    assert checked.summary().startswith("3 rows checked: 0 new, 2 already imported;")
    set_language("zh_CN")
    try:
        assert checked.summary() == (
            "已检查 3 行：新增 0 行，2 行已导入过；未保存任何内容（试运行）。1 行与文件中前面的行"
            "重复，将被跳过。"
        )
    finally:
        set_language("en")
