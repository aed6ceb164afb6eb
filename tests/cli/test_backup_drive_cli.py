"""`casedesk settings set backup.folder=…` and `casedesk db backup` with a drive that is not plugged
in: refused in one line naming the missing folder, in Chinese too; nothing is made or saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD


@pytest.fixture
def admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)


def test_a_folder_on_a_missing_drive_is_refused(cli, office, admin, tmp_path: Path) -> None:
    drive = tmp_path / "Volumes" / "USB-BACKUP"
    drive.parent.mkdir()
    folder = drive / "casedesk"
    code, _out, err = cli("--db", office, "settings", "set", f"backup.folder={folder}")
    assert code == 1
    assert err == (
        f"casedesk: The folder {drive} is not there (is the drive plugged in?). Choose a backup "
        "folder that is there, or one to be made inside a folder that is.\n"
    )
    code, _out, err = cli(
        "--lang", "zh_CN", "--db", office, "settings", "set", f"backup.folder={folder}"
    )
    assert code == 1 and f"文件夹 {drive} 不存在（驱动器是否已插好？）" in err
    code, out, err = cli("--db", office, "db", "backup")  # the default folder: still made
    assert code == 0 and str(tmp_path / "home" / "backups") in out
    assert list(drive.parent.iterdir()) == []

    drive.mkdir()  # plugged in: the last level is made by the first backup
    code, _out, err = cli("--db", office, "settings", "set", f"backup.folder={folder}")
    assert code == 0, err
    code, out, err = cli("--db", office, "db", "backup")
    assert code == 0 and str(folder) in out
    for made in folder.iterdir():
        made.unlink()
    folder.rmdir()
    drive.rmdir()  # taken out again
    code, out, err = cli("--db", office, "db", "backup")
    assert code == 1 and out == ""
    assert f"the folder {drive} is not there (is the drive plugged in?)" in err
    assert err.rstrip().endswith("Nothing was written.")
    assert list(drive.parent.iterdir()) == []
