"""QA s45 qaD, finding 1 in the CLI: after a breach on a loan the plan had brought up to date, the
agent's promise keeps the case open as "Promise" (`case show`, `queue --promise-due` on its day)
instead of "Closed — Cured"; `queue --rebuild` the day after judges it broken and the case shows
"Promise broken" (`queue --status promise_broken`); kept, the rebuild closes it as cured."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app import settings
from app.cases.rebuild import rebuild_queue
from tests.cli.conftest import agents_office
from tests.core.test_agreements import _case, _user, build_office
from tests.office_day import office_today
from tests.plan_brought_current import SECOND, plan_brought_current, promise_on

AMOUNT = SECOND // 2


def _built(db: Any) -> tuple[str]:
    """The breach standing as of today, then a promise made on the breach's day, due today."""
    build_office(db)
    with db.session() as s:
        _, missed = plan_brought_current(s)
        rebuild_queue(s, None, office_today())
        promise_on(s, missed + dt.timedelta(days=1), AMOUNT, office_today())
        return (_case(s, "L2").case_no,)


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    path, built = agents_office(template_db, tmp_path, monkeypatch, _built)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-sup")
    return path, *built


def _tomorrow(path: Path) -> None:
    """The office's queue date set to tomorrow, as a supervisor does in Settings."""
    from db.store import open_database
    from tests.conftest import TEST_KEY

    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            day = office_today() + dt.timedelta(days=1)
            settings.put(s, _user(s, "supervisor"), "queue.as_of", day.isoformat())
    finally:
        database.close()


def _first_line(cli: Any, path: Path, case_no: str, *lang: str) -> str:
    code, out, err = cli("--db", path, *lang, "case", "show", case_no)
    assert code == 0, err
    return out.splitlines()[0]


def test_the_promise_keeps_the_case_open_then_judged_broken(office, cli) -> None:  # type: ignore[no-untyped-def]
    path, case_no = office
    assert _first_line(cli, path, case_no).startswith(f"{case_no}  Promise  ")
    code, out, err = cli("--db", path, "queue", "--rebuild", "--promise-due")
    assert code == 0, err
    line = next(line for line in out.splitlines() if case_no in line)
    assert "Promise" in line and office_today().isoformat() in line, out
    _tomorrow(path)
    code, out, err = cli("--db", path, "queue", "--rebuild", "--status", "promise_broken")
    assert code == 0, err
    assert case_no in out and "Promise broken" in out, out
    assert _first_line(cli, path, case_no).startswith(f"{case_no}  Promise broken  ")
    assert _first_line(cli, path, case_no, "--lang", "zh_CN").startswith(f"{case_no}  承诺违约  ")


def test_kept_the_rebuild_closes_it_cured(office, cli) -> None:  # type: ignore[no-untyped-def]
    path, case_no = office
    code, _, err = cli("--db", path, "payment", "post", "L2", f"{AMOUNT / 100:.2f}", "--ref", "P1")
    assert code == 0, err
    _tomorrow(path)
    assert cli("--db", path, "queue", "--rebuild")[0] == 0
    assert _first_line(cli, path, case_no).startswith(f"{case_no}  Closed — Cured")
