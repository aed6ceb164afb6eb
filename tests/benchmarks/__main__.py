"""Time the queue on the reference office (`casedesk demo --loans 100000 --seed 7`).

    python -m tests.benchmarks [--loans N] [--repeat R] [--quick] [--fresh]
    python -m tests.benchmarks --import [--loans N | --quick]   (the loan-book import)

Builds the demo office once (timed, through the real CLI) into a cache file, then times each
operation R times and prints median, spread, a baseline measured in the same run, and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH_KEY = "be" * 32


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm the page cache and the statement caches once
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _build(path: Path, loans: int, seed: int) -> float | None:
    if path.exists():
        return None
    env = dict(os.environ, CASEDESK_DB_KEY=BENCH_KEY)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "demo",
            "--loans",
            str(loans),
            "--seed",
            str(seed),
            "--db",
            str(path),
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _agreement_ops(database: object, user: object) -> list[tuple[str, object, object, str]]:
    """The agreement PDF of the demo agreement with the longest plan (gathered and rendered, the
    print's audit entry rolled back), against a bare ReportLab canvas writing as many rows."""
    import io

    from reportlab.pdfgen.canvas import Canvas
    from sqlalchemy import func, select

    from app.agreements import gather_document
    from app.models import Agreement, AgreementInstalment
    from reports.agreement import render_agreement
    from tests.benchmarks.reports import baseline_font

    with database.session() as s:  # type: ignore[attr-defined]
        found = s.execute(
            select(Agreement.agreement_no, func.count(AgreementInstalment.id))
            .join(AgreementInstalment, AgreementInstalment.agreement_id == Agreement.id)
            .group_by(Agreement.id)
            .order_by(func.count(AgreementInstalment.id).desc(), Agreement.id)
            .limit(1)
        ).first()
    if found is None:
        return []
    number, rows = found

    def agreement_pdf() -> None:
        with database.sessions() as s:  # type: ignore[attr-defined]
            render_agreement(gather_document(s, user, number), io.BytesIO())  # type: ignore[arg-type]
            s.rollback()

    def bare_canvas() -> None:
        font = baseline_font()
        canvas = Canvas(io.BytesIO())
        canvas.setFont(font, 9)
        for k in range(rows + 40):  # the plan rows plus the parties, loan, terms and signatures
            canvas.drawString(50, 800 - (k % 70) * 11, f"{k} 2027-01-15 1,234.56 还款协议")
            if k % 70 == 69:
                canvas.showPage()
                canvas.setFont(font, 9)
        canvas.save()

    return [
        (
            f"agreement PDF ({number}, {rows} rows)",
            agreement_pdf,
            ("bare ReportLab canvas, same rows", bare_canvas),
            "≤ 300 ms",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks")
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="10,000 loans, 3 repeats")
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached demo office")
    parser.add_argument("--only", default=None, help="only the operations whose name has this")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    parser.add_argument(
        "--import",
        dest="import_book",
        action="store_true",
        help="time the loan-book import against executemany (tests/benchmarks/importing.py)",
    )
    parser.add_argument(
        "--growth",
        nargs="?",
        const="10000,100000,300000",
        metavar="SIZES",
        help="queue rebuild and first page at each office size (default 10000,100000,300000; "
        "builds the missing offices, minutes for 300k) (tests/benchmarks/growth.py)",
    )
    args = parser.parse_args()
    if args.quick:
        args.loans, args.repeat = 10_000, 3
    if args.import_book:
        from tests.benchmarks.importing import main as import_benchmark

        return import_benchmark(["--loans", str(args.loans)])
    if args.growth:
        from tests.benchmarks.growth import report

        sizes = [int(n) for n in args.growth.split(",")]
        lines = report(sizes, args.seed, args.cache, BENCH_KEY, args.repeat, _build, _timed)
        print(*lines, sep="\n")
        return 0
    path = args.cache / f"casedesk-bench-{args.loans}-{args.seed}.db"
    if args.fresh and path.exists():
        path.unlink()
    build = _build(path, args.loans, args.seed)

    from sqlalchemy import func, select, text

    from app.auth import authenticate
    from app.cases.rebuild import rebuild_queue
    from app.compliance import startup_check
    from app.contacts import check_contact
    from app.models import Borrower, Case, CaseStatus, ContactAttempt, Loan
    from app.office import office_today
    from app.queries.borrowers import borrower_count, borrower_ids, borrower_rows
    from app.queries.case_page import case_detail
    from app.queries.cases import QueueFilter, queue_count, queue_head, queue_ids, queue_rows
    from app.queries.loans import loan_count, loan_ids, loan_rows
    from db.store import open_database

    database = open_database(path, BENCH_KEY)
    user = authenticate(database.sessions, "supervisor", "demo")
    with database.session() as s:  # the office's today, as the queue's date defaults to
        as_of = office_today(s)
    with database.session() as s:  # as the office would at start: rule set stored, queue built
        startup_check(s)
        rebuild_queue(s, None, as_of)
        top = queue_ids(s, user, QueueFilter(), as_of)[0]
        national_id, name, typed = s.execute(
            select(Borrower.national_id, Borrower.name, Borrower.name_typed)
            .join(Loan, Loan.borrower_id == Borrower.id)
            .join(Case, Case.loan_id == Loan.id)
            .where(Case.status != CaseStatus.CLOSED)
            .order_by(Case.id.desc())
            .limit(1)
        ).one()
        spelled, initials = typed.split()[:2]  # "zhangwei", "zw" (then other readings, if any)

    def rebuild() -> None:  # the cases are current: everything recomputed, nothing to write
        with database.sessions() as s:
            rebuild_queue(s, None, as_of)
            s.rollback()

    def rebuild_next_day() -> None:  # a new morning: every open case's figures rewritten
        with database.sessions() as s:
            rebuild_queue(s, None, as_of + dt.timedelta(days=1))
            s.rollback()

    raw_sql = text(
        "SELECT i.loan_id, SUM(i.principal_due + i.interest_due + i.fee_due - i.principal_paid"
        " - i.interest_paid - i.fee_paid), MIN(i.due_on) FROM instalment i"
        " WHERE i.due_on < :d AND i.loan_id IN (SELECT id FROM loan WHERE status = 'ACTIVE')"
        " GROUP BY i.loan_id"
    )

    def raw() -> None:
        with database.sessions() as s:
            s.execute(raw_sql, {"d": as_of.isoformat()}).all()

    def count(flt: QueueFilter) -> None:
        with database.sessions() as s:
            queue_count(s, user, flt, as_of)

    def page(flt: QueueFilter, counted: bool = True) -> Callable[[], None]:
        def run() -> None:
            with database.sessions() as s:
                queue_rows(s, queue_head(s, user, flt, as_of)[:50])  # as the page
            if counted:  # the page asks for the count after painting the rows
                count(flt)

        return run

    with database.session() as s:  # the open case with the longest contact history
        busiest = s.execute(
            select(Case.case_no, Case.assigned_agent_id)
            .join(ContactAttempt, ContactAttempt.case_id == Case.id)
            .where(Case.status != CaseStatus.CLOSED)
            .group_by(Case.id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    when = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)

    def compliance_check() -> None:
        with database.sessions() as s:
            check_contact(
                s,
                user,
                busiest.case_no,
                channel="call",
                party="borrower",
                at=when,
                outcome="connected",
                phone_number=None,
            )

    head = 200  # the ids a list's refresh reads (ui.table_model.PAGE_SIZE)

    def borrowers(search: str = "", every: bool = False) -> Callable[[], None]:
        def run() -> None:  # the Borrowers page: its first ids in name order, then a page
            with database.sessions() as s:
                ids = borrower_ids(s, search, sort="name", limit=None if every else head)
                borrower_rows(s, ids[:50])

        return run

    def count_borrowers() -> None:
        with database.sessions() as s:
            borrower_count(s)

    def loans(sort: str, every: bool = False) -> Callable[[], None]:
        def run() -> None:  # the Loans page: its first ids in `sort` order, then a page
            with database.sessions() as s:
                loan_rows(s, loan_ids(s, sort=sort, limit=None if every else head)[:50])

        return run

    def count_loans() -> None:
        with database.sessions() as s:
            loan_count(s)

    def open_case() -> None:
        with database.sessions() as s:
            case_detail(s, user, top)

    ops = [
        ("queue rebuild as of a date", rebuild, ("hand-written SQL aggregation", raw), "≤ 1.5×"),
        (
            "queue rebuild, next day",
            rebuild_next_day,
            ("hand-written SQL aggregation", raw),
            "≤ 1.5×",
        ),
        ("queue first page (50 rows)", page(QueueFilter(), counted=False), None, "≤ 150 ms"),
        ("queue count, after the paint", lambda: count(QueueFilter()), None, "—"),
        (
            "queue filter: M2, unassigned",
            page(QueueFilter(bucket="M2", unassigned=True)),
            None,
            "≤ 100 ms",
        ),
        (
            "queue search by full ID number",
            page(QueueFilter(search=national_id)),
            None,
            "≤ 100 ms",
        ),
        (f"queue search by name '{name}'", page(QueueFilter(search=name)), None, "≤ 100 ms"),
        (
            f"queue search by pinyin '{spelled}'",
            page(QueueFilter(search=spelled)),
            None,
            "≤ 100 ms",
        ),
        (
            f"queue search by initials '{initials}'",
            page(QueueFilter(search=initials)),
            None,
            "≤ 100 ms",
        ),
        ("borrowers first page, by name", borrowers(), None, "—"),
        ("borrowers, every id by name", borrowers(every=True), None, "—"),
        ("borrower count, after the paint", count_borrowers, None, "—"),
        ("loans first page, by loan number", loans("loan_no"), None, "—"),
        ("loans, every id by loan number", loans("loan_no", every=True), None, "—"),
        ("loans first page, by outstanding", loans("outstanding"), None, "—"),
        ("loans first page, by next due", loans("next_due"), None, "—"),
        ("loan count, after the paint", count_loans, None, "—"),
        (f"borrower search by initials '{initials}'", borrowers(initials), None, "≤ 100 ms"),
        ("case page open (full timeline)", open_case, None, "≤ 100 ms"),
    ]
    ops += _agreement_ops(database, user)
    from tests.benchmarks.assigning import assign_ops

    ops += assign_ops(database, user)
    from tests.benchmarks.reports import report_ops

    more, report_notes = report_ops(database, user, as_of)
    ops += more
    if args.only:
        ops = [op for op in ops if args.only in op[0]]
    checks = _timed(compliance_check, max(args.repeat, 200))
    checks.sort()
    p99 = checks[int(len(checks) * 0.99) - 1] * 1000
    print(
        f"Casedesk benchmarks · {args.loans:,} loans, seed {args.seed} · {args.repeat} runs "
        f"each · {os.cpu_count()} cores · {dt.date.today()}"
    )
    if build is not None:
        print(f"demo data set build (casedesk demo, wall clock): {build:.1f} s  (target ≤ 60 s)")
    header = f"{'operation':34} {'median':>9} {'spread':>17} {'baseline':>9} {'ratio':>6}  target"
    print(header)
    print("-" * len(header))
    for name, fn, baseline, target in ops:
        t = _timed(fn, args.repeat)
        med = statistics.median(t) * 1000
        spread = f"{min(t) * 1000:.0f}–{max(t) * 1000:.0f} ms"
        base_txt, ratio = "", ""
        if baseline is not None:
            b = statistics.median(_timed(baseline[1], args.repeat)) * 1000
            base_txt, ratio = f"{b:.0f} ms", f"{med / b:.2f}×"
        print(f"{name:34} {med:>6.0f} ms {spread:>17} {base_txt:>9} {ratio:>6}  {target}")
    from tests.benchmarks.memory import peak_memory  # the GUI in subprocesses (ui/probe.py)
    from tests.benchmarks.startup import cold_start

    gui_notes: list[str] = []
    gui_ops = (
        ("cold start to painted work queue", cold_start),
        ("peak memory of the GUI (RSS)", peak_memory),
    )
    for gui_op, measure in gui_ops:
        if not args.only or args.only in gui_op:
            rows, notes = measure(path, BENCH_KEY, args.repeat, args.cache / "casedesk-bench-home")
            print(*rows, sep="\n", flush=True)
            gui_notes += notes
    print(
        f"{'compliance check of one contact':34} {statistics.median(checks) * 1000:>6.1f} ms "
        f"{'p99 ' + format(p99, '.1f') + ' ms':>17} {'':>9} {'':>6}  ≤ 2 ms median, ≤ 10 ms p99"
        f"  ({len(checks)} runs, case {busiest.case_no})"
    )
    if baseline_note := "baseline: " + "; ".join(b[0] for _, _, b, _ in ops if b):
        print(baseline_note)
    print(
        "queue: the first page is its top 200 ids and 50 rows; the count of open cases follows "
        "its paint; the filter and the search are timed with their count"
    )
    for note in report_notes:
        print(note)
    for note in gui_notes:
        print(note)
    database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
