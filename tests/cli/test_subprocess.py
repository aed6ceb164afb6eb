"""End to end: `python -m app` as a real process, as a user would run it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.conftest import run_casedesk
from tests.db.helpers import SQLITE_MAGIC, file_hash

RECOVERY = re.compile(r"\b[0-9A-F]{4}(?:-[0-9A-F]{4}){15}\b")


def test_help_lists_the_commands() -> None:
    done = run_casedesk("--help")
    assert done.returncode == 0
    for command in ("init", "demo", "db", "user"):
        assert re.search(rf"^\s+{command}\s", done.stdout, re.M), command


def test_init_then_status_and_the_recovery_key_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    done = run_casedesk(
        "init",
        "--db",
        path,
        "--office",
        "Test",
        CASEDESK_PASSWORD="Sea-salt-42",
        CASEDESK_DB_KEY="",
    )
    assert done.returncode == 0, done.stderr
    keys = RECOVERY.findall(done.stdout)
    assert len(keys) == 1  # printed once
    assert "keychain" in done.stdout
    assert path.read_bytes()[:16] != SQLITE_MAGIC
    assert [p.name for p in tmp_path.iterdir()] == ["office.db"]  # no partial files left

    # the key from the keychain
    status = run_casedesk("db", "status", "--db", path, "--json", CASEDESK_DB_KEY="")
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["at_head"] is True and info["encrypted"] is True
    assert info["counts"]["users"] == 1

    # the printed recovery key, dashes and all
    status = run_casedesk("db", "status", "--db", path, "--json", CASEDESK_DB_KEY=keys[0])
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["current_revision"] == info["head_revision"]


def test_wrong_key_is_one_clear_line(office: Path) -> None:
    before = file_hash(office)
    done = run_casedesk("db", "status", "--db", office, CASEDESK_DB_KEY="ab" * 32)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"casedesk: The key in CASEDESK_DB_KEY does not open {office} (a wrong key, or not a "
        "Casedesk database): correct CASEDESK_DB_KEY, or unset it to use this computer's "
        "keychain or the recovery key."
    ]
    assert done.stdout == ""
    assert file_hash(office) == before


def test_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "nope.db"
    done = run_casedesk("db", "status", "--db", path, CASEDESK_DB_KEY="")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "No database at" in done.stderr and "casedesk init" in done.stderr
    assert not path.exists()


def test_demo_then_status_reports_head_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    done = run_casedesk(
        "demo", "--loans", "200", "--seed", "3", "--db", path, CASEDESK_DB_KEY="", timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "agent01" in done.stdout and "demo" in done.stdout
    assert len(RECOVERY.findall(done.stdout)) == 1
    assert path.read_bytes()[:16] != SQLITE_MAGIC
    status = run_casedesk("db", "status", "--db", path, "--json", CASEDESK_DB_KEY="")
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["at_head"] is True
    assert info["counts"]["loans"] == 200
    assert info["counts"]["borrowers"] > 0
    assert info["counts"]["cases"] > 0
    assert info["counts"]["users"] > 2
    wrong = run_casedesk("db", "status", "--db", path, CASEDESK_DB_KEY="0" * 64)
    assert wrong.returncode == 1 and "wrong key" in wrong.stderr
    assert "Traceback" not in wrong.stderr
