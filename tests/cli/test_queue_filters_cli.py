"""`casedesk queue` has the window's filters (unassigned, status, product, segment, promise due
today), read into the same QueueFilter and counted by the same query; a supervisor's listing of
one agent's cases says that agent's lapsed training; an agent is refused another agent's cases
or the unassigned ones rather than shown their own. QA: the CLI had fewer filters than the
window and `export queue`, and `--agent OTHER` as an agent was silently ignored."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from app.cli.main import main
from app.models import Case, CaseStatus, LoanProduct, User
from app.office import office_today
from app.queries.cases import QueueFilter, queue_count
from app.training.status import WorkKind, office_training
from db.store import open_database
from tests.conftest import TEST_KEY


@pytest.fixture
def office(demo_path, monkeypatch):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _total(capsys, office, *options: str) -> int:
    capsys.readouterr()
    assert main(["queue", "--json", "--db", str(office), *options]) == 0
    return int(json.loads(capsys.readouterr().out)["total"])


def test_each_of_the_windows_filters(capsys, office) -> None:
    database = open_database(office, TEST_KEY)
    try:
        with database.sessions() as s:
            boss = s.scalar(select(User).where(User.username == "supervisor"))
            product = s.scalars(select(LoanProduct.code).order_by(LoanProduct.code)).first()
            status = s.scalar(
                select(Case.status)
                .where(Case.assigned_agent_id.is_(None), Case.status != CaseStatus.CLOSED)
                .limit(1)
            )
            assert product and status
            filters = {
                ("--unassigned",): QueueFilter(unassigned=True),
                ("--status", status.value): QueueFilter(status=status.value),
                ("--product", product): QueueFilter(product_code=product),
                ("--segment", "young"): QueueFilter(segment="young"),
                ("--promise-due",): QueueFilter(promise_due_today=True),
                ("--unassigned", "--status", status.value): QueueFilter(
                    unassigned=True, status=status.value
                ),
            }
            expected = {k: queue_count(s, boss, f) for k, f in filters.items()}
            every = queue_count(s, boss, QueueFilter())
    finally:
        database.close()
    assert expected[("--unassigned",)] > 0 and expected[("--product", product)] > 0
    for options, count in expected.items():
        assert _total(capsys, office, *options) == count < every, options
    for wrong in (["--status", "closed"], ["--product", "NOPE"], ["--segment", "old"]):
        capsys.readouterr()
        assert main(["queue", "--db", str(office), *wrong]) != 0
        assert f"Unknown value {wrong[1]}; choose one of:" in capsys.readouterr().err


def test_a_supervisor_is_told_of_the_agents_lapsed_training(capsys, office, monkeypatch) -> None:
    database = open_database(office, TEST_KEY)
    try:
        with database.sessions() as s:
            states = office_training(s, office_today(s))
    finally:
        database.close()
    unfit = next(a for a in states if a.missing_for(WorkKind.PHONE))
    fit = next(a for a in states if a.qualified(WorkKind.PHONE) and a.qualified(WorkKind.FIELD))
    db = ["--db", str(office)]
    capsys.readouterr()
    assert main(["queue", "--agent", unfit.username, *db]) == 0
    first, second = capsys.readouterr().out.splitlines()[:2]
    assert first.startswith(f"{unfit.display_name}'s training for phone and field work has")
    assert "each call, SMS or letter they make needs a supervisor's override." in first
    assert first.endswith(f"casedesk assign --rule round-robin --from {unfit.username}")
    assert second.startswith("Work queue as of")
    assert main(["--lang", "zh_CN", "queue", "--agent", unfit.username, *db]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{unfit.display_name} 的电话催收与上门所需培训已过期或缺失（")
    assert main(["queue", "--json", "--agent", unfit.username, *db]) == 0
    notice = json.loads(capsys.readouterr().out)["training_notice"]
    assert notice and notice.startswith(f"{unfit.display_name}'s training")
    assert main(["queue", "--json", "--agent", fit.username, *db]) == 0
    assert json.loads(capsys.readouterr().out)["training_notice"] is None


def test_an_agent_sees_only_their_own_and_is_told_so(capsys, office, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_USER", "agent03")
    db = ["--db", str(office)]
    own = _total(capsys, office)
    assert own > 0 and _total(capsys, office, "--agent", "agent03") == own
    for options, said in (
        (["--agent", "agent04"], "leave out --agent"),
        (["--unassigned"], "leave out --unassigned"),
    ):
        capsys.readouterr()
        assert main(["queue", *db, *options]) != 0
        err = capsys.readouterr().err
        assert "You see only the cases assigned to you" in err and said in err
    assert main(["--lang", "zh_CN", "queue", *db, "--agent", "agent04"]) != 0
    assert "您只能查看分配给您的案件" in capsys.readouterr().err


def test_the_count_has_thousands_separators(capsys, office) -> None:
    database = open_database(office, TEST_KEY)
    columns = (
        "loan_id, status, opened_on, closed_on, close_reason, assigned_agent_id, assigned_at, "
        "next_action_on, computed_as_of, dpd, bucket, amount_overdue, score, score_breakdown, "
        "paused, last_contact_at, created_at, version"
    )
    try:
        with database.session() as s:
            copy = text(
                f'INSERT INTO "case" (case_no, {columns}) SELECT :p || case_no, {columns} '
                "FROM \"case\" WHERE case_no LIKE 'C%' AND status <> 'CLOSED'"
            )
            for prefix in "ABDEFGHIJKLMNOPQRSTUVWXYZ":  # the open cases again: over a thousand
                s.execute(copy, {"p": prefix})
            boss = s.scalar(select(User).where(User.username == "supervisor"))
            total = queue_count(s, boss, QueueFilter())
    finally:
        database.close()
    assert total >= 1000
    capsys.readouterr()
    assert main(["queue", "--limit", "5", "--db", str(office)]) == 0
    assert f": 5 of {total:,} open cases." in capsys.readouterr().out.splitlines()[0]
    assert main(["--lang", "zh_CN", "queue", "--limit", "5", "--db", str(office)]) == 0
    assert f"共 {total:,} 个" in capsys.readouterr().out.splitlines()[0]
