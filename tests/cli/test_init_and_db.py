"""`casedesk init`, `db status`, `db upgrade`, the window and the error boundary, in-process."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.conftest import TEST_KEY
from tests.db.helpers import SQLITE_MAGIC, file_hash, raw_connect


def _status(cli, path: Path) -> dict:  # type: ignore[no-untyped-def, type-arg]
    code, out, err = cli("db", "status", "--db", path, "--json")
    assert code == 0, err
    return json.loads(out)


def test_help_and_usage_errors(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("--help")
    assert code == 0
    assert all(word in out for word in ("init", "demo", "db", "user"))
    code, _, err = cli("no-such-command")
    assert code == 2 and "Traceback" not in err
    code, _, err = cli("db")
    assert code == 2
    code, _, err = cli("demo", "--loans", "0")
    assert code == 2 and "--loans" in err


def test_init_with_the_key_from_the_environment(
    cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from app.auth import authenticate
    from db.store import open_database

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "Kestrel-42")
    path = tmp_path / "sub" / "new.db"
    code, out, err = cli(
        "init",
        "--db",
        path,
        "--office",
        "西城网点",
        "--admin",
        "boss",
        "--timezone",
        "Europe/London",
        "--rules",
        "uk",
    )
    assert code == 0, err
    assert "not stored in the keychain" in out
    assert path.read_bytes()[:16] != SQLITE_MAGIC
    database = open_database(path, TEST_KEY)
    try:
        assert authenticate(database.sessions, "boss", "Kestrel-42").role.value == "admin"
        with database.engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT name, timezone, jurisdiction FROM office").one()
        assert tuple(row) == ("西城网点", "Europe/London", "uk")
    finally:
        database.close()
    assert _status(cli, path)["at_head"] is True


def test_init_refuses_an_existing_file(cli, office: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_hash(office)
    code, _, err = cli("init", "--db", office)
    assert code == 1
    assert err == f"casedesk: A file is already at {office}; not overwriting it.\n"
    assert file_hash(office) == before


@pytest.mark.parametrize(
    ("extra", "env_password", "message"),
    [
        (["--timezone", "Mars/Olympus"], "long-enough", "Unknown time zone Mars/Olympus"),
        ([], "abc", "The password needs at least 8 characters."),
        ([], "short", "The password needs at least 8 characters."),  # what the wizard refuses
        ([], " " * 8, "The password is too simple"),
        ([], "aaaaaaaaaa", "The password is too simple"),
        (["--admin", "boss"], "Boss-2026-x", "The password must not contain the user name."),
        ([], None, "set CASEDESK_PASSWORD"),
        (["--admin", "two words"], "long-enough", "without spaces"),
        # Settings would refuse every later change of an office named so long.
        (["--office", "x" * 201], "long-enough", "The office name is too long"),
    ],
)
def test_init_failure_leaves_no_file(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra, env_password, message
) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    if env_password is None:
        monkeypatch.delenv("CASEDESK_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("CASEDESK_PASSWORD", env_password)
    code, out, err = cli("init", "--db", tmp_path / "x.db", *extra)
    assert code == 1
    assert message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []  # nothing half-made, no partial file
    assert "Recovery key" not in out


def test_init_where_no_file_can_be_made(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that is a file, or one nobody may write in: one line naming the path."""
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "Kx7-quiet-river")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("a file")
    for path in (a_file / "office.db", a_file / "sub" / "office.db"):
        code, out, err = cli("init", "--db", path)
        assert code == 1 and "Recovery key" not in out
        assert err == (
            f"casedesk: Cannot create the database {path}: a part of the path is not a folder.\n"
        )
    code, _, err = cli("--lang", "zh_CN", "init", "--db", a_file / "office.db")
    assert code == 1 and err.endswith("：路径中有一部分不是文件夹。\n")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    if Path("/proc/self").exists():  # Linux: nobody, not even root, makes files in /proc
        code, _, err = cli("init", "--db", "/proc/casedesk-test.db")
        assert code == 1
        assert err == (
            "casedesk: Cannot create the database /proc/casedesk-test.db: no such file or folder.\n"
        )


def test_init_refuses_before_asking_for_the_password(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody types the admin's password twice only to be told the file cannot be made there:
    whatever init refuses without the password, it refuses before asking; nothing is left."""
    import getpass

    from app.cli import common

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.delenv("CASEDESK_PASSWORD", raising=False)
    asked: list[str] = []

    def typed(prompt: str = "") -> str:
        asked.append(prompt)
        return "Kx7-quiet-river"

    monkeypatch.setattr(common, "interactive", lambda: True)  # a person at a terminal
    monkeypatch.setattr(getpass, "getpass", typed)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("a file")
    refused: list[tuple[list[object], str]] = [
        (["--db", tmp_path / "notes.txt"], "A file is already at"),
        (["--db", a_file / "office.db"], "a part of the path is not a folder"),
        (["--db", a_file / "sub" / "office.db"], "a part of the path is not a folder"),
        (["--db", "//server/share/office.db"], "is on a network share"),
        (["--db", tmp_path / "x.db", "--timezone", "Mars/Olympus"], "Unknown time zone"),
        (["--db", tmp_path / "x.db", "--office", "x" * 201], "The office name is too long"),
        (["--db", tmp_path / "x.db", "--admin", "two words"], "without spaces"),
    ]
    if Path("/proc/self").exists():  # Linux: a folder nobody, not even root, may write in
        refused += [
            (["--db", "/proc/casedesk-test.db"], "no such file or folder"),
            (["--db", "/proc/casedesk-test/sub/office.db"], "no such file or folder"),
        ]
    for extra, message in refused:
        code, out, err = cli("init", *extra)
        assert code == 1 and message in err and err.count("\n") == 1, (extra, err)
        assert asked == [], extra
        assert "Recovery key" not in out
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    path = tmp_path / "new" / "office.db"  # a folder to make is no refusal: asked, then made
    code, out, err = cli("init", "--db", path)
    assert code == 0, err
    assert len(asked) == 2 and "Recovery key" in out and path.is_file()


def test_status_of_a_missing_file_asks_for_no_key(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    code, _, err = cli("db", "status", "--db", tmp_path / "missing.db")
    assert code == 1 and "No database at" in err
    assert list(tmp_path.iterdir()) == []


def test_status_with_no_key_anywhere(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    code, _, err = cli("db", "status", "--db", office)
    assert code == 1 and "No key for" in err and "CASEDESK_DB_KEY" in err


def test_status_human_readable(cli, office: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("db", "status", "--db", office)
    assert code == 0
    assert "Encrypted" in out and "yes" in out and "at head" in out
    assert "Users" in out


def test_status_of_a_newer_schema_is_refused_and_changes_nothing(  # type: ignore[no-untyped-def]
    cli, office: Path
) -> None:
    conn = raw_connect(office, TEST_KEY)
    conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    conn.close()
    before = file_hash(office)
    for args in (("db", "status"), ("db", "upgrade"), ("user", "list", "--user", "admin")):
        code, out, err = cli(*args, "--db", office)
        assert code == 1, args
        assert "newer Casedesk" in err and "0999_future" in err
        assert file_hash(office) == before
    assert not list(office.parent.glob("*.bak"))


def test_status_is_read_only_for_an_older_database(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pretend this program knows a newer head: status reports it and upgrades nothing."""
    import db.migrate

    monkeypatch.setattr(db.migrate, "head_revision", lambda: "0999_next")
    before = file_hash(office)
    info = _status(cli, office)
    assert info["at_head"] is False and info["needs_upgrade"] is True
    assert info["head_revision"] == "0999_next"
    assert file_hash(office) == before
    assert not list(office.parent.glob("*.bak"))
    code, out, _ = cli("db", "status", "--db", office)
    assert code == 0 and "casedesk db upgrade" in out


def test_upgrade_at_head_and_after_a_new_release(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import db.migrations

    code, out, _ = cli("db", "upgrade", "--db", office)
    assert code == 0 and "Already at head" in out
    assert not list(office.parent.glob("*.bak"))
    monkeypatch.setattr(db.migrations, "HEAD", "0999_next")  # the file now looks older
    code, out, err = cli("db", "upgrade", "--db", office)
    assert code == 0, err
    backups = list(office.parent.glob("office.db.before-*.bak"))
    assert len(backups) == 1 and str(backups[0]) in out
    assert "Queue rebuilt as of" in out  # an upgrade may score anew: the queue is rebuilt
    assert backups[0].read_bytes()[:16] != SQLITE_MAGIC


def test_no_command_opens_the_window(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    fake = types.ModuleType("ui.app")
    fake.run = lambda db_path, lang=None, argv=None: calls.append((db_path, lang)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    assert cli()[0] == 0
    assert cli("--db", tmp_path / "a.db", "--lang", "zh")[0] == 0
    assert calls == [(None, None), (tmp_path / "a.db", "zh_CN")]


def test_ctrl_c_exits_130_quietly(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cli import cmd_db

    def interrupted(args):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(cmd_db, "run_status", interrupted)
    code, out, err = cli("db", "status", "--db", office)
    assert (code, out, err) == (130, "", "")


def test_messages_in_chinese(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", "cd" * 32)
    code, _, err = cli("db", "status", "--db", office, "--lang", "zh_CN")
    assert code == 1 and "密钥错误" in err
    monkeypatch.setenv("CASEDESK_LANG", "zh_CN")
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    code, out, _ = cli("db", "status", "--db", office)
    assert code == 0 and "已加密" in out and "已是最新" in out
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD + "x")
    code, _, err = cli("user", "list", "--user", "admin", "--db", office)
    assert code == 1 and "用户名或密码错误" in err


def test_any_command_that_upgrades_rebuilds_the_queue(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade may score the queue anew: the command that made it rebuilds the queue at once,
    as db upgrade does, so the stored scores are never the old formula's (found by QA)."""
    import db.migrations

    monkeypatch.setattr(db.migrations, "HEAD", "0999_next")  # the file now looks older
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("user", "list", "--user", "admin", "--db", office)
    assert code == 0, err
    assert "Upgraded the database" in err and "Queue rebuilt as of" in err
