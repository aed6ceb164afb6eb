"""An import's queue rebuild while this computer's clock is behind (QA s46 K-2): as `queue
--rebuild`, it is not run as of an earlier day than the queue was built for (it would close and
judge cases by a day already past); the import itself stands and the report says why. The
office's last work is put two days after this moment: no hour or day matters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from app.importer import import_file
from app.models import AuditEntry, Case, CaseStatus, Loan, LoanStatus, Payment, User
from app.office import office_today
from tests.core import importer_files as f
from tests.core.test_clock_behind import built_ahead


def payments_file(database, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """One payment of 10.00 to the demo's first active loan, dated the office's today."""
    with database.sessions() as s:
        loan_no = s.scalar(
            select(Loan.loan_no).where(Loan.status == LoanStatus.ACTIVE).order_by(Loan.id).limit(1)
        )
        day = office_today(s)
    row = [loan_no, day.isoformat(), "10.00", "K2-CLOCK-1", "转账"]
    return f.write_csv(folder / "p.csv", f.PAYMENT_ZH, [row])


def open_days(database) -> set[dt.date | None]:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return set(s.scalars(select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED)))


def rebuilds(database) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "queue.rebuild")
        )


def _import(database, path: Path, **options: object):  # type: ignore[no-untyped-def]
    with database.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, admin, "payments", path, **options)  # type: ignore[arg-type]


def test_a_payments_import_does_not_rebuild_for_an_earlier_day(demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    built = built_ahead(demo_db)
    before = rebuilds(demo_db)
    report = _import(demo_db, payments_file(demo_db, tmp_path), rebuild=True)
    assert report.imported and report.new == 1 and not report.errors
    assert report.queue_waits
    with demo_db.sessions() as s:
        today = office_today(s)
        assert s.scalar(select(func.count()).where(Payment.reference == "K2-CLOCK-1")) == 1
    assert report.queue.startswith(
        f"Not rebuilding the queue as of {today.isoformat()}: it was already built as of "
        f"{built.isoformat()}"
    )
    assert rebuilds(demo_db) == before  # nothing rebuilt, no case closed as of today
    assert open_days(demo_db) == {built}


def test_a_sound_clock_rebuilds_after_the_import(demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    before = rebuilds(demo_db)
    report = _import(demo_db, payments_file(demo_db, tmp_path))  # payments: rebuilt by default
    assert report.imported and not report.queue_waits
    assert report.queue.startswith("Queue rebuilt as of")
    assert rebuilds(demo_db) == before + 1
