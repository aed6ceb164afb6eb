"""The data folder is the user's alone on Linux and macOS: `casedesk init` made it, and `db backup`
its backups/ folder, with the process umask's mode (0755 typical), so every account on the
computer could list the office's database and backups. Now what Casedesk makes in its data
folder is 0700; a file the user saves to a folder they chose keeps the umask's mode (they chose
where to share it)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """A typical umask (022): the modes below are Casedesk's, not a strict test machine's."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_the_data_folder_and_its_backups_are_private(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask
) -> None:
    home = tmp_path / "profile" / "Casedesk"  # neither there yet
    monkeypatch.setenv("CASEDESK_HOME", str(home))
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "boss")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, _, err = cli("init", "--office", "West", "--admin", "boss")
    assert code == 0, err
    assert (home / "casedesk.db").is_file()
    assert mode(home) == 0o700
    assert mode(home.parent) == 0o755  # not Casedesk's: left as the user's system makes it

    code, out, err = cli("db", "backup", "--json")
    assert code == 0, err
    backup = Path(json.loads(out)["path"])
    assert backup.parent == home / "backups"
    assert mode(home / "backups") == 0o700

    shared = tmp_path / "shared"  # a folder the user chose, to hand the file on
    shared.mkdir()
    code, _, err = cli(
        "audit", "export", "--from", "2020-01-01", "--to", "2099-12-31", "-o", shared / "a.csv"
    )
    assert code == 0, err
    assert mode(shared / "a.csv") == 0o644
