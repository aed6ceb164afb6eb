"""`casedesk assign CASE… --agent NAME` (found by QA on the work queue): the name the queue shows
is accepted, a deactivated agent is said to be, a case the agent holds already is left as it is
and said so, and past the office's capacity only with --over-capacity; English and Chinese."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import settings
from app.cli.main import main
from app.models import AuditEntry, Case, CaseStatus, User
from db.store import open_database
from tests.conftest import TEST_KEY

ASSIGN_ENTRIES = select(func.count()).where(AuditEntry.action == "case.assign")


def _office(demo_path, capacity: int | None = None) -> dict:  # type: ignore[no-untyped-def]
    """agent02 (fit for all work in the demo): name, open cases held, two more to give."""
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            agent = s.scalar(select(User).where(User.username == "agent02"))
            open_cases = select(Case.case_no).where(Case.status != CaseStatus.CLOSED, Case.dpd < 30)
            held = list(s.scalars(open_cases.where(Case.assigned_agent_id == agent.id)))
            others = list(
                s.scalars(
                    open_cases.where(
                        (Case.assigned_agent_id != agent.id) | Case.assigned_agent_id.is_(None)
                    )
                )
            )
            load = s.scalar(
                select(func.count()).where(
                    Case.assigned_agent_id == agent.id, Case.status != CaseStatus.CLOSED
                )
            )
            if capacity is not None:
                admin = s.scalar(select(User).where(User.username == "admin"))
                settings.put(s, admin, "assign.capacity_per_agent", load + capacity)
            entries = s.scalar(ASSIGN_ENTRIES)
            return {
                "name": agent.display_name,
                "held": held,
                "others": others[:2],
                "load": load,
                "entries": entries,
            }
    finally:
        database.close()


def _entries(demo_path) -> int:  # type: ignore[no-untyped-def]
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            return s.scalar(ASSIGN_ENTRIES)
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
def test_the_name_the_queue_shows_and_a_case_already_held(run, demo_path, lang) -> None:  # type: ignore[no-untyped-def]
    office = _office(demo_path)
    name, held, others = office["name"], office["held"], office["others"]
    assert held and len(others) == 2
    code, out, err = run("assign", held[0], "--agent", name, lang=lang)
    assert (code, err) == (0, "")
    assert (
        out
        == {
            "en": f"{held[0]} is already assigned to {name}: nothing changed.",
            "zh_CN": f"案件 {held[0]} 已由 {name} 负责：未作任何改动。",
        }[lang]
    )
    assert _entries(demo_path) == office["entries"]  # no "A → A" entry
    code, out, err = run("assign", held[0], *others, "--agent", name, lang=lang)
    assert (code, err) == (0, "")
    first, number = out.splitlines()  # then the assignment's number, to undo it by
    assert (
        first
        == {
            "en": f"Assigned 2 cases. 1 was already with {name}.",
            "zh_CN": f"已分配 2 个案件。另有 1 个案件本已由 {name} 负责。",
        }[lang]
    )
    assert number.endswith(f"casedesk assign-undo {number.split()[-1]}")
    assert _entries(demo_path) == office["entries"] + 2
    code, out, _err = run("queue", "--agent", name, "--json", lang=lang)
    assert code == 0 and all(n in out for n in others)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_deactivated_agent_is_said_to_be(run, demo_path, lang) -> None:  # type: ignore[no-untyped-def]
    office = _office(demo_path)
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            s.scalar(select(User).where(User.username == "agent02")).active = False
    finally:
        database.close()
    for args in (("assign", office["others"][0]), ("queue",)):
        code, _out, err = run(*args, "--agent", "agent02", lang=lang)
        assert code == 1
        assert (
            err
            == {
                "en": "casedesk: agent02 was deactivated: choose an active agent.",
                "zh_CN": "casedesk: agent02 已停用：请选择一位在职催收员。",
            }[lang]
        )


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_past_the_capacity_only_with_over_capacity(run, demo_path, lang) -> None:  # type: ignore[no-untyped-def]
    office = _office(demo_path, capacity=1)
    name, others, load = office["name"], office["others"], office["load"]
    code, out, err = run("assign", *others, "--agent", "agent02", lang=lang)
    assert (code, out) == (1, "")
    assert (
        err
        == {
            "en": f"casedesk: {name} would hold {load + 2} open cases; the office's capacity is "
            f"{load + 1}. Nothing was assigned: give --over-capacity to assign them all the same, "
            "or choose another agent.",
            "zh_CN": f"casedesk: {name} 将持有 {load + 2} 个未结案件，而本营业部每位催收员的上限为 "
            f"{load + 1} 个。未分配任何案件：如仍要分配，请加上 --over-capacity，"
            "或选择另一位催收员。",
        }[lang]
    )
    assert _entries(demo_path) == office["entries"]
    code, out, err = run("assign", *others, "--agent", "agent02", "--over-capacity", lang=lang)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == {"en": "Assigned 2 cases.", "zh_CN": "已分配 2 个案件。"}[lang]
    code, _out, err = run("assign", "--unassign", "--over-capacity", others[0], lang=lang)
    assert code == 1 and "--over-capacity" in err
