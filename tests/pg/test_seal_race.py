"""Two workstations on PostgreSQL sealing the first values of one borrower at once: each use case
makes the borrower's key when there is none (app/audit_seal.py), and the one that commits second
must use the key the first made, not fail on its unique key (nor make a second)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from app.audit_seal import open_changes, personal
from app.models import Borrower, BorrowerKey


def test_two_first_seals_of_one_borrower_at_once_both_commit(pg_demo_db) -> None:
    with pg_demo_db.session() as s:
        bid = s.scalar(
            select(Borrower.id)
            .where(~select(BorrowerKey).where(BorrowerKey.borrower_id == Borrower.id).exists())
            .order_by(Borrower.id)
            .limit(1)
        )
    sealed: dict[str, object] = {}
    failed: list[BaseException] = []

    def second() -> None:
        try:
            with pg_demo_db.session() as t:
                sealed["second"] = personal(t, bid, "second note")  # waits on the first's key
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failed.append(error)

    with pg_demo_db.session() as s:
        sealed["first"] = personal(s, bid, "first note")  # its key row written, not committed
        worker = threading.Thread(target=second)
        worker.start()
        worker.join(timeout=1.0)  # blocked on the key's primary key until this commits
        assert worker.is_alive()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert failed == []
    with pg_demo_db.session() as s:
        assert s.scalar(select(func.count()).where(BorrowerKey.borrower_id == bid)) == 1
        assert open_changes(s, sealed) == {"first": "first note", "second": "second note"}
