"""QA pass I, finding 1: an empty or half-written workstation.json stopped the window and `db use`
with Python's English JSON error. It is said in words, with what to do; a new choice replaces it,
the damaged file kept beside it as workstation.json.broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ValidationError
from app.paths import default_db_path
from app.workstation import (
    SettingsDamaged,
    broken_copy,
    config_path,
    database_target,
    saved_target,
    set_database_target,
    settings_damaged,
)


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def damage(content: bytes) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_bytes(content)


@pytest.mark.parametrize("content", [b"", b'{"database": "/off', b"[]", b"\xff\xfe{"])
def test_a_damaged_file_is_said_in_words_naming_it_and_what_to_do(content: bytes) -> None:
    damage(content)
    assert settings_damaged()
    with pytest.raises(SettingsDamaged) as caught:
        database_target()
    said = caught.value.translated("en")
    assert str(config_path()) in said and "empty or damaged" in said
    assert "casedesk db use PATH" in said and "workstation.json.broken" in said
    assert "Expecting" not in said and "char 0" not in said
    zh = caught.value.translated("zh_CN")
    assert zh.startswith(f"本工作站的设置文件 {config_path()} 为空或已损坏")
    assert "casedesk db use" in zh and "Choose" not in zh


def test_a_new_choice_replaces_a_damaged_file_and_keeps_it(tmp_path: Path) -> None:
    damage(b'{"database": "/off')
    office = tmp_path / "office.db"
    office.write_bytes(b"x")
    assert set_database_target(office) == office
    assert broken_copy() == config_path().with_name("workstation.json.broken")
    assert broken_copy().read_bytes() == b'{"database": "/off'
    assert saved_target() == office and not settings_damaged()
    damage(b"")
    assert set_database_target(None) == default_db_path()
    assert broken_copy().read_bytes() == b"" and database_target() == default_db_path()


def test_a_refused_choice_leaves_the_damaged_file_as_it_was(tmp_path: Path) -> None:
    damage(b"")
    with pytest.raises(ValidationError, match="No database at"):
        set_database_target(tmp_path / "nowhere.db")
    assert config_path().read_bytes() == b"" and not broken_copy().exists()


def test_a_file_that_reads_is_not_damaged() -> None:
    assert not settings_damaged()  # none at all
    set_database_target(None)
    assert not settings_damaged() and not broken_copy().exists()
