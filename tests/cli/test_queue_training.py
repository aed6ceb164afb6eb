"""`casedesk queue` tells an agent whose required training has lapsed why no case or visit can be
given to them, as the window's queue does (the command said nothing)."""

from __future__ import annotations

import datetime as dt
import json

from app.cli.main import main
from app.training.status import WorkKind, office_training
from db.store import open_database
from tests.conftest import TEST_KEY


def _agents(demo_path) -> tuple[str, list[str], list[str], str]:
    """(an agent unfit for phone work, their courses in English and Chinese, a fit agent)."""
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            states = office_training(s, dt.date.today())
    finally:
        database.close()
    unfit = next(a for a in states if a.missing_for(WorkKind.PHONE))
    fit = next(a for a in states if a.qualified(WorkKind.PHONE) and a.qualified(WorkKind.FIELD))
    missing = unfit.missing_for(WorkKind.PHONE)
    return unfit.username, [c.name_en for c in missing], [c.name_zh for c in missing], fit.username


def test_an_agent_is_told_in_the_queue_why_no_case_can_be_given(capsys, monkeypatch, demo_path):
    unfit, english, chinese, fit = _agents(demo_path)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    db = ["--db", str(demo_path)]
    monkeypatch.setenv("CASEDESK_USER", unfit)
    capsys.readouterr()
    assert main(["queue", *db]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "no case or visit can be given to you" in first
    assert first.endswith(
        "Until then, each call, SMS or letter you make needs a supervisor's override."
    )
    assert all(course in first for course in english), first
    assert main(["--lang", "zh_CN", "queue", *db]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert all(course in first for course in chinese) and first.isascii() is False, first
    assert main(["queue", "--json", *db]) == 0
    notice = json.loads(capsys.readouterr().out)["training_notice"]
    assert notice and all(course in notice for course in english)
    for fine in (fit, "supervisor"):  # nothing to say to a fit agent, nor to a supervisor
        monkeypatch.setenv("CASEDESK_USER", fine)
        assert main(["queue", *db]) == 0
        assert capsys.readouterr().out.startswith("Work queue as of")
        assert main(["queue", "--json", *db]) == 0
        assert json.loads(capsys.readouterr().out)["training_notice"] is None


def test_a_negative_limit_is_refused(capsys, monkeypatch, demo_path) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    for command in (["queue"], ["report", "recent"]):
        for bad in ("-1", "many"):
            capsys.readouterr()
            try:
                code = main([*command, "--limit", bad, "--db", str(demo_path)])
            except SystemExit as stop:
                code = stop.code
            assert code == 2 and "not a whole number of 0 or more" in capsys.readouterr().err
