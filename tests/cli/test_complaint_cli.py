"""`casedesk complaint`: record, list, show, assign, note, lift and resolve complaints from the
command line, each checked against the database read back on its own."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import AuditEntry, Case, CaseStatus, Complaint, ComplaintStatus, User
from app.office import office_today
from db.store import open_database
from tests.conftest import TEST_KEY

WORKED = (CaseStatus.NEW, CaseStatus.CONTACTED)


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _read(path: Path, query):  # type: ignore[no-untyped-def]
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return query(s)
    finally:
        database.close()


def _agents_open_case(path: Path) -> tuple[str, str]:
    """An agent and an open, unpaused case of theirs with no complaint on it."""

    def query(s):  # type: ignore[no-untyped-def]
        row = s.execute(
            select(User.username, Case.case_no)
            .join(Case, Case.assigned_agent_id == User.id)
            .where(
                Case.status.in_(WORKED),
                ~Case.id.in_(select(Complaint.case_id).where(Complaint.case_id.is_not(None))),
            )
            .order_by(Case.id)
            .limit(1)
        ).one()
        return row.username, row.case_no

    return _read(path, query)


def _complaint(path: Path, number: str) -> Complaint:
    def query(s):  # type: ignore[no-untyped-def]
        found = s.scalar(select(Complaint).where(Complaint.complaint_no == number))
        s.expunge(found)
        return found

    return _read(path, query)


def _count(path: Path) -> int:
    return _read(path, lambda s: s.scalar(select(func.count(Complaint.id))))


def test_an_agent_records_a_complaint_on_their_case_and_it_pauses_contact(
    office: Path, cli
) -> None:
    agent, case_no = _agents_open_case(office)
    code, out, err = cli(
        "complaint", "record", "--case", case_no, "--source", "relative", "--channel", "phone",
        "--category", "third_party_disclosure", "--description", "Told my sister about the debt.",
        "--db", office, "--user", agent, "--json",
    )  # fmt: skip
    assert code == 0, err
    shown = json.loads(out)
    saved = _complaint(office, shown["complaint"])
    today = _read(office, office_today)
    assert saved.received_on == today and saved.status is ComplaintStatus.OPEN
    assert saved.deadline_on == today + dt.timedelta(days=15)  # the CN rule set's answer period
    assert shown["deadline_on"] == saved.deadline_on.isoformat() and shown["pauses_contact"]
    assert shown["case"] == case_no and shown["category"] == "third_party_disclosure"
    status = _read(office, lambda s: s.scalar(select(Case.status).where(Case.case_no == case_no)))
    assert status is CaseStatus.PAUSED
    actions = _read(
        office,
        lambda s: list(
            s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == saved.complaint_no))
        ),
    )
    assert actions == ["complaint.record"]


def test_refusals_write_nothing_and_say_why(office: Path, cli) -> None:
    agent, case_no = _agents_open_case(office)
    other = _read(
        office,
        lambda s: s.scalar(
            select(Case.case_no)
            .join(User, User.id == Case.assigned_agent_id)
            .where(User.username != agent, Case.status.in_(WORKED))
            .limit(1)
        ),
    )
    before = _count(office)
    base = ("--source", "borrower", "--channel", "phone", "--category", "harassment")
    code, _out, err = cli(
        "complaint", "record", "--case", other, *base, "--description", "x",
        "--db", office, "--user", agent,
    )  # fmt: skip
    assert code != 0 and other in err
    code, _out, err = cli(
        "complaint", "record", *base, "--description", "x", "--db", office, "--user", "supervisor"
    )
    assert code != 0 and "a case, an agent, or both" in err
    code, _out, err = cli(
        "complaint", "record", "--case", case_no, *base, "--description", "x",
        "--received", (dt.date.today() + dt.timedelta(days=40)).isoformat(),
        "--db", office, "--user", "supervisor",
    )  # fmt: skip
    assert code != 0 and "in the future" in err
    code, _out, err = cli(
        "complaint", "record", "--case", case_no, *base, "--description", "  ",
        "--db", office, "--user", "supervisor",
    )  # fmt: skip
    assert code != 0 and "needs a description" in err
    assert _count(office) == before


def test_a_supervisor_investigates_lifts_and_resolves(office: Path, cli) -> None:
    agent, case_no = _agents_open_case(office)
    code, out, err = cli(
        "complaint", "record", "--case", case_no, "--agent", agent, "--source", "borrower",
        "--channel", "letter", "--category", "harassment", "--description", "Late calls.",
        "--complex", "--db", office, "--user", "supervisor", "--json",
    )  # fmt: skip
    assert code == 0, err
    number = json.loads(out)["complaint"]
    assert _complaint(office, number).complex
    code, _out, err = cli(
        "complaint", "assign", number, "supervisor", "--db", office, "--user", agent
    )
    assert code != 0 and "may not handle complaints" in err
    code, out, err = cli(
        "complaint", "assign", number, "supervisor", "--db", office, "--user", "supervisor"
    )
    assert code == 0, err
    assert "investigator named" in out
    code, out, err = cli(
        "complaint", "note", number, "Listened to the call of 1 December.",
        "--db", office, "--user", "supervisor",
    )  # fmt: skip
    assert code == 0, err
    assert "Listened to the call of 1 December." in out
    code, out, err = cli(
        "--lang", "zh_CN", "complaint", "lift", number, "--reason", "同意回电",
        "--db", office, "--user", "supervisor",
    )  # fmt: skip
    assert (code, out) == (1, "") and "请填写至少 10 个字符的理由（一个汉字计两个字符）。" in err
    assert _complaint(office, number).pause_lifted_at is None
    code, out, err = cli(
        "complaint", "lift", number, "--reason", "Borrower asked to be called about a plan.",
        "--db", office, "--user", "supervisor", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert not json.loads(out)["pauses_contact"]
    saved = _complaint(office, number)
    assert saved.status is ComplaintStatus.INVESTIGATING and saved.pause_lifted_at is not None
    code, out, err = cli(
        "complaint", "resolve", number, "--outcome", "Agent retrained.", "--upheld",
        "--db", office, "--user", "supervisor",
    )  # fmt: skip
    assert code == 0, err
    saved = _complaint(office, number)
    assert saved.status is ComplaintStatus.RESOLVED and saved.outcome == "Agent retrained."
    assert saved.closed_on == _read(office, office_today)
    assert f"Complaint {number} resolved." in out
    code, _out, err = cli(
        "complaint", "resolve", number, "--outcome", "again", "--not-upheld",
        "--db", office, "--user", "supervisor",
    )  # fmt: skip
    assert code != 0 and "closed" in err
    assert _complaint(office, number).status is ComplaintStatus.RESOLVED
    # The one it is against sees it without the investigation's notes.
    code, out, err = cli("complaint", "show", number, "--db", office, "--user", agent, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["notes"] == [] and shown["notes_withheld"] and shown["status"] == "resolved"


def test_the_list_is_the_open_complaints_by_deadline(office: Path, cli) -> None:
    def query(s):  # type: ignore[no-untyped-def]
        return list(
            s.scalars(
                select(Complaint.complaint_no)
                .where(Complaint.status.in_((ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)))
                .order_by(Complaint.deadline_on, Complaint.complaint_no)
            )
        )

    expected = _read(office, query)
    code, out, err = cli("complaint", "list", "--db", office, "--user", "supervisor", "--json")
    assert code == 0, err
    assert [r["complaint"] for r in json.loads(out)] == expected and expected
    code, out, err = cli(
        "complaint", "list", "--all", "--db", office, "--user", "supervisor", "--json"
    )
    assert len(json.loads(out)) == _count(office) > len(expected)
    code, out, err = cli(
        "--lang", "zh_CN", "complaint", "list", "--db", office, "--user", "supervisor"
    )
    assert code == 0, err
    assert out.splitlines()[0].split()[0] == "投诉" and all(n in out for n in expected)


def test_show_in_chinese(office: Path, cli) -> None:
    number = _read(
        office, lambda s: s.scalar(select(Complaint.complaint_no).order_by(Complaint.id))
    )
    code, out, err = cli(
        "--lang", "zh_CN", "complaint", "show", number, "--db", office, "--user", "supervisor"
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"投诉 {number}"
    assert any(line.strip().startswith("答复期限：") for line in lines)
    assert "投诉内容" in lines and "调查备注" in lines
