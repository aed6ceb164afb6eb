"""`casedesk contact log` in a US office: a third party given as a party alone (no --person, no
--phone) is counted as the person contacted before, so FDCPA 1692b(3)'s once-only blocks the
second such call (QA15 logged four, each saved with a warning) and says why."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.cli.main import main
from app.models import BlockedAttempt, ContactAttempt
from db.store import open_database
from tests.compliance.test_us_third_party_number import _us_case
from tests.conftest import TEST_KEY


def _log(path: Path, at: str) -> int:
    return main(
        [
            "--db",
            str(path),
            "contact",
            "log",
            "C2026-000001",
            "--channel",
            "call",
            "--party",
            "relative",
            "--outcome",
            "connected",
            "--at",
            at,
        ]
    )


def test_the_second_unidentified_third_party_call_is_blocked(
    db, tmp_path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    assert _us_case(db, tmp_path) == "C2026-000001"
    db.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-a")
    path = tmp_path / "casedesk.db"
    assert _log(path, "2026-11-20T13:00-05:00") == 0
    capsys.readouterr()
    assert _log(path, "2026-11-23T13:00-05:00") == 3
    out = " ".join(capsys.readouterr().out.split())
    assert "third_party_once" in out or "once only" in out
    assert "The third party was not identified, so Casedesk counts them as the same person" in out
    assert "contacted on 2026-11-20" in out
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 1
            assert s.scalar(select(func.count()).select_from(BlockedAttempt)) == 1
    finally:
        database.close()
