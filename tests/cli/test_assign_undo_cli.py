"""`casedesk assign` prints the assignment's number; `casedesk assign-undo NUMBER --yes` gives its
cases back to their previous holders (a script is never asked, and without --yes it is refused);
English and Chinese."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.models import AuditEntry, Case, CaseStatus, User
from db.store import open_database
from tests.conftest import TEST_KEY


def _holders(demo_path, numbers: list[str]) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            rows = s.execute(
                select(Case.case_no, Case.assigned_agent_id).where(Case.case_no.in_(numbers))
            )
            return dict(rows.all())
    finally:
        database.close()


def _three_not_agent02(demo_path) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            agent = s.scalar(select(User).where(User.username == "agent02"))
            query = select(Case.case_no).where(
                Case.status != CaseStatus.CLOSED,
                Case.dpd < 30,
                Case.assigned_agent_id.is_distinct_from(agent.id),
            )
            return list(s.scalars(query.order_by(Case.id)))[:3], agent.id
    finally:
        database.close()


@pytest.fixture
def run(capsys, monkeypatch, demo_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")

    def go(*args: str, lang: str = "en") -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--lang", lang, *args, "--db", str(demo_path)])
        got = capsys.readouterr()
        return code, got.out.strip(), got.err.strip()

    return go


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_assign_prints_its_number_and_assign_undo_gives_the_cases_back(
    run, demo_path, lang
) -> None:  # type: ignore[no-untyped-def]
    chosen, agent02 = _three_not_agent02(demo_path)
    assert len(chosen) == 3
    before = _holders(demo_path, chosen)
    code, out, err = run("assign", *chosen, "--agent", "agent02", "--over-capacity", lang=lang)
    assert (code, err) == (0, "")
    said = {"en": r"Assignment (\d+); undo it with", "zh_CN": r"分配编号 (\d+)；如需撤销"}[lang]
    found = re.search(said, out)
    assert found, out
    number = found.group(1)
    assert out.endswith(f"casedesk assign-undo {number}")
    assert set(_holders(demo_path, chosen).values()) == {agent02}
    code, out, err = run("assign-undo", number, lang=lang)  # a script is not asked: refused
    assert code != 0 and "--yes" in err
    assert set(_holders(demo_path, chosen).values()) == {agent02}
    code, out, err = run("assign-undo", number, "--yes", lang=lang)
    assert (code, err) == (0, "")
    assert (
        out
        == {
            "en": "Assignment undone: 3 cases are back with their previous agents, or "
            "unassigned as they were.",
            "zh_CN": "已撤销分配：3 个案件已回到原催收员名下，原先未分配的恢复为未分配。",
        }[lang]
    )
    assert _holders(demo_path, chosen) == before
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            undone = s.scalars(
                select(AuditEntry).where(AuditEntry.action == "case.assign").order_by(AuditEntry.id)
            ).all()[-3:]
            assert [e.entity_id for e in undone] == chosen
            assert {(e.changes["why"], e.changes["batch"]) for e in undone} == {
                ("undone", int(number))
            }
    finally:
        database.close()
    code, out, err = run("assign-undo", number, "--yes", lang=lang)
    assert code != 0
    assert (
        err
        == {
            "en": f"casedesk: Assignment {number} has been undone already.",
            "zh_CN": f"casedesk: 分配 {number} 已经撤销过了。",
        }[lang]
    )


def test_an_agent_may_not_undo(run, demo_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    chosen, agent02 = _three_not_agent02(demo_path)
    code, out, _err = run("assign", *chosen, "--agent", "agent02", "--over-capacity")
    number = re.search(r"Assignment (\d+);", out).group(1)  # type: ignore[union-attr]
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    code, out, err = run("assign-undo", number, "--yes")
    assert code != 0 and "agent01" in err
    assert set(_holders(demo_path, chosen).values()) == {agent02}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_assign_undo_leaves_cases_whose_previous_agent_is_no_longer_trained(
    run, demo_path, lang
) -> None:  # type: ignore[no-untyped-def]
    """QA: the cases went back to an agent whose required training had lapsed, without a word."""
    import datetime as dt

    from app.cases.assignment import assign_cases, unassign_cases
    from app.models import TrainingRecord
    from app.office import office_today
    from app.training import WorkKind, office_training

    chosen, agent02 = _three_not_agent02(demo_path)
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            boss = s.scalar(select(User).where(User.username == "supervisor"))
            unassign_cases(s, boss, chosen[:1])  # back to the queue: no training asked
            fit = [
                a.agent_id
                for a in office_training(s, office_today(s))
                if a.qualified(WorkKind.PHONE) and a.agent_id != agent02
            ]
            holder = s.get_one(User, fit[0])
            assign_cases(s, boss, chosen[1:], holder.username, over_capacity=True)
            for record in s.scalars(
                select(TrainingRecord).where(TrainingRecord.agent_id == holder.id)
            ):
                record.expires_on = dt.date(2000, 1, 1)
    finally:
        database.close()
    code, out, err = run("assign", *chosen, "--agent", "agent02", "--over-capacity", lang=lang)
    number = re.search(r"(\d+)", out.splitlines()[-1]).group(1)  # type: ignore[union-attr]
    code, out, err = run("assign-undo", number, "--yes", lang=lang)
    assert (code, err) == (0, "")
    assert (
        out
        == {
            "en": "Assignment undone: 1 case is back with its previous agent, or unassigned as it "
            "was. 2 cases stay with their agent: their previous agents' required training has "
            "lapsed.",
            "zh_CN": "已撤销分配：1 个案件已回到原催收员名下，原先未分配的恢复为未分配。"
            "2 个案件仍由现催收员负责：原催收员的必修培训已过期。",
        }[lang]
    )
    now = _holders(demo_path, chosen)
    assert now == {chosen[0]: None, chosen[1]: agent02, chosen[2]: agent02}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_case_show_tells_an_undo_from_an_assignment(run, demo_path, lang) -> None:  # type: ignore[no-untyped-def]
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            agent02 = s.scalar(select(User).where(User.username == "agent02"))
            held = select(Case.case_no, Case.assigned_agent_id).where(
                Case.status != CaseStatus.CLOSED,
                Case.dpd < 30,
                Case.assigned_agent_id.is_not(None),
                Case.assigned_agent_id != agent02.id,
            )
            case_no, holder_id = s.execute(held.order_by(Case.id).limit(1)).one()
            holder = s.get_one(User, holder_id).display_name
    finally:
        database.close()
    code, out, err = run("assign", case_no, "--agent", "agent02", "--over-capacity")
    number = re.search(r"Assignment (\d+);", out).group(1)  # type: ignore[union-attr]
    assert run("assign-undo", number, "--yes")[0] == 0
    code, out, err = run("case", "show", case_no, lang=lang)
    assert code == 0, err
    said = {
        "en": f"Assignment undone: back to {holder} (assignment {number})",
        "zh_CN": f"已撤销分配：回到 {holder} 名下（分配 {number}）",
    }[lang]
    assert said in out


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_hand_back_prints_its_number_and_assign_undo_gives_the_cases_back(
    run, demo_path, lang
) -> None:  # type: ignore[no-untyped-def]
    """A hand-back to the queue is an assignment too: `assign --unassign` said no number, so a
    wrong hand-back of many cases could not be undone."""
    chosen, agent02 = _three_not_agent02(demo_path)
    code, out, err = run("assign", *chosen, "--agent", "agent02", "--over-capacity", lang=lang)
    assert (code, err) == (0, "")
    code, out, err = run("assign", *chosen, "--unassign", lang=lang)
    assert (code, err) == (0, "")
    said = {"en": r"Assignment (\d+); undo it with", "zh_CN": r"分配编号 (\d+)；如需撤销"}[lang]
    found = re.search(said, out)
    assert found, out
    assert set(_holders(demo_path, chosen).values()) == {None}
    code, out, err = run("assign-undo", found.group(1), "--yes", lang=lang)
    assert (code, err) == (0, "")
    assert set(_holders(demo_path, chosen).values()) == {agent02}


def test_a_hand_back_of_cases_already_unassigned_has_no_number(run, demo_path) -> None:  # type: ignore[no-untyped-def]
    chosen, _agent02 = _three_not_agent02(demo_path)
    run("assign", *chosen, "--unassign")
    code, out, err = run("assign", *chosen, "--unassign")
    assert (code, err) == (0, "")
    assert "assign-undo" not in out and "already unassigned" in out
