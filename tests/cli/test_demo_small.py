"""A demo office of a few loans builds: found by QA, `casedesk demo --loans 20` ended in a
traceback (IndexError) when the step that adds each state the office lacks found no open case
left to give one; the states that find none are now left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TEST_KEY


@pytest.mark.parametrize(("loans", "seed"), [(1, 7), (5, 7), (20, 7), (40, 7)])
def test_a_small_demo_office_builds(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loans: int, seed: int
) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    path = tmp_path / "demo.db"
    code, out, err = cli(
        "demo", "--loans", str(loans), "--seed", str(seed), "--as-of", "2026-12-06", "--db", path
    )
    assert code == 0, err
    assert "Traceback" not in err
    code, status, err = cli("db", "status", "--db", path, "--json")
    assert code == 0, err
    assert f'"loans": {loans}' in status
