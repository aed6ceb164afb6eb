"""`casedesk dashboard` says what was contacted today, as the window's tile: open cases, then the
contacts, conversations and promises to pay (an agent: their own cases); --json carries them."""

from __future__ import annotations

import json

from app.auth import authenticate
from app.queries.dashboard import dashboard
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.contacts_today import seed_todays_contacts


def test_the_dashboard_line_counts_todays_contacts(cli, demo_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    database = seed_todays_contacts(open_database(demo_path, TEST_KEY))
    with database.sessions() as s:
        done = {
            name: dashboard(s, authenticate(database.sessions, name, "demo")).today
            for name in ("supervisor", "agent01")
        }
    database.close()
    for name, d in done.items():
        code, out, _err = cli("--db", demo_path, "dashboard", "--user", name)
        assert code == 0
        cases = "case" if d.cases == 1 else "cases"
        line = next(line for line in out.splitlines() if line.startswith("Contacted today:"))
        assert line.startswith(f"Contacted today: {d.cases} open {cases} ({d.contacts} contacts: ")
    agent = done["agent01"]
    code, out, _err = cli("--db", demo_path, "--lang", "zh_CN", "dashboard", "--user", "agent01")
    assert f"今天已联系：未结案件 {agent.cases} 个（联系 {agent.contacts} 次：" in out
    code, out, _err = cli("--db", demo_path, "dashboard", "--user", "supervisor", "--json")
    today = json.loads(out)["today"]
    assert code == 0 and today["contacts"] == done["supervisor"].contacts > 0
    assert today["promises"] == done["supervisor"].promises
