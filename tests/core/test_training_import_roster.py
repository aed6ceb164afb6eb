"""A new office's training roster as its lender keeps it: a course written as the Agents &
training page heads its column (法律合规, not the catalogue's whole 法律合规（含民法典与个人信息
保护）), a day that is not in the calendar, and a course no one can find, each told so that a
supervisor can put the row right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.errors import NotFound
from app.i18n import set_language
from app.models import TrainingRecord, User
from app.office import create_office
from app.training.importer import import_training, preview
from app.training.records import find_course

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="浦东营业部", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "zhuguan", "supervisor", "pw-sup", "李主管")
        add_user(s, admin, "agent01", "agent", "pw-agent", "王芳")
    return db


def _supervisor(s) -> User:
    user = s.scalar(select(User).where(User.username == "zhuguan"))
    assert user is not None
    return user


def _roster(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "培训记录.csv"
    path.write_text("催收员,课程,培训日期,成绩\n" + "".join(f"{r}\n" for r in rows), "utf-8")
    return path


def test_a_course_named_as_the_page_heads_it_is_found(office, tmp_path: Path) -> None:
    path = _roster(
        tmp_path, "agent01,法律合规,2026/11/20,88", "agent01,legal compliance,2026-11-21,80"
    )
    with office.session() as s:
        result = import_training(s, _supervisor(s), path, today=TODAY)
        assert result.errors == [] and result.imported == 2
        codes = sorted(r.course.code for r in s.scalars(select(TrainingRecord)))
    assert codes == ["LAW", "LAW"]  # the Chinese and the English name as the page heads them


def test_a_course_not_found_names_the_codes_to_write(office) -> None:
    with office.sessions() as s:
        with pytest.raises(NotFound) as refused:
            find_course(s, "法律")
        assert refused.value.translated() == (
            "No course 法律: write the course's code (COMM, LAW, NEGO, SAFE) or its name."
        )
        set_language("zh_CN")
        try:
            assert refused.value.translated() == (
                "没有课程 法律：请填写课程代码（COMM、LAW、NEGO、SAFE）或课程名称。"
            )
        finally:
            set_language("en")


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "There is no such date: 2026/2/30."), ("zh_CN", "不存在的日期：2026/2/30。")],
)
def test_a_day_not_in_the_calendar_is_said_so(office, tmp_path: Path, lang, message) -> None:
    """As the loan and payment imports say it, not "Cannot read the date '2026/2/30'."."""
    path = _roster(tmp_path, "agent01,LAW,2026/2/30,88", "agent01,LAW,2026-02-28,88")
    set_language(lang)
    try:
        with office.sessions() as s:
            result = preview(s, _supervisor(s), path, TODAY)
    finally:
        set_language("en")
    assert [(e.line, e.column, e.message) for e in result.errors] == [(2, "date", message)]
