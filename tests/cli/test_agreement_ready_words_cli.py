"""`casedesk agreement approve` of a draft within its drafter's authority says it is ready for
signing, and `show`, `list` and `print --signed` then say "ready for signing" (定稿待签), not
"approved" — as the window does; a supervisor's approval still says "approved". QA: the CLI said
"approved" for either, and told a draft needing no approval to "have it approved"."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from app.agreements import draft_plan
from app.cli.main import main
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _case, _user, build_office
from tests.office_day import office_today


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(file, agent01's three small plans), closed; agent01 acts unless told."""
    path = Path(shutil.copyfile(template_db, tmp_path / "office.db"))
    database = open_database(path, TEST_KEY)
    try:
        build_office(database)
        day = office_today() + dt.timedelta(days=5)
        with database.session() as s:
            agent = _user(s, "agent01")
            numbers = [
                draft_plan(s, agent, _case(s, loan).case_no, count=3, start=day).agreement_no
                for loan in ("L1", "L2", "L3")
            ]
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-agent")
    return path, numbers


def _run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main(list(args))
    said = capsys.readouterr()
    return code, said.out, said.err


def test_the_cli_says_ready_for_signing_for_the_drafters_step(  # type: ignore[no-untyped-def]
    office, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, (own, own_zh, checked) = office
    db = ("--db", str(path))
    pdf = str(tmp_path / "signed.pdf")
    code, _, err = _run(capsys, *db, "agreement", "print", own, "-o", pdf, "--signed")
    assert code == 1 and "or make it ready for signing and record the signing first: " in err
    assert "approved" not in err, err

    code, out, err = _run(capsys, *db, "agreement", "approve", own)
    assert code == 0, err
    said = f"Agreement {own} is ready for signing: print it for both parties to sign."
    assert out.strip() == said
    code, out, err = _run(capsys, *db, "--lang", "zh_CN", "agreement", "approve", own_zh)
    assert code == 0 and out.strip() == f"协议 {own_zh} 已定稿待签：请打印，交双方签署。", err
    code, out, _ = _run(capsys, *db, "agreement", "show", own)
    assert f"{own} · instalment plan · ready for signing · " in out.splitlines()[0], out
    code, out, _ = _run(capsys, *db, "--lang", "zh_CN", "agreement", "show", own_zh)
    assert " · 定稿待签 · " in out.splitlines()[0] and "已批准" not in out, out
    code, out, _ = _run(capsys, *db, "agreement", "show", own, "--json")
    assert '"ready_for_signing": true' in out
    code, _, err = _run(capsys, *db, "agreement", "print", own, "-o", pdf, "--signed")
    assert code == 1 and f"Agreement {own} is ready for signing; only a signed" in err, err

    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-sup")
    code, out, err = _run(capsys, *db, "agreement", "approve", checked)
    assert code == 0 and out.strip() == f"Agreement {checked} is now approved.", err
    code, out, _ = _run(capsys, *db, "agreement", "list")
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("AG-")}
    assert "ready for signing" in lines[own] and "approved" not in lines[own]
    assert "approved" in lines[checked] and "ready" not in lines[checked]
