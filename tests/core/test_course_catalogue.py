"""The course catalogue refuses what would make a course hard to name: a code with spaces or
other signs, a name another course already has (a course is found by code or either name)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.errors import ValidationError
from app.models import Course, User
from app.office import create_office
from app.training.records import add_course, find_course, update_course


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
    return db


def _add(s, **given):
    fields = {
        "code": "FIRE",
        "name_zh": "消防安全",
        "name_en": "Fire safety",
        "validity_months": 12,
        "pass_mark": 60,
        "required_for": "none",
    } | given
    return add_course(s, s.scalar(select(User).where(User.username == "supervisor")), **fields)


@pytest.mark.parametrize("code", ["FI RE", "FIRE!", "火灾", "-FIRE", "X" * 31])
def test_a_code_is_letters_digits_dash_and_underscore(office, code) -> None:
    with office.session() as s, pytest.raises(ValidationError, match="no spaces"):
        _add(s, code=code)


def test_no_two_courses_share_a_name(office) -> None:
    with office.session() as s:
        first = _add(s, code="fire_1")
        assert first.code == "FIRE_1"
        for name_zh, name_en in (("消防安全", "Fire drill"), ("消防演练", "Fire safety")):
            with pytest.raises(ValidationError, match="already has the name"):
                _add(s, code="FIRE2", name_zh=name_zh, name_en=name_en)
        with pytest.raises(ValidationError, match="at most 100 characters"):
            _add(s, code="FIRE3", name_zh="长名", name_en="F" * 101)
        second = _add(s, code="FIRE-2", name_zh="消防演练", name_en="Fire drill")
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        with pytest.raises(ValidationError, match="already has the name"):
            update_course(s, supervisor, second.code, name_en="Fire safety")
        update_course(s, supervisor, first.code, name_en="Fire safety", pass_mark=70)  # its own
        assert find_course(s, "Fire drill").id == second.id
        assert s.scalar(select(Course.code).where(Course.name_en == "Fire drill")) == "FIRE-2"


def test_a_name_differing_in_capitals_alone_is_the_same_name(office) -> None:
    """ "fire safety" beside "Fire safety" was saved as a second course (QA, session 21)."""
    with office.session() as s:
        first = _add(s)
        with pytest.raises(ValidationError, match="FIRE already has the name fire SAFETY"):
            _add(s, code="FIRE2", name_zh="消防演练", name_en="fire SAFETY")
        second = _add(s, code="FIRE2", name_zh="消防演练", name_en="Fire drill")
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        with pytest.raises(ValidationError, match="already has the name"):
            update_course(s, supervisor, second.code, name_en="FIRE SAFETY")
        update_course(s, supervisor, first.code, name_en="Fire Safety")  # its own, recapitalised
        assert s.scalar(select(Course.name_en).where(Course.code == "FIRE")) == "Fire Safety"
        assert s.scalar(select(Course.name_en).where(Course.code == "FIRE2")) == "Fire drill"
