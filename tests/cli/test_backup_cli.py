"""`casedesk db backup|backups|verify|restore` and `casedesk export` on a real office file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD, run_casedesk
from tests.conftest import TEST_KEY


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _as(monkeypatch: pytest.MonkeyPatch, user: str, password: str) -> None:
    monkeypatch.setenv("CASEDESK_USER", user)
    monkeypatch.setenv("CASEDESK_PASSWORD", password)


def test_backup_list_verify_and_restore(cli, office: Path, home: Path, monkeypatch) -> None:
    _as(monkeypatch, "admin", ADMIN_PASSWORD)
    code, out, err = cli("db", "backup", "--db", office, "--json")
    assert code == 0, err
    made = json.loads(out)
    backup = Path(made["path"])
    assert backup.parent == home / "backups" and backup.exists()
    assert made["counts"]["user"] == 2 and made["warnings"]  # same disk as the database
    assert "same disk" in err

    code, out, _ = cli("db", "backups", "--db", office)
    assert code == 0 and backup.name in out and "Users 2" in out

    code, out, _ = cli("db", "verify", "--db", office)
    assert code == 0 and "Integrity check: ok." in out and "Audit trail intact" in out

    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Tide-42-lantern")
    code, out, err = cli("user", "add", "carol", "--role", "agent", "--db", office)
    assert code == 0, err

    # no terminal and no --yes: shows the backup, refuses, changes nothing
    code, out, err = cli("db", "restore", backup, "--db", office)
    assert code == 1 and "Holds:" in out and "Users 2" in out and "--yes" in err
    code, out, err = cli("user", "list", "--db", office, "--json")
    assert "carol" in out

    code, out, err = cli("db", "restore", backup, "--db", office, "--yes")
    assert code == 0, err
    assert "Restored" in out and "before-restore" in out
    code, out, _ = cli("user", "list", "--db", office, "--json")
    assert "carol" not in out  # back to the backup's accounts
    code, out, _ = cli("db", "backups", "--db", office, "--json")
    kinds = [b["kind"] for b in json.loads(out)]
    assert kinds == ["before-restore", "manual"]


def test_the_list_of_backups_is_an_admins_as_the_backups_themselves(  # type: ignore[no-untyped-def]
    cli, office: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`db backups` names the office's backup folder and what each backup holds: like `db backup`
    and `db restore` (and the window's Backups dialog), it is an admin's, after a login."""
    _as(monkeypatch, "admin", ADMIN_PASSWORD)
    assert cli("db", "backup", "--db", office)[0] == 0
    monkeypatch.delenv("CASEDESK_USER")
    code, out, err = cli("db", "backups", "--db", office)
    assert (code, out) == (1, "") and "Say who you are" in err
    _as(monkeypatch, "bob", AGENT_PASSWORD)
    for json_flag in ([], ["--json"]):
        code, out, err = cli("db", "backups", "--db", office, *json_flag)
        assert (code, out) == (1, "")
        assert err == "casedesk: bob (Agent) may not manage backups; ask an admin.\n"
    code, out, err = cli("db", "backups", "--db", office, "--user", "admin")
    assert code == 1 and "Wrong user name or password" in err  # bob's password, not admin's
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("db", "backups", "--db", office, "--user", "admin")
    assert code == 0 and str(home / "backups") in out and "Users 2" in out, err


def test_a_restore_and_backups_by_hand_keep_each_other(cli, office, home, monkeypatch) -> None:
    """After a restore, the next backup rotates out neither the copy made before the restore nor
    the day's earlier backups (the day's backups all stay until the day is over)."""
    _as(monkeypatch, "admin", ADMIN_PASSWORD)
    assert cli("db", "backup", "--db", office)[0] == 0
    assert cli("db", "backup", "--db", office)[0] == 0
    first = sorted((home / "backups").glob("*.bak"))[0]
    code, _, err = cli("db", "restore", first, "--db", office, "--yes")
    assert code == 0, err
    code, out, err = cli("db", "backup", "--db", office)
    assert code == 0, err
    assert "Rotated out" not in out
    code, out, _ = cli("db", "backups", "--db", office, "--json")
    kinds = [b["kind"] for b in json.loads(out)]
    assert kinds == ["manual", "before-restore", "manual", "manual"]


def test_a_destination_that_cannot_be_written(cli, office, home, monkeypatch, tmp_path) -> None:
    _as(monkeypatch, "admin", ADMIN_PASSWORD)
    in_a_file = tmp_path / "notes.txt" / "office.bak"
    in_a_file.parent.write_text("a file")
    code, out, err = cli("db", "backup", in_a_file, "--db", office)
    assert (code, out) == (1, "")
    assert err == (
        f"casedesk: Cannot write the backup to {in_a_file}: there is no folder "
        f"{in_a_file.parent}.\n"
    )
    code, _, err = cli("--lang", "zh_CN", "db", "backup", in_a_file, "--db", office)
    assert code == 1 and err.startswith(f"casedesk: 无法将备份写入 {in_a_file}：")
    if Path("/proc/self").exists():  # Linux: nobody, not even root, makes files in /proc
        done = run_casedesk(
            "--lang",
            "zh_CN",
            "db",
            "backup",
            "/proc/casedesk-test.bak",
            "--db",
            office,
            CASEDESK_USER="admin",
            CASEDESK_PASSWORD=ADMIN_PASSWORD,
            CASEDESK_HOME=str(home),
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr == (
            "casedesk: 无法将备份写入 /proc/casedesk-test.bak：文件或文件夹不存在。\n"
        )
    assert not (home / "backups").exists()


def test_writing_actions_are_admin_only(cli, office: Path, home: Path, monkeypatch) -> None:
    _as(monkeypatch, "bob", AGENT_PASSWORD)
    code, _, err = cli("db", "backup", "--db", office)
    assert code == 1 and "may not manage backups" in err
    code, _, err = cli("db", "verify", "--db", office)
    assert code == 1 and "may not read the audit trail" in err
    _as(monkeypatch, "admin", ADMIN_PASSWORD)
    assert cli("db", "backup", "--db", office)[0] == 0
    backup = next((home / "backups").glob("*.bak"))
    _as(monkeypatch, "bob", AGENT_PASSWORD)
    code, out, err = cli("db", "restore", backup, "--db", office, "--yes")
    assert code == 1 and "may not manage backups" in err
    assert out == ""  # QA: the backup's date and counts were shown before anyone was asked
    assert len(list((home / "backups").glob("*.bak"))) == 1
    _as(monkeypatch, "nobody", "wrong")
    code, out, err = cli("db", "restore", backup, "--db", office, "--yes")
    assert (code, out) == (1, "") and "Wrong user name or password" in err


def test_restore_refuses_a_file_that_is_not_a_backup(cli, office: Path, home, monkeypatch) -> None:
    _as(monkeypatch, "admin", ADMIN_PASSWORD)
    plain = office.parent / "notes.bak"
    plain.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    code, _, err = cli("db", "restore", plain, "--db", office, "--yes")
    assert code == 1 and "not encrypted" in err
    code, _, err = cli("db", "restore", office.parent / "nope.bak", "--db", office, "--yes")
    assert code == 1 and "No backup" in err


def test_verify_names_a_broken_audit_chain(cli, office: Path, home, monkeypatch) -> None:
    from tests.db.helpers import raw_connect

    _as(monkeypatch, "admin", ADMIN_PASSWORD)
    conn = raw_connect(office, TEST_KEY)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
    ).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("UPDATE audit_entry SET action = 'forged' WHERE id = 1")
    conn.close()
    code, out, err = cli("db", "verify", "--db", office, "--json")
    assert code == 4 and json.loads(out)["audit_first_broken"] == 1


def test_backup_in_chinese_and_as_a_subprocess(office: Path, home: Path, tmp_path: Path) -> None:
    target = tmp_path / "usb"
    target.mkdir()
    done = run_casedesk(
        "--lang",
        "zh_CN",
        "db",
        "backup",
        target,
        "--db",
        office,
        CASEDESK_USER="admin",
        CASEDESK_PASSWORD=ADMIN_PASSWORD,
        CASEDESK_HOME=str(home),
    )
    assert done.returncode == 0, done.stderr
    assert "备份已写入并校验" in done.stdout
    assert len(list(target.glob("office-*.bak"))) == 1


def test_export_command(cli, office: Path, home: Path, monkeypatch, tmp_path: Path) -> None:
    _as(monkeypatch, "admin", ADMIN_PASSWORD)
    target = tmp_path / "audit.csv"
    code, out, err = cli("export", "audit", target, "--db", office)
    assert code == 0, err
    assert "Exported" in out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["No.", "Time", "User"]
    assert any(r[6] == "user.add" and r[3] == "Account added" for r in rows[1:])

    code, _, err = cli("export", "queue", tmp_path / "q.pdf", "--db", office)
    assert code == 1 and "csv or xlsx" in err
    code, _, err = cli("export", "queue", tmp_path / "q.csv", "--bucket", "M9", "--db", office)
    assert code == 1 and "M9" in err and not (tmp_path / "q.csv").exists()
    code, _, err = cli("export", "queue", tmp_path / "q.xlsx", "--db", office)
    assert code == 0 and (tmp_path / "q.xlsx").exists()

    _as(monkeypatch, "bob", AGENT_PASSWORD)
    code, _, err = cli("export", "borrowers", tmp_path / "b.csv", "--personal-data", "--db", office)
    assert code == 1 and "may not export personal data" in err and not (tmp_path / "b.csv").exists()
    code, _, err = cli("export", "audit", tmp_path / "a.csv", "--db", office)
    assert code == 1 and "may not export the audit trail" in err
