"""`casedesk queue`, `case show`, `payment post`, `assign`; the queue order matches the window."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.cases.delinquency import loan_position
from app.cli.main import main
from app.models import Case, Loan, Payment
from tests.conftest import TEST_KEY


@pytest.fixture
def env(monkeypatch, demo_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _queue(capsys, db, *extra):
    capsys.readouterr()
    assert main(["queue", "--json", "--limit", "100000", *extra, *db]) == 0
    return json.loads(capsys.readouterr().out)


def test_queue_is_ordered_and_explained(capsys, env):
    result = _queue(capsys, env)
    cases = result["cases"]
    assert result["total"] == len(cases) > 10
    # The cases due now first, then the waiting ones (next action on a later day, or held),
    # each by score, DPD and amount overdue.
    keys = [(not c["waiting"], c["score"], c["dpd"], float(c["amount_overdue"])) for c in cases]
    assert keys == sorted(keys, reverse=True)
    assert {c["waiting"] for c in cases} == {False, True}
    assert all(sum(c["breakdown"].values()) == c["score"] for c in cases)
    assert all("*" in c["id_number"] for c in cases)
    m2 = _queue(capsys, env, "--bucket", "M2")["cases"]
    assert m2 and {c["bucket"] for c in m2} == {"M2"}
    assert [c["case_no"] for c in m2] == [c["case_no"] for c in cases if c["bucket"] == "M2"]


def test_queue_searched_in_pinyin_and_sorted_by_name(capsys, env):
    from app.names import name_initials, name_pinyin, name_typed

    cases = _queue(capsys, env)["cases"]
    by_name = _queue(capsys, env, "--sort", "borrower")["cases"]
    assert sorted(c["case_no"] for c in by_name) == sorted(c["case_no"] for c in cases)
    keys = [(name_pinyin(c["borrower"]), c["borrower"]) for c in by_name]
    assert keys == sorted(keys)
    backwards = _queue(capsys, env, "--sort", "borrower", "--reverse")["cases"]
    assert [c["case_no"] for c in backwards] == [c["case_no"] for c in reversed(by_name)]
    least_urgent = _queue(capsys, env, "--reverse")["cases"]
    assert [c["case_no"] for c in least_urgent] == [c["case_no"] for c in reversed(cases)]

    name = cases[0]["borrower"]
    initials = name_initials(name)
    found = _queue(capsys, env, "--search", initials)["cases"]
    assert cases[0]["case_no"] in {c["case_no"] for c in found}
    assert all(initials in name_typed(c["borrower"]) for c in found)
    spelled = name_pinyin(name).replace(" ", "")
    found = _queue(capsys, env, "--search", spelled)["cases"]
    assert {c["borrower"] for c in found} >= {name}
    assert all(spelled in name_typed(c["borrower"]) for c in found)


def test_queue_refuses_an_unknown_sort(capsys, env):
    assert main(["queue", "--sort", "shoe_size", *env]) == 2
    assert "shoe_size" in capsys.readouterr().err


def test_queue_order_matches_the_window(capsys, env, demo_path, qtbot):
    from app.auth import authenticate
    from db.store import open_database
    from ui.app import application
    from ui.main_window import MainWindow

    cli = [c["case_no"] for c in _queue(capsys, env)["cases"]]
    application()
    database = open_database(demo_path, TEST_KEY)
    try:
        window = MainWindow(database, authenticate(database.sessions, "supervisor", "demo"))
        qtbot.addWidget(window)
        model = window.queue.model
        shown = [model.row_data(r).case_no for r in range(model.rowCount())]
    finally:
        database.close()
    assert shown == cli


def test_agent_sees_own_queue_only(capsys, env, monkeypatch):
    everyone = _queue(capsys, env)["cases"]
    monkeypatch.setenv("CASEDESK_USER", "agent02")
    mine = _queue(capsys, env)["cases"]
    assert mine and len(mine) < len(everyone)
    names = {c["agent"] for c in mine}
    assert len(names) == 1


def test_case_show(capsys, env):
    first = _queue(capsys, env)["cases"][0]
    assert main(["case", "show", first["case_no"], *env]) == 0
    out = capsys.readouterr().out
    assert first["case_no"] in out and "Score" in out and "Timeline" in out
    # The chance of recovery says how it is reckoned on the line under it.
    lines = out.splitlines()
    chance = next(n for n, line in enumerate(lines) if line.endswith("  Chance of recovery"))
    assert "share of judged promises kept" in lines[chance + 1]
    assert main(["case", "show", first["case_no"], "--json", *env]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert sum(f["points"] for f in detail["breakdown"]) == detail["score"]
    assert {"recovery_chance", "action_due"} <= {f["key"] for f in detail["breakdown"]}
    assert main(["case", "show", "C1999-999999", *env]) == 1
    assert "Unknown case" in capsys.readouterr().err


def test_payment_post_cures_the_case(capsys, env, demo_path):
    from db.store import open_database

    case, other = [c for c in _queue(capsys, env)["cases"] if c["status"] != "legal"][:2]
    today = dt.date.today()
    db = open_database(demo_path, TEST_KEY)
    with db.session() as s:
        loan = s.scalar(select(Loan).where(Loan.loan_no == case["loan_no"]))
        owed = loan_position(s, loan.id, today).amount_overdue
    db.close()
    amount = f"{owed // 100}.{owed % 100:02d}"
    assert main(["payment", "post", case["loan_no"], amount, "--ref", "CLI-1", *env]) == 0
    out = capsys.readouterr().out
    assert "Posted" in out and "Closed" in out
    assert case["case_no"] not in [c["case_no"] for c in _queue(capsys, env)["cases"]]
    assert main(["payment", "post", other["loan_no"], "10", "--ref", "CLI-1", *env]) == 1
    assert "already posted" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args,message",
    [
        (["NO-SUCH-LOAN", "100"], "Unknown loan"),
        (["{loan}", "0"], "more than zero"),
        (["{loan}", "-5"], "more than zero"),
        (["{loan}", "12.345"], "two decimal places"),
        (["{loan}", "100", "--date", "2026-13-45"], "There is no such date: 2026-13-45."),
    ],
)
def test_bad_payments_save_nothing(capsys, env, demo_path, args, message):
    from db.store import open_database

    loan_no = _queue(capsys, env)["cases"][0]["loan_no"]
    db = open_database(demo_path, TEST_KEY)
    with db.session() as s:
        before = len(s.scalars(select(Payment.id)).all())
    db.close()
    code = main(["payment", "post", *[a.format(loan=loan_no) for a in args], *env])
    err = capsys.readouterr().err
    assert code == 1 and message in err and "Traceback" not in err
    db = open_database(demo_path, TEST_KEY)
    with db.session() as s:
        assert len(s.scalars(select(Payment.id)).all()) == before
    db.close()


def test_assign_by_hand_and_by_rule(capsys, env, demo_path):
    from db.store import open_database

    assert main(["assign", "--rule", "round-robin", *env]) == 0
    assert "Assigned" in capsys.readouterr().out
    cases = _queue(capsys, env)["cases"][:2]
    status = json.loads(_training_json(capsys, env))
    qualified = next(a["agent"] for a in status if a["phone_work"] and a["field_work"])
    assert (
        main(["assign", cases[0]["case_no"], cases[1]["case_no"], "--agent", qualified, *env]) == 0
    )
    db = open_database(demo_path, TEST_KEY)
    with db.session() as s:
        agents = {
            c.assigned_agent.username
            for c in s.scalars(select(Case).where(Case.case_no.in_([c["case_no"] for c in cases])))
        }
    db.close()
    assert agents == {qualified}
    assert main(["assign", "C1999-000001", "--agent", qualified, *env]) == 1
    assert "Unknown case" in capsys.readouterr().err
    assert main(["assign", *env]) == 1


def _training_json(capsys, env):
    capsys.readouterr()
    assert main(["training", "status", "--json", *env]) == 0
    return capsys.readouterr().out
