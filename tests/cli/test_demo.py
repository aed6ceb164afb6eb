"""`casedesk demo` around app.demo.build_demo (stood in for here, so these tests check the command:
the key, the progress, replacing and cleaning up; test_subprocess builds a real demo office)."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import TEST_KEY
from tests.db.helpers import SQLITE_MAGIC, file_hash


@pytest.fixture
def fake_demo(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Replace app.demo with a stand-in; `calls` records its arguments, `fail` makes it raise."""
    from app.demo import DemoLogin, DemoSummary  # the real shapes, around a stand-in builder

    state: dict = {"calls": [], "fail": None}  # type: ignore[type-arg]

    def build_demo(database, *, loans, seed, as_of=None, progress=None, new_file=False):  # type: ignore[no-untyped-def]
        state["calls"].append({"loans": loans, "seed": seed, "as_of": as_of, "new_file": new_file})
        with database.session() as session:
            session.execute(
                text(
                    "INSERT INTO setting (key, value, updated_at) "
                    "VALUES ('demo', '1', '2025-01-01 00:00:00')"
                )
            )
        for done in range(0, loans + 1, max(1, loans // 4)):
            if progress:
                progress("loans", done, loans)
        if state["fail"] is not None:
            raise state["fail"]
        return DemoSummary(
            office_name="示范营业部",
            seed=seed,
            as_of=as_of or dt.date(2025, 1, 1),
            counts={"borrower": loans - 1, "loan": loans, "user": 4},
            seconds=0.1,
            logins=[
                DemoLogin(n, "demo", r)
                for n, r in (("admin", "admin"), ("supervisor", "supervisor"), ("agent01", "agent"))
            ],
        )

    module = types.ModuleType("app.demo")
    module.build_demo = build_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.demo", module)
    return state


def test_demo_builds_an_encrypted_office_and_prints_logins(  # type: ignore[no-untyped-def]
    cli, fake_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    path = tmp_path / "demo.db"
    code, out, err = cli(
        "demo", "--loans", "40", "--seed", "11", "--as-of", "2025-06-30", "--db", path
    )
    assert code == 0, err
    assert fake_demo["calls"][0]["loans"] == 40 and fake_demo["calls"][0]["seed"] == 11
    assert str(fake_demo["calls"][0]["as_of"]) == "2025-06-30"
    assert fake_demo["calls"][0]["new_file"] is True  # building() deletes a failed file
    assert "loans: 40/40" in err  # progress on stderr, not mixed into the output
    assert "loan 40" in out and "borrower 39" in out
    assert "agent01" in out and "password demo" in out and "示范营业部" in out
    assert "Recovery key" in out
    assert path.read_bytes()[:16] != SQLITE_MAGIC
    assert [p.name for p in tmp_path.iterdir()] == ["demo.db"]
    code, out, _ = cli("db", "status", "--db", path)
    assert code == 0 and "at head" in out


def test_demo_refuses_an_existing_file_unless_forced(  # type: ignore[no-untyped-def]
    cli, fake_demo, office: Path, computer_zone
) -> None:
    computer_zone("Asia/Shanghai")  # eight hours ahead of UTC: the kept file's name is in UTC
    before = file_hash(office)
    code, _, err = cli("demo", "--loans", "10", "--db", office)
    assert code == 1 and "--force" in err
    assert file_hash(office) == before and fake_demo["calls"] == []
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    code, out, err = cli("demo", "--loans", "10", "--db", office, "--force")
    assert code == 0, err
    assert file_hash(office) != before
    code, status, _ = cli("db", "status", "--db", office, "--json")
    assert code == 0 and '"users": 0' in status  # the demo is in the office's place …
    # … and the office that was there is kept beside it, whole (QA: it was deleted).
    (kept,) = office.parent.glob("office.db.before-demo-*.bak")
    assert file_hash(kept) == before and f"kept as {kept}" in out
    stamp = kept.name.removeprefix("office.db.before-demo-").removesuffix(".bak")
    named = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    assert started <= named <= dt.datetime.now(dt.UTC)  # as backups' names, not local time
    code, status, _ = cli("db", "status", "--db", kept, "--json")
    assert code == 0 and '"users": 2' in status


@pytest.mark.parametrize("failure", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_build_leaves_nothing(  # type: ignore[no-untyped-def]
    cli, fake_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure
) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    fake_demo["fail"] = failure
    path = tmp_path / "demo.db"
    if isinstance(failure, KeyboardInterrupt):
        code, out, _ = cli("demo", "--loans", "10", "--db", path)
        assert code == 130
    else:
        with pytest.raises(RuntimeError):  # a bug is not a user error: it keeps its traceback
            cli("demo", "--loans", "10", "--db", path)
        out = ""
    assert list(tmp_path.iterdir()) == []
    assert "Recovery key" not in out


def test_a_failed_forced_rebuild_keeps_the_old_file(  # type: ignore[no-untyped-def]
    cli, fake_demo, office: Path
) -> None:
    before = file_hash(office)
    fake_demo["fail"] = KeyboardInterrupt()
    code, _, _ = cli("demo", "--loans", "10", "--db", office, "--force")
    assert code == 130
    assert file_hash(office) == before
    left = sorted(p.name for p in office.parent.iterdir())
    assert left in (["office.db"], ["office.db", "office.db.lock"])  # the emptied lock file


def test_demo_force_refuses_an_office_open_in_a_window(  # type: ignore[no-untyped-def]
    cli, fake_demo, office: Path
) -> None:
    """As restore and a new recovery key do (QA qa7 #5): the window's office is not replaced
    under it, nor moved aside."""
    from db.lock import DatabaseLock

    before = file_hash(office)
    with DatabaseLock(office):  # a window holds it
        code, out, err = cli("demo", "--loans", "10", "--db", office, "--force")
    assert code == 1 and fake_demo["calls"] == []
    assert "is already open in another Casedesk window" in err and "Close it first" in err
    assert file_hash(office) == before
    assert not list(office.parent.glob("*.before-demo-*"))
    code, _, err = cli("demo", "--loans", "10", "--db", office, "--force")  # closed: it goes
    assert code == 0, err


def test_demo_key_goes_to_the_keychain_when_not_given(  # type: ignore[no-untyped-def]
    cli, fake_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.keystore import key_from_keychain

    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    path = tmp_path / "demo.db"
    code, out, _ = cli("demo", "--loans", "5", "--db", path)
    assert code == 0
    key = key_from_keychain(path)
    assert key is not None and key != TEST_KEY
    from db.keystore import recovery_key

    assert recovery_key(key) in out
    code, _, err = cli("db", "status", "--db", path)
    assert code == 0, err
