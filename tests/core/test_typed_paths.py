"""Paths typed or pasted into Settings (this workstation's database, the backup folder) as
Windows' "Copy as path" gives them — in quotes — with spaces and Chinese (QA s22): the quotes
were kept, and the file or folder "was not there"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.backups import check_folder
from app.workstation import saved_target, set_database_target


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "Users" / "张伟" / "Documents" / "催收 资料"
    made.mkdir(parents=True)
    return made


def test_the_workstation_database_pasted_in_quotes(template_db, folder) -> None:
    office = Path(shutil.copyfile(template_db, folder / "东城 网点.db"))
    assert set_database_target(f' "{office}" ') == office
    assert saved_target() == office
    assert set_database_target(f"'{office}'") == office


def test_the_backup_folder_pasted_in_quotes(folder) -> None:
    assert check_folder(f'"{folder}"') == folder
    assert check_folder(f'"{folder / "2026年 11月"}"') == folder / "2026年 11月"  # made later
    assert check_folder('""') is None  # nothing but the quotes: the default folder
