"""The office in folders named as a Windows or macOS user names them — spaces, Chinese, a long
path — and destinations the user types (QA s22)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD


@pytest.fixture
def admin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)


def test_a_backup_folder_typed_with_a_final_separator_is_made_as_a_folder(  # type: ignore[no-untyped-def]
    cli, office, admin, tmp_path
) -> None:
    """QA: `db backup "D:/备份 文件夹/"` naming a folder not there yet wrote a FILE called
    "备份 文件夹" (the final separator was dropped); now the folder is made (its last level only,
    as a chosen backup folder is) and the backup written inside it."""
    folder = tmp_path / "催收 资料" / "备份 文件夹"
    folder.parent.mkdir()
    code, out, err = cli("db", "backup", f"{folder}{os.sep}", "--db", office, "--json")
    assert code == 0, err
    made = Path(json.loads(out)["path"])
    assert folder.is_dir() and made.parent == folder and made.suffix == ".bak"
    code, out, err = cli("db", "backup", f"{folder}{os.sep}", "--db", office, "--json")
    assert code == 0, err
    assert Path(json.loads(out)["path"]).parent == folder  # an existing one, as before

    unplugged = tmp_path / "U盘" / "备份" / ""
    code, _, err = cli("db", "backup", f"{unplugged}{os.sep}", "--db", office)
    assert code == 1 and "is not there" in err
    assert not (tmp_path / "U盘").exists()  # nothing made on this disk in its stead


def test_a_backup_file_name_is_still_a_file(cli, office, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "催收 资料" / "十一月 备份.bak"
    target.parent.mkdir()
    code, out, err = cli("db", "backup", target, "--db", office, "--json")
    assert code == 0, err
    assert Path(json.loads(out)["path"]) == target and target.is_file()


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="Linux: nobody makes files in /proc")
@pytest.mark.parametrize("name", ["导出 案件.xlsx", "导出 案件.csv"])
def test_an_export_to_a_folder_that_cannot_be_written_names_the_file(  # type: ignore[no-untyped-def]
    cli, office, admin, name
) -> None:
    """QA: the error named Casedesk's hidden ".导出 案件.xlsx.1234.partial", not the file the user
    asked for (and openpyxl then printed its own traceback-like noise)."""
    code, out, err = cli("export", "cases", f"/proc/{name}", "--db", office)
    assert (code, out) == (1, "")
    assert err == f"casedesk: Cannot write /proc/{name}: no such file or folder.\n"
    code, _, err = cli("--lang", "zh_CN", "export", "audit", f"/proc/{name}", "--db", office)
    assert code == 1 and err == f"casedesk: 无法写入 /proc/{name}：文件或文件夹不存在。\n"


@pytest.mark.parametrize(
    ("stem", "said"),
    [
        ("con", "is a device's name on Windows"),
        ("NUL", "is a device's name on Windows"),
        ("Com1.十一月", "is a device's name on Windows"),
        ("a:b", "has a character Windows does not allow"),
        ('报告"十一月"', "has a character Windows does not allow"),
        ("报告?", "has a character Windows does not allow"),
    ],
)
def test_a_name_windows_cannot_hold_is_refused_before_anything_is_written(  # type: ignore[no-untyped-def]
    cli, office, admin, tmp_path, stem, said
) -> None:
    """Decided in QA s22: the office's files travel between its Windows and macOS computers, so a
    name Windows cannot hold (a device name, a final dot or space, < > : " / \\ | ? *) is
    refused for every file Casedesk writes, on every system, in one line naming it."""
    for command, name in (
        (("report", "training", "-o", tmp_path / f"{stem}.pdf", "--db", office), f"{stem}.pdf"),
        (("export", "cases", tmp_path / f"{stem}.xlsx", "--db", office), f"{stem}.xlsx"),
        (("db", "backup", tmp_path / f"{stem}.bak", "--db", office), f"{stem}.bak"),
        (("init", "--db", tmp_path / f"{stem}.db"), f"{stem}.db"),
    ):
        code, _, err = cli(*command)
        assert code == 1 and said in err and name in err, (command, err)
        assert not (tmp_path / name).exists()


@pytest.mark.parametrize("name", ["十一月 备份.", "十一月 备份.bak "])
def test_a_name_with_a_final_dot_or_space_is_refused(cli, office, admin, tmp_path, name) -> None:  # type: ignore[no-untyped-def]
    for command in (
        ("db", "backup", tmp_path / name, "--db", office),
        ("init", "--db", tmp_path / name),
    ):
        code, _, err = cli(*command)
        assert code == 1 and "ends with a dot or a space" in err, (command, err)
        assert not (tmp_path / name).exists()


def test_names_that_only_look_like_devices_are_fine(cli, office, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name in ("console.pdf", "con-2026.pdf", "LPT10.pdf", "催收 报告 v1.2.pdf"):
        code, _, err = cli("report", "training", "-o", tmp_path / name, "--db", office)
        assert code == 0, err
        assert (tmp_path / name).is_file()
