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
from dataclasses import dataclass
from pathlib import Path

SIZES = (10_000, 100_000, 300_000)


SMALL_CACHE_KIB = 2048  # a page cache too small to hold even the smallest office
QUICK_REPEATS = 50  # the millisecond operations are timed this many times at least


@dataclass(frozen=True)
class Figures:
    """Median seconds at one office size."""

    loans: int
    rebuild: float  # the same connection each run, SQLCipher's 64 MB page cache kept
    fresh: float  # a new connection each run: the cache starts empty, as in the morning
    small: float  # the same connection, its page cache cut to SMALL_CACHE_KIB
    page: float  # the queue's first 50 rows
    count: float  # the count of open cases, asked after the first page is painted
    built: float | None

    def per_loan(self, figure: str, base: Figures) -> float:
        """A figure's seconds per loan against the base office's (≤ 1.0: at most linear)."""
        return (getattr(self, figure) / self.loans) / (getattr(base, figure) / base.loans)


def measure(
    path: Path, key: str, repeat: int, timed: Callable[..., list[float]]
) -> tuple[float, float, float, float, float]:
    """Median seconds of a full queue rebuild (rolled back) three ways, of the queue's first 50
    rows and of the count of open cases.

    A new connection starts with SQLCipher's page cache empty, as the morning's rebuild does:
    every page it reads is decrypted again. On a repeated connection a small office stays whole
    in that cache (64 MB) and a big one does not, which makes the per-loan times of different
    sizes measure the cache rather than the rebuild; with a 2 MB cache no office stays in it.
    """
    from app.auth import authenticate
    from app.cases import rebuild as rebuild_module
    from app.cases.rebuild import rebuild_queue
    from app.compliance import startup_check
    from app.office import office_today
    from app.queries.cases import QueueFilter, queue_count, queue_head, queue_rows
    from db.engine import page_cache
    from db.store import open_database

    database = open_database(path, key)
    try:
        user = authenticate(database.sessions, "supervisor", "demo")
        with database.session() as s:  # the office's today, as the queue's date defaults to
            as_of = office_today(s)
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

        def small_cache_rebuild() -> None:
            # The rebuild raises a smaller cache to its own (REBUILD_CACHE_KIB): not this one.
            usual = rebuild_module.REBUILD_CACHE_KIB
            rebuild_module.REBUILD_CACHE_KIB = SMALL_CACHE_KIB
            with database.sessions() as s:
                old = page_cache(s.connection(), -SMALL_CACHE_KIB)
                try:
                    rebuild_queue(s, None, as_of)
                finally:
                    s.rollback()
                    page_cache(s.connection(), old)
                    rebuild_module.REBUILD_CACHE_KIB = usual

        quick = max(repeat, QUICK_REPEATS)
        return (
            statistics.median(timed(rebuild, repeat)),
            statistics.median(timed(fresh_rebuild, repeat)),
            statistics.median(timed(small_cache_rebuild, repeat)),
            statistics.median(timed(first_page, quick)),
            statistics.median(timed(count, quick)),
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
    figures: list[Figures] = []
    for loans in sorted(sizes):
        path = cache / f"casedesk-bench-{loans}-{seed}.db"
        built = build(path, loans, seed)
        figures.append(Figures(loans, *measure(path, key, repeat, timed), built))
    base = figures[0]
    header = (
        f"{'loans':>9} {'rebuild':>9} {'factor':>7} {'new conn.':>10} {'factor':>7} "
        f"{'2 MB cache':>10} {'factor':>7} {'first page':>10} {'factor':>7} "
        f"{'count':>7} {'factor':>7}  built"
    )
    lines = [
        f"Growth · seed {seed} · {repeat} runs each (median; the first page and the count "
        f"{max(repeat, QUICK_REPEATS)}) · {dt.date.today()}",
        header,
        "-" * len(header),
    ]
    for f in figures:
        lines.append(
            f"{f.loans:>9,} {f.rebuild * 1000:>6.0f} ms {f.per_loan('rebuild', base):>6.2f}× "
            f"{f.fresh * 1000:>7.0f} ms {f.per_loan('fresh', base):>6.2f}× "
            f"{f.small * 1000:>7.0f} ms {f.per_loan('small', base):>6.2f}× "
            f"{f.page * 1000:>7.1f} ms {f.page / base.page:>6.2f}× "
            f"{f.count * 1000:>4.1f} ms {f.per_loan('count', base):>6.2f}×  "
            + (f"{f.built:.0f} s" if f.built is not None else "cached")
        )
    lines += [
        "rebuild factors: time per loan against the smallest office (≤ 1.00× is at most linear),",
        "  on the same connection (64 MB page cache kept), on a new connection each run (the",
        "  morning's), and on the same connection with a 2 MB page cache (no office stays in it);",
        "first page: against the smallest office (≈ 1.00× is flat); count: the open cases, asked",
        "  after the first page is painted, its factor per loan",
    ]
    return lines
