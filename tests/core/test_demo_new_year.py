"""The suite's demo (seed 7, 300 loans) built on 1 January 2027, where it fell short:

- its one case past retention had a borrower with another loan still active: it was listed, but
  every erasure was refused, and the demo moved no loan back because the office already had a
  case past retention. It now holds a borrower whose personal data may be erased.
- its history had no complaint under investigation, so the demo added one (app/demo/
  every_state.py) with an investigator named but no finding noted, unlike its others."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth import authenticate
from app.complaint_detail import NOTE, complaint_detail
from app.demo import build_demo
from app.erasure import erasure_refusal
from app.models import Borrower, Case, Complaint, ComplaintStatus, Loan
from app.retention import past_retention, retention_rule
from db.store import Database, open_database
from tests.conftest import DEMO_LOANS, DEMO_SEED, TEST_KEY

AS_OF = dt.date(2027, 1, 1)
NOON = dt.datetime(2027, 1, 1, 4, tzinfo=dt.UTC)  # 12:00 on 1 January in Shanghai


def built_at(
    template_db: Path, factory: pytest.TempPathFactory, as_of: dt.date, now: dt.datetime
) -> Database:
    """The suite's demo (seed and size as the template's) built on `as_of` at `now` (UTC)."""
    path = factory.mktemp(f"demo-{as_of:%Y%m%d}") / "demo.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, TEST_KEY)
    build_demo(database, loans=DEMO_LOANS, seed=DEMO_SEED, as_of=as_of, now=now)
    return database


@pytest.fixture(scope="module")
def new_year(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = built_at(template_db, tmp_path_factory, AS_OF, NOON)
    yield database
    database.close()


def erasure_refusals(database: Database, as_of: dt.date) -> list[str | None]:
    """Each case past its retention on `as_of`: why its borrower may not be erased (None: may)."""
    with database.session() as s:
        rule = retention_rule(s)
        assert rule is not None
        return [
            erasure_refusal(
                s,
                s.scalar(select(Borrower).join(Loan).join(Case).where(Case.id == p.case_id)),
                rule,
                as_of,
            )
            for p in past_retention(s, as_of).cases
        ]


def test_a_borrower_past_retention_may_be_erased(new_year: Database) -> None:
    refusals = erasure_refusals(new_year, AS_OF)
    assert None in refusals, refusals


def test_a_complaint_under_investigation_has_a_finding(new_year: Database) -> None:
    supervisor = authenticate(new_year.sessions, "supervisor", "demo")
    with new_year.sessions() as s:
        investigating = s.scalars(
            select(Complaint).where(Complaint.status == ComplaintStatus.INVESTIGATING)
        ).all()
        assert investigating
        for c in investigating:
            detail = complaint_detail(s, supervisor, c.complaint_no)
            assert detail.investigator is not None, c.complaint_no
            assert [n for n in detail.notes if n.kind == NOTE], c.complaint_no
