"""A contact blocked by a complaint's pause says how a supervisor lifts it by the command, on the
command line (QA s44 finding 13: "lifts its pause on the Complaints page" named a page of the
window); the window's verdict keeps its page. English, Chinese and --json, on the demo office."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.compliance.advice import advice
from app.compliance.model import Finding, Severity
from app.models import Case
from tests.conftest import TEST_KEY

PAUSED = "Contact on this case is paused while a complaint is open."
SAID = {
    "en": "casedesk complaint lift COMPLAINT_NO --reason TEXT (the case's complaint is in "
    "casedesk complaint list).",
    "zh_CN": "casedesk complaint lift 投诉编号 --reason 理由（该案件的投诉编号可用 casedesk "
    "complaint list 查看）。",
}


def _paused_case(demo_path) -> str:  # type: ignore[no-untyped-def]
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            return s.scalar(select(Case.case_no).where(Case.paused.is_(True)).order_by(Case.id))
    finally:
        database.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_pause_advice_names_the_command(capsys, monkeypatch, demo_path, lang) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    case_no = _paused_case(demo_path)
    base = ["--lang", lang, "contact", "check", case_no, "--channel", "letter"]
    base += ["--party", "borrower", "--outcome", "delivered", "--db", str(demo_path)]
    capsys.readouterr()
    assert main(base) == 3
    out = capsys.readouterr().out
    assert SAID[lang] in out and "Complaints page" not in out and "“投诉”页面" not in out
    assert main([*base, "--json"]) == 3
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert any(SAID[lang] in f.get("advice", "") for f in findings)


def test_the_window_still_names_its_page() -> None:
    finding = Finding("case_paused", Severity.BLOCKED, PAUSED)
    assert advice(finding, "en").endswith("lifts its pause on the Complaints page.")
    assert advice(finding, "en", cli=True).endswith(SAID["en"])
