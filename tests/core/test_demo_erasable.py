"""The demo office always holds a borrower whose personal data may be erased: a case past its
records retention whose borrower has nothing else kept. Built on 1 January 2027 (seed 7, 300
loans, the test suite's demo), its one case past retention had a borrower with another loan still
active: it was listed, but every erasure was refused, and the demo moved no loan back because
the office already had a case past retention."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import select

from app.demo import build_demo
from app.erasure import erasure_refusal
from app.models import Borrower, Case, Loan
from app.retention import past_retention, retention_rule
from db.store import open_database
from tests.conftest import DEMO_LOANS, DEMO_SEED, TEST_KEY

AS_OF = dt.date(2027, 1, 1)
NOON = dt.datetime(2027, 1, 1, 4, tzinfo=dt.UTC)  # 12:00 on 1 January in Shanghai


def test_a_borrower_past_retention_may_be_erased(template_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, TEST_KEY)
    try:
        build_demo(database, loans=DEMO_LOANS, seed=DEMO_SEED, as_of=AS_OF, now=NOON)
        with database.session() as s:
            rule = retention_rule(s)
            assert rule is not None
            past = past_retention(s, AS_OF).cases
            assert past
            refusals = [
                erasure_refusal(
                    s,
                    s.scalar(select(Borrower).join(Loan).join(Case).where(Case.id == p.case_id)),
                    rule,
                    AS_OF,
                )
                for p in past
            ]
            assert None in refusals, refusals
    finally:
        database.close()
