"""Complaints near their deadline: the list the dashboard's tile counts (open, answer due within
COMPLAINT_SOON_DAYS or overdue), from the core, as an export and from `casedesk export
complaints --near-deadline`, each checked against a query of its own."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app import settings
from app.complaint_list import complaints_list
from app.complaints import record_complaint
from app.models import Case, CaseStatus, Complaint, ComplaintStatus, User
from app.queries.dashboard import COMPLAINT_SOON_DAYS, dashboard
from db.store import open_database
from tests.conftest import TEST_KEY


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo office with three more complaints: due in one day, overdue, due in 13 days."""
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            sup = s.scalar(select(User).where(User.username == "supervisor"))
            case_no = s.scalar(
                select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
            )
            today = settings.as_of(s)
            for days_ago in (14, 16, 2):
                record_complaint(
                    s,
                    sup,
                    case_no=case_no,
                    agent_username=None,
                    received_on=today - dt.timedelta(days=days_ago),
                    source="borrower",
                    channel="phone",
                    category="harassment",
                    description="Called three times in an hour.",
                )
    finally:
        database.close()
    return demo_path


def _near_by_query(path: Path) -> list[str]:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            last = settings.as_of(s) + dt.timedelta(days=COMPLAINT_SOON_DAYS)
            return list(
                s.scalars(
                    select(Complaint.complaint_no)
                    .where(
                        Complaint.status.in_((ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)),
                        Complaint.deadline_on <= last,
                    )
                    .order_by(Complaint.deadline_on, Complaint.complaint_no)
                )
            )
    finally:
        database.close()


def test_the_core_lists_what_the_tile_counts(office: Path) -> None:
    expected = _near_by_query(office)
    database = open_database(office, TEST_KEY)
    try:
        with database.sessions() as s:
            sup = s.scalar(select(User).where(User.username == "supervisor"))
            near = complaints_list(s, sup, near_deadline=True)
            every_open = complaints_list(s, sup)
            tile = dashboard(s, sup).complaints_near_deadline
    finally:
        database.close()
    assert len(expected) >= 2 and [r.complaint_no for r in near] == expected
    assert tile == len(near) < len(every_open)
    # Closed ones never, even when `open_only` is left off.
    assert all(r.days_left is not None and r.days_left <= COMPLAINT_SOON_DAYS for r in near)


def test_casedesk_export_complaints_near_deadline(office: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "near.csv"
    code, _out, err = cli(
        "export", "complaints", out, "--near-deadline", "--db", office, "--user", "supervisor"
    )
    assert code == 0, err
    with out.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert [r[0] for r in rows] == _near_by_query(office)
    every = tmp_path / "open.csv"
    code, _out, err = cli("export", "complaints", every, "--db", office, "--user", "supervisor")
    assert code == 0, err
    with every.open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) - 1 > len(rows)
