"""Time the loan-book import against a plain executemany of the same rows, in the same run.

    python -m tests.benchmarks.importing [--loans N] [--term M] [--keep DIR]

Synthesises N borrowers and N loans of M monthly instalments (default 100,000 × 12 = 1.2
million instalments, deterministic), writes them as the files a lender would bring (GB18030 CSV,
Chinese headers, amounts with thousands separators, dates as 2025/3/1), then on two fresh
databases times (a) `casedesk import loans --schedule` through the real use case, and (b) a plain
DBAPI executemany of exactly the rows that import writes, pre-built, in one transaction. Both
commit. Prints both times and the ratio (target ≤ 3×); the borrowers import is timed the same way.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert, select

BENCH_KEY = "be" * 32
TODAY = dt.date(2026, 11, 28)
AREAS = ("110105", "310101", "110108", "310104", "120101", "110101", "110102")


def _resident_id(area: str, born: dt.date, seq: int) -> str:
    from stdnum.cn import ric

    body = f"{area}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def synthesise(n: int, term: int, seed: int = 7) -> dict[str, list[list[Any]]]:
    """Rows (without headers) for the three files; the same seed gives the same book."""
    from app.loans.schedule import add_months, build_schedule
    from app.models import ScheduleType

    rng = random.Random(seed)
    surnames, given = (
        "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗",
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英",
    )
    borrowers, loans, schedule = [], [], []
    plans: dict[tuple[int, int], list[Any]] = {}
    ids: set[str] = set()
    mobiles: set[str] = set()
    for i in range(1, n + 1):
        while True:  # one person, one ID number: redraw the rare repeat
            born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(16000))
            national_id = _resident_id(rng.choice(AREAS), born, rng.randrange(1000))
            if national_id not in ids:
                ids.add(national_id)
                break
        while True:  # one borrower, one mobile: the import refuses a number another holds
            mobile = f"1{rng.choice('38')}{rng.randrange(10)}{rng.randrange(100_000_000):08d}"
            if mobile not in mobiles:
                mobiles.add(mobile)
                break
        borrowers.append(
            [
                f"B{i:08d}",
                rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                national_id,
                mobile,
                f"幸福路{rng.randrange(1, 999)}号",
            ]
        )
        principal = rng.randrange(5, 200) * 1000 * 100
        disbursed = TODAY - dt.timedelta(days=rng.randrange(30, 1000))
        key = (principal, disbursed.day)
        plan = plans.get(key)
        if plan is None:  # the amounts depend on the principal only: reuse them per principal
            plan = plans[key] = build_schedule(
                principal, 1200, term, ScheduleType.EQUAL_INSTALMENT, add_months(disbursed, 1)
            )
        loans.append(
            [
                f"L{i:08d}",
                f"B{i:08d}",
                "PCL",
                f"{principal / 100:,.2f}",
                "12%",
                term,
                f"{disbursed.year}/{disbursed.month}/{disbursed.day}",
            ]
        )
        for p in plan:
            due = add_months(disbursed, p.seq)
            schedule.append(
                [
                    f"L{i:08d}",
                    p.seq,
                    f"{due.year}/{due.month}/{due.day}",
                    f"{p.principal / 100:,.2f}",
                    f"{p.interest / 100:.2f}",
                    "0.00",
                ]
            )
    return {"borrowers": borrowers, "loans": loans, "schedule": schedule}


HEADERS = {
    "borrowers": ["借款人编号", "姓名", "身份证号", "手机号", "地址"],
    "loans": ["贷款编号", "借款人编号", "产品", "本金", "年利率", "期数", "放款日期"],
    "schedule": ["贷款编号", "期次", "应还日期", "应还本金", "应还利息", "费用"],
}


def write_files(rows: dict[str, list[list[Any]]], folder: Path) -> dict[str, Path]:
    paths = {}
    for kind, data in rows.items():
        path = folder / f"{kind}.csv"
        with open(path, "w", encoding="gb18030", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(HEADERS[kind])
            writer.writerows(data)
        paths[kind] = path
    return paths


def fresh_office(path: Path) -> Any:
    from app.office import create_office
    from db.store import open_database

    database = open_database(path, BENCH_KEY, create=True)
    with database.session() as s:
        create_office(s, name="Bench", admin_username="admin", admin_password="bench-pw")
    return database


def _import(database: Any, kind: str, path: Path, **kw: Any) -> tuple[float, Any]:
    from app.importer import import_file
    from app.models import User

    started = time.perf_counter()
    with database.session(write_lock=True) as s:
        report = import_file(s, s.scalar(select(User)), kind, path, today=TODAY, **kw)
    seconds = time.perf_counter() - started
    if not report.imported:
        raise SystemExit(f"{kind} import refused: {report.errors[:5]}")
    return seconds, report


def _rows_of(database: Any, table: Table) -> tuple[str, list[tuple[Any, ...]]]:
    """The rows the import wrote, as stored, and a plain INSERT for them (the baseline input)."""
    with database.engine.connect() as conn:
        result = conn.exec_driver_sql(f'SELECT * FROM "{table.name}" ORDER BY id')
        keys = list(result.keys())
        rows = [tuple(r) for r in result]
    sql = str(insert(table).compile(dialect=database.engine.dialect, column_keys=keys))
    return sql, rows


def _executemany(database: Any, batches: list[tuple[str, list[tuple[Any, ...]]]]) -> float:
    started = time.perf_counter()
    with database.session(write_lock=True) as s:
        conn = s.connection()
        for sql, rows in batches:
            conn.exec_driver_sql(sql, rows)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.importing")
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--term", type=int, default=12)
    parser.add_argument("--keep", type=Path, default=None, help="keep the files and databases here")
    args = parser.parse_args(argv)
    os.environ.setdefault("CASEDESK_LANG", "en")

    from app.models import Address, Borrower, Instalment, Loan, Phone

    folder = args.keep or Path(tempfile.mkdtemp(prefix="casedesk-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    files = write_files(synthesise(args.loans, args.term), folder)
    made = time.perf_counter() - started
    sizes = {k: p.stat().st_size / 1e6 for k, p in files.items()}

    a = fresh_office(folder / "import.db")
    borrowers_import, _ = _import(a, "borrowers", files["borrowers"])
    loans_import, report = _import(a, "loans", files["loans"], schedule=files["schedule"])
    baseline_input = {
        m.__table__.name: _rows_of(a, m.__table__)
        for m in (Borrower, Phone, Address, Loan, Instalment)
    }
    a.close()

    b = fresh_office(folder / "baseline.db")
    borrowers_base = _executemany(b, [baseline_input[t] for t in ("borrower", "phone", "address")])
    loans_base = _executemany(b, [baseline_input[t] for t in ("loan", "instalment")])
    b.close()

    instalments = report.details["instalments"]
    print(
        f"Casedesk import benchmark · {args.loans:,} loans, {instalments:,} instalments · "
        f"{os.cpu_count()} cores · {dt.date.today()}"
    )
    print(
        f"files: borrowers {sizes['borrowers']:.1f} MB, loans {sizes['loans']:.1f} MB, "
        f"schedule {sizes['schedule']:.1f} MB (GB18030 CSV, made in {made:.1f} s)"
    )
    header = f"{'operation':44} {'import':>9} {'executemany':>12} {'ratio':>7}  target"
    print(header)
    print("-" * len(header))
    print(
        f"{'loans + schedule (read, check, write)':44} {loans_import:>7.1f} s "
        f"{loans_base:>10.1f} s {loans_import / loans_base:>6.2f}×  ≤ 3×"
    )
    print(
        f"{'borrowers (ID, mobile checks, phone, address)':44} {borrowers_import:>7.1f} s "
        f"{borrowers_base:>10.1f} s {borrowers_import / borrowers_base:>6.2f}×"
    )
    print("baseline: one DBAPI executemany per table of the same rows, pre-built, one transaction")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
