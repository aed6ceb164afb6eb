"""`casedesk contact check|log` with the borrower's lawyer (QA s47 P-3): recorded with
`borrower person add --relation attorney` (or 律师), the lawyer is contacted as the stop list
asks, not as a third party: a US office saves a second call (a third party's would be blocked,
FDCPA 1692b(3)), and `contact check` on the borrower names the lawyer to call instead, in English
and Chinese."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.cli.main import main
from app.models import BlockedAttempt, ContactAttempt, RelatedPerson
from db.store import open_database
from tests.compliance.test_us_third_party_number import _us_case
from tests.conftest import TEST_KEY

CASE = "C2026-000001"


def _run(path: Path, *args: str) -> int:
    return main(["--db", str(path), *args])


def _call(path: Path, command: str, at: str, *who: str, lang: str = "en") -> int:
    return _run(
        path,
        "--lang",
        lang,
        "contact",
        command,
        CASE,
        "--channel",
        "call",
        *who,
        "--outcome",
        "connected",
        "--at",
        at,
    )


def test_the_lawyer_is_called_again_and_named_instead_of_the_borrower(
    db, tmp_path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    assert _us_case(db, tmp_path) == CASE
    db.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-a")
    path = tmp_path / "casedesk.db"
    add = ("borrower", "person", "add", "B1", "--name", "Ann Lee", "--relation", "attorney")
    assert _run(path, *add, "--phone", "(646) 555-0199") == 0
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            lawyer = s.scalar(select(RelatedPerson.id).where(RelatedPerson.name == "Ann Lee"))
    finally:
        database.close()
    assert _run(path, "borrower", "flags", "B1", "--set", "has_lawyer") == 0
    capsys.readouterr()
    to_lawyer = ("--party", "other", "--person", str(lawyer))
    assert _call(path, "log", "2026-11-20T13:00-05:00", *to_lawyer) == 0
    assert _call(path, "check", "2026-11-23T13:00-05:00", *to_lawyer) == 0
    assert _call(path, "log", "2026-11-23T13:00-05:00", *to_lawyer) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "third_party_once" not in out and "already been contacted" not in out
    assert "Third-party contact" not in out  # no location-only script for the lawyer
    # The flag is judged as it stood at the contact's time: set just now, so a check now (exit 3
    # whatever the hour: the flag blocks).
    now = ("--party", "borrower")
    assert (
        _run(path, "contact", "check", CASE, "--channel", "sms", *now, "--outcome", "delivered")
        == 3
    )
    out = " ".join(capsys.readouterr().out.split())
    assert "The borrower is represented by a lawyer; contact the lawyer instead." in out
    assert (
        f"Contact the borrower's lawyer on file instead: Ann Lee (--party other --person {lawyer})."
        in out
    )
    zh = ("--lang", "zh_CN", "contact", "check", CASE, "--channel", "sms", *now)
    assert _run(path, *zh, "--outcome", "delivered") == 3
    out = " ".join(capsys.readouterr().out.split())
    assert f"请改为联系已登记的借款人律师：Ann Lee（--party other --person {lawyer}）。" in out
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 2
            assert s.scalar(select(func.count()).select_from(BlockedAttempt)) == 0
    finally:
        database.close()


def test_the_relation_is_taken_in_chinese(db, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _us_case(db, tmp_path)
    db.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-a")
    path = tmp_path / "casedesk.db"
    add = ("borrower", "person", "add", "B1", "--name", "李律师", "--relation", "律师")
    assert _run(path, *add) == 0
    capsys.readouterr()
    assert _run(path, "--lang", "zh_CN", "borrower", "show", "B1") == 0
    assert "李律师  律师" in capsys.readouterr().out
