"""QA words: "Unknown time zone Etc/GMT+8" refused a zone that exists without saying what to type
instead; "Choose one of: daily, off" joined the choices with an English comma in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.backups import configure
from app.errors import ValidationError
from app.i18n import set_language
from app.models import User
from app.office import check_zone
from app.office_settings import (
    FieldError,
    OfficeDetails,
    SettingsChange,
    check_setting,
    office_details,
    save_settings,
)

ROOT = Path(__file__).resolve().parents[2]


def _refused(zone: str) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        check_zone(zone)
    return refused.value


@pytest.fixture
def chinese():
    set_language("zh_CN")
    yield
    set_language(None)


def test_a_zone_that_exists_but_is_refused_says_what_to_type() -> None:
    assert str(_refused("Etc/GMT+8")) == (
        "Etc/GMT+8 is not the time zone of a place: type the office's Area/City zone, such as "
        "Asia/Shanghai, or UTC."
    )
    assert str(_refused("PRC")) == (
        "PRC is another name for the time zone Asia/Shanghai: type Asia/Shanghai."
    )
    assert str(_refused("US/Pacific")).endswith("type America/Los_Angeles.")
    assert str(_refused("Mars/Olympus")) == (
        "Unknown time zone Mars/Olympus: type the office's Area/City zone, such as "
        "Asia/Shanghai, or UTC."
    )


def test_the_zone_words_in_chinese_and_under_the_field(demo_db, chinese) -> None:
    assert "例如 Asia/Shanghai" in _refused("Etc/GMT+8").translated()
    assert _refused("Hongkong").translated() == (
        "Hongkong 是时区 Asia/Hong_Kong 的另一个名称：请输入 Asia/Hong_Kong。"
    )
    with demo_db.sessions() as s:
        details = office_details(s)
    moved = OfficeDetails(
        details.name, details.address, details.safety_contact, "Etc/GMT+8", details.phone
    )
    with pytest.raises(FieldError) as refused:
        with demo_db.session(write_lock=True) as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            save_settings(s, admin, SettingsChange(office=moved))
    assert refused.value.field == "timezone"
    assert "Asia/Shanghai" in refused.value.translated()


def test_choices_are_listed_in_the_readers_language(demo_db, chinese) -> None:
    with pytest.raises(FieldError) as refused:
        check_setting("backup.schedule", "weekly")
    assert refused.value.translated().endswith("daily、off。")
    assert str(refused.value) == "Choose one of: daily, off."
    with pytest.raises(ValidationError) as refused:
        with demo_db.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            configure(s, admin, schedule="hourly")
    assert "daily、off" in refused.value.translated()


def test_no_choices_are_joined_with_an_english_comma() -> None:
    """A list as a placeholder's value is listed in the reader's language by `tr`."""
    joined = re.compile(r'\b(choices|flags|rules|codes)=", "\.join\(')
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("app", "ui", "reports")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if joined.search(line)
    ]
    assert found == []
