"""QA pass I on a hostile workstation, from the command line: a backup folder gone with its drive
is said, not listed as "no backups yet"; a restore onto a full office disk names the office's
database, not the backup; an export that cannot be written names the file asked for, in a
sentence (never Casedesk's hidden partial file); `db use` replaces a damaged settings file."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD


@pytest.fixture
def admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)


def test_a_backup_folder_gone_with_its_drive_is_said_not_listed_as_empty(
    cli, office, admin, tmp_path: Path
) -> None:
    drive = tmp_path / "USB"
    folder = drive / "casedesk"
    folder.mkdir(parents=True)
    code, _out, err = cli("--db", office, "settings", "set", f"backup.folder={folder}")
    assert code == 0, err
    code, out, _err = cli("--db", office, "db", "backups")
    assert code == 0 and "No backups yet." in out  # there, and empty: said so
    folder.rmdir()
    drive.rmdir()  # the drive taken out
    said = (
        f"casedesk: The backup folder {folder} cannot be reached: the folder {drive} is not "
        "there (is the drive plugged in?). Plug the drive in, or choose another backup folder.\n"
    )
    assert cli("--db", office, "db", "backups") == (1, "", said)
    assert cli("--db", office, "db", "backups", "--json") == (1, "", said)  # no "[]"
    code, out, err = cli("--lang", "zh_CN", "--db", office, "db", "backups")
    assert (code, out) == (1, "") and f"无法访问备份文件夹 {folder}" in err
    assert "尚无备份" not in err


def full_office_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The restore's copy of the backup, written beside the database, meets a full disk: the
    OSError shutil's copy raises then (ENOSPC, naming its source first and its target second)."""
    real = shutil.copyfile

    def copy(source, target, *args, **kwargs):  # type: ignore[no-untyped-def]
        if ".restore-" in Path(target).name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(source), None, str(target))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", copy)


def test_a_restore_onto_a_full_office_disk_names_the_office_not_the_backup(
    cli, office, admin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli("--db", office, "db", "backup")
    assert code == 0, err
    backup = next((tmp_path / "home" / "backups").glob("*.bak"))
    full_office_disk(monkeypatch)
    code, _out, err = cli("--db", office, "db", "restore", backup, "--yes")
    assert code == 1
    assert err == (
        f"casedesk: Cannot write the restored copy beside {office}: the disk is full. Nothing "
        "was changed.\n"
    )
    code, _out, err = cli("--lang", "zh_CN", "--db", office, "db", "restore", backup, "--yes")
    assert code == 1 and err.startswith(f"casedesk: 无法在 {office} 所在的文件夹中写入")
    assert "磁盘已满" in err and str(backup) not in err and ".partial" not in err
    assert not list(office.parent.glob(".*partial*"))
    code, out, _err = cli("--db", office, "audit", "list", "--action", "database.restore")
    assert code == 0 and str(backup) not in out  # not restored


def test_a_copy_that_fails_at_its_target_is_said_of_the_target() -> None:
    from app.errors import failed_path

    full = OSError(errno.ENOSPC, "No space left on device", "/big/o.bak", None, "/tiny/o.db")
    assert failed_path(full) == "/tiny/o.db"
    unreadable = OSError(errno.EIO, "Input/output error", "/big/o.bak", None, "/tiny/o.db")
    assert failed_path(unreadable) == "/big/o.bak"  # reading the source failed
    assert failed_path(OSError(errno.ENOSPC, "No space left on device")) is None


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_an_export_that_cannot_be_written_names_the_file_asked_for_in_a_sentence(
    cli, office, admin, tmp_path: Path, suffix: str
) -> None:
    """QA: "无法使用 RO/.队列.xlsx.20201.partial：磁盘为只读", the hidden partial file and
    no closing 。. Its removal failing too (a read-only disk refuses even that) hid the first
    error; here a name that fits, whose partial's name does not, fails both alike (root can
    write anywhere, so no read-only folder refuses it)."""
    folder = tmp_path / "导出"
    folder.mkdir()
    target = folder / ("队" * 80 + f".{suffix}")  # 240 bytes: its ".….1234.partial" is too long
    code, out, err = cli("--db", office, "export", "queue", target)
    assert (code, out) == (1, "")
    assert err.startswith(f"casedesk: Cannot write {target}: ") and err.endswith(".\n")
    assert ".partial" not in err
    code, _out, err = cli("--lang", "zh_CN", "--db", office, "export", "audit", target)
    assert code == 1 and err.startswith(f"casedesk: 无法写入 {target}：") and err.endswith("。\n")
    assert list(folder.iterdir()) == []


def test_db_use_replaces_a_damaged_settings_file_keeping_a_copy(
    cli, office, admin, tmp_path: Path
) -> None:
    from app.paths import default_db_path
    from app.workstation import config_path, database_target

    config_path().parent.mkdir(parents=True)
    config_path().write_bytes(b"")  # emptied by a crash while it was written
    code, out, err = cli("db", "use")
    assert (code, out) == (1, "")
    assert f"settings file {config_path()} is empty or damaged" in err
    assert "casedesk db use PATH" in err and "Expecting value" not in err
    code, _out, err = cli("--lang", "zh_CN", "db", "use")
    assert code == 1 and f"本工作站的设置文件 {config_path()} 为空或已损坏" in err
    code, out, err = cli("db", "use", "--default")
    assert (code, err) == (0, "")
    copy = config_path().with_name("workstation.json.broken")
    assert f"The settings file {config_path()} was damaged" in out and str(copy) in out
    assert f"will open {default_db_path()}." in out
    assert copy.read_bytes() == b"" and database_target() == default_db_path()

    config_path().write_text('{"database": "/somew', "utf-8")  # half written
    code, out, err = cli("db", "use", office, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["damaged_kept_as"] == str(copy)
    assert copy.read_text("utf-8") == '{"database": "/somew' and database_target() == office
    code, out, _err = cli("db", "use", "--json")  # read well now: nothing replaced
    assert json.loads(out)["damaged_kept_as"] is None
