"""Growth: the queue rebuild, the queue's first page and its count at 10k, 100k and 300k loans.

Each size is a demo office built once and cached beside the others
(casedesk-bench-<loans>-<seed>.db); the 300k office takes minutes to build, so this runs only
with `--growth`. The per-loan growth factor compares each size's time per loan with the smallest
size's: at most 1.0 means the rebuild grows no faster than linearly; the first page should stay
flat (its factor against the smallest size near 1.0, however many loans). The count of open
cases, which the window asks for after the first page is painted, grows with the office; its
factor is per loan, like the rebuild's.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from pathlib import Path

SIZES = (10_000, 100_000, 300_000)


def measure(
    path: Path, key: str, repeat: int, timed: Callable[..., list[float]]
) -> tuple[float, float, float, float]:
    """Median seconds of a full queue rebuild (rolled back), of the same on a new connection
    each time, of the queue's first 50 rows and of the count of open cases.

    A new connection starts with SQLCipher's page cache empty, as the morning's rebuild does:
    every page it reads is decrypted again. On a repeated connection a small office stays in
    that cache (64 MB) and a big one does not, which makes the per-loan times of different
    sizes measure the cache rather than the rebuild.
    """
    from app.auth import authenticate
    from app.cases.rebuild import rebuild_queue
    from app.compliance import startup_check
    from app.queries.cases import QueueFilter, queue_count, queue_head, queue_rows
    from db.store import open_database

    database = open_database(path, key)
    try:
        user = authenticate(database.sessions, "supervisor", "demo")
        as_of = dt.date.today()
        with database.session() as s:  # as the office would at start: rule set stored, queue built
            startup_check(s)
            rebuild_queue(s, None, as_of)

        def rebuild() -> None:
            with database.sessions() as s:
                rebuild_queue(s, None, as_of)
                s.rollback()

        def first_page() -> None:
            with database.sessions() as s:
                queue_rows(s, queue_head(s, user, QueueFilter(), as_of)[:50])

        def count() -> None:
            with database.sessions() as s:
                queue_count(s, user, QueueFilter(), as_of)

        def fresh_rebuild() -> None:
            database.engine.dispose()  # the pool's connections, and their page caches, go
            rebuild()

        return (
            statistics.median(timed(rebuild, repeat)),
            statistics.median(timed(fresh_rebuild, repeat)),
            statistics.median(timed(first_page, repeat)),
            statistics.median(timed(count, repeat)),
        )
    finally:
        database.close()


def report(
    sizes: list[int],
    seed: int,
    cache: Path,
    key: str,
    repeat: int,
    build: Callable[[Path, int, int], float | None],
    timed: Callable[..., list[float]],
) -> list[str]:
    """Build what is missing, measure each size, and return the printed table."""
    figures: list[tuple[int, float, float, float, float, float | None]] = []
    for loans in sorted(sizes):
        path = cache / f"casedesk-bench-{loans}-{seed}.db"
        built = build(path, loans, seed)
        rebuild, fresh, page, count = measure(path, key, repeat, timed)
        figures.append((loans, rebuild, fresh, page, count, built))
    base_loans, base_rebuild, base_fresh, base_page, base_count, _ = figures[0]
    header = (
        f"{'loans':>9} {'rebuild':>10} {'µs/loan':>8} {'per-loan factor':>16} "
        f"{'new connection':>15} {'factor':>7} {'first page':>11} {'factor':>7} "
        f"{'count':>8} {'factor':>7}  built"
    )
    lines = [
        f"Growth · seed {seed} · {repeat} runs each (median) · {dt.date.today()}",
        header,
        "-" * len(header),
    ]
    for loans, rebuild, fresh, page, count, built in figures:
        per_loan = rebuild / loans
        factor = per_loan / (base_rebuild / base_loans)
        fresh_factor = (fresh / loans) / (base_fresh / base_loans)
        count_factor = (count / loans) / (base_count / base_loans)
        lines.append(
            f"{loans:>9,} {rebuild * 1000:>7.0f} ms {per_loan * 1e6:>8.1f} {factor:>15.2f}× "
            f"{fresh * 1000:>12.0f} ms {fresh_factor:>6.2f}× "
            f"{page * 1000:>8.1f} ms {page / base_page:>6.2f}× "
            f"{count * 1000:>5.1f} ms {count_factor:>6.2f}×  "
            + (f"{built:.0f} s" if built is not None else "cached")
        )
    lines.append(
        "per-loan factor: rebuild time per loan against the smallest office (≤ 1.00× is at most "
        "linear), on the same connection and on a new one each run; first-page factor: against "
        "the smallest office (≈ 1.00× is flat); count: the open cases, asked after the first "
        "page is painted, its factor per loan"
    )
    return lines
