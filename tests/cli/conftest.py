"""CLI fixtures: an office database (admin + one agent) built once and copied per test, and
helpers to run `casedesk` in-process or as a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.conftest import TEST_KEY

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")
ADMIN_PASSWORD = "admin-pass"
AGENT_PASSWORD = "agent-pass"


@pytest.fixture(scope="session")
def office_template(template_db: Path, session_tmp: Path) -> Path:
    """A copy of the template database set up as an office: admin `admin`, agent `bob`."""
    from app.auth import add_user
    from app.models import Role
    from app.office import create_office
    from db.store import open_database

    path = session_tmp / "cli-office-template.db"
    if not path.exists():
        shutil.copyfile(template_db, path)
        database = open_database(path, TEST_KEY)
        with database.session() as session:
            _office, admin = create_office(
                session, name="东城网点", admin_username="admin", admin_password=ADMIN_PASSWORD
            )
            add_user(session, admin, "bob", Role.AGENT, AGENT_PASSWORD, "Bob")
        database.close()
    return path


@pytest.fixture
def office(office_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh office file for one test; its key is in CASEDESK_DB_KEY."""
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    return Path(shutil.copyfile(office_template, tmp_path / "office.db"))


def agents_office(
    template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build: Callable[[Any], T]
) -> tuple[Path, T]:
    """A copy of the template database made into an office by `build(database)` (closed after),
    and what `build` returned; agent01 (password pw-agent) acts in the CLI."""
    from db.store import open_database

    path = Path(shutil.copyfile(template_db, tmp_path / "office.db"))
    database = open_database(path, TEST_KEY)
    try:
        built = build(database)
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-agent")
    return path, built


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """cli(*args) -> (exit code, stdout, stderr), running app.cli.main.main in this process."""
    from app.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def run_casedesk(*args: str, timeout: int = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m app ARGS` in a real subprocess; `env` adds to (or, with "", removes from) the
    test environment."""
    full = dict(os.environ)
    for name, value in env.items():
        if value == "":
            full.pop(name, None)
        else:
            full[name] = value
    return subprocess.run(
        [sys.executable, "-m", "app", *[str(a) for a in args]],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
