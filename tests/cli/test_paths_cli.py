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
    assert err == f"casedesk: Cannot use /proc/{name}: no such file or folder\n"
    code, _, err = cli("--lang", "zh_CN", "export", "audit", f"/proc/{name}", "--db", office)
    assert code == 1 and err == f"casedesk: 无法使用 /proc/{name}：文件或文件夹不存在\n"
