"""`casedesk init` stores the chosen rule set's first version, audited, so a new office's
training roster and portfolio report name it from the first day, as its compliance report does
(found by QA: "规则集 —")."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from pypdf import PdfReader

from app.compliance.shipped_files import shipped_ruleset


@pytest.mark.parametrize("code", ["cn", "us"])
def test_init_stores_the_rule_set_and_the_first_reports_name_it(cli, tmp_path, monkeypatch, code):
    from tests.conftest import TEST_KEY

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "Kestrel-42")
    monkeypatch.setenv("CASEDESK_USER", "admin")
    db = ("--db", tmp_path / "new.db")
    zone = "Asia/Shanghai" if code == "cn" else "America/New_York"
    code_, _out, err = cli("init", *db, "--office", "浦东", "--rules", code, "--timezone", zone)
    assert code_ == 0, err
    label = shipped_ruleset(code).label
    code_, _out, err = cli("rules", "show", *db)  # a look at it stores nothing more
    assert code_ == 0, err
    code_, out, err = cli("audit", "list", "--json", *db)
    assert code_ == 0, err
    (stored,) = [e for e in json.loads(out) if e["action"] == "ruleset.store"]
    assert stored["user"] == "Administrator"  # the admin init made, not the system
    version = shipped_ruleset(code).version
    assert stored["changes"] == {"jurisdiction": code, "version": version}
    assert stored["action_words"] == "Rule set version stored"
    today = dt.datetime.now(zoneinfo.ZoneInfo(zone)).date()  # the office's, read when asked
    reports = {
        "training": (),
        "portfolio": ("--from", (today - dt.timedelta(days=30)).isoformat(), "--to", str(today)),
    }
    for kind, period in reports.items():
        path = tmp_path / f"{kind}.pdf"
        code_, _out, err = cli("--lang", "zh_CN", "report", kind, *period, "--out", path, *db)
        assert code_ == 0, err
        text = "".join(page.extract_text() for page in PdfReader(path).pages)
        assert f"规则集 {label}" in text, kind
