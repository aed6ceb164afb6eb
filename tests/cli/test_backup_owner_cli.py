"""Backups of two offices whose files share a name, in one backup folder (QA qa7 #1): each office
lists and rotates only its own, a moved office still lists its older backups (never rotating
them out), and restoring another office's backup says so before it replaces anything."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from db.backup import Manifest, manifest_path, read_manifest
from db.backup_files import backup_name
from tests.cli.conftest import ADMIN_PASSWORD
from tests.cli.test_recovery_key_cli import terminal as terminal  # a person at the terminal
from tests.conftest import TEST_KEY


@pytest.fixture
def branches(office_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Two offices, both "casedesk.db" in their own folder (a copy of one office: same key, same
    set-up time), backing up to the one default folder."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    made = []
    for name in ("branchA", "branchB"):
        (tmp_path / name).mkdir()
        made.append(Path(shutil.copyfile(office_template, tmp_path / name / "casedesk.db")))
    return made


def _backup(cli, db: Path) -> Path:  # type: ignore[no-untyped-def]
    code, out, err = cli("db", "backup", "--db", db, "--json")
    assert code == 0, err
    return Path(json.loads(out)["path"])


def _days_before(backup: Path, db: Path, days: int) -> Path:
    """A copy of `backup` (manifest and all) as if made `days` days before it."""
    made = read_manifest(backup)
    assert made is not None
    when = made.created - dt.timedelta(days=days)
    copy = backup.with_name(backup_name(db, when))
    shutil.copyfile(backup, copy)
    older = Manifest(**{**made.__dict__, "created_at": when.isoformat()})
    manifest_path(copy).write_text(older.to_json(), "utf-8")
    return copy


def _listed(cli, db: Path) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    code, out, err = cli("db", "backups", "--db", db, "--json")
    assert code == 0, err
    return json.loads(out)


def test_one_offices_rotation_keeps_the_other_offices_backups(cli, branches) -> None:  # type: ignore[no-untyped-def]
    a, b = branches
    first = _backup(cli, a)
    a_files = [first] + [_days_before(first, a, d) for d in range(1, 6)]
    code, _, err = cli(
        "settings", "set", "backup.keep_daily=2", "backup.keep_weekly=1",
        "backup.keep_monthly=1", "--db", b,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli("db", "backup", "--db", b, "--json")
    assert code == 0, err
    b_file = Path(json.loads(out)["path"])
    assert json.loads(out)["rotated_out"] == []
    assert all(p.exists() for p in a_files)  # B's rotation deleted A's 12-01…12-04 (QA)
    assert sorted(x["path"] for x in _listed(cli, a)) == sorted(map(str, a_files))
    assert [x["path"] for x in _listed(cli, b)] == [str(b_file)]
    code, out, _ = cli("db", "backups", "--db", b)
    assert b_file.name in out and first.name not in out
    # A's own rotation still thins out A's backups
    code, _, err = cli("settings", "set", "backup.keep_daily=1", "backup.keep_weekly=0",
                       "backup.keep_monthly=1", "--db", a)  # fmt: skip
    assert code == 0, err
    code, out, err = cli("db", "backup", "--db", a, "--json")
    assert code == 0 and json.loads(out)["rotated_out"], err
    assert b_file.exists()


def test_a_moved_office_lists_its_older_backups_and_never_rotates_them(  # type: ignore[no-untyped-def]
    cli, branches, tmp_path: Path
) -> None:
    a, _b = branches
    old = [_backup(cli, a)]
    old.append(_days_before(old[0], a, 3))
    moved = tmp_path / "moved" / "casedesk.db"
    moved.parent.mkdir()
    a.rename(moved)
    code, _, err = cli(
        "settings", "set", "backup.keep_daily=1", "backup.keep_weekly=0",
        "backup.keep_monthly=0", "--db", moved,
    )  # fmt: skip
    assert code == 0, err
    new = _backup(cli, moved)
    assert all(p.exists() for p in old)  # not surely this office's: never deleted
    listed = {x["path"]: x for x in _listed(cli, moved)}
    assert set(listed) == {str(new), *map(str, old)}
    assert listed[str(new)]["surely_this_office"] is True
    assert listed[str(old[0])]["surely_this_office"] is False
    assert listed[str(old[0])]["source"] == str(a)
    code, out, _ = cli("db", "backups", "--db", moved)
    assert f"{old[0].name} was made from {a} (this office before it was moved" in out


def test_restoring_another_offices_backup_says_so_first(  # type: ignore[no-untyped-def]
    cli, branches, terminal, monkeypatch
) -> None:
    a, b = branches
    theirs = _backup(cli, a)
    said = f"This backup was made from another database, {a}, not from {b}"
    prompts: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "n")
    code, out, err = cli("db", "restore", theirs, "--db", b)
    assert code == 1 and "Cancelled" in out
    assert said in err
    assert "The current database is backed up first" in out
    assert "Work done since this backup was made (" in out and "leaves the office" in out
    assert prompts == [f"Replace {b} with this backup? [y/N] "]
    code, out, err = cli("db", "restore", theirs, "--db", b, "--yes")  # told, and restored
    assert code == 0 and said in err and "Restored" in out
    mine = _backup(cli, b)
    code, out, err = cli("db", "restore", mine, "--db", b, "--yes")
    assert code == 0 and "Warning" not in err
