"""`casedesk demo`: a new encrypted database holding a realistic, deterministic demo office."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

from app.cli.common import (
    add_db_option,
    add_lang_option,
    announce_key,
    building,
    db_path,
    err,
    new_key,
    out,
    refuse_existing,
)
from app.digits import whole_text
from app.errors import ValidationError
from app.i18n import tr
from db.backup_files import backup_stamp
from db.keystore import key_from_keychain, store_in_keychain
from db.lock import DatabaseLock


def _positive(text: str) -> int:
    try:
        value = whole_text(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.translated()) from None
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(tr("{value} is not a whole number above zero", value=text))
    return value


def _whole(text: str) -> int:
    try:
        return whole_text(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.translated()) from None
    except ValueError:
        raise argparse.ArgumentTypeError(tr("{value} is not a whole number", value=text)) from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("{value} is not a date like 2025-06-30", value=text)
        ) from None


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "demo",
        help=tr("create a demo office full of realistic data"),
        description=tr(
            "Create a new encrypted database holding a demo office: borrowers, loans, payments, "
            "cases, contacts, visits, agreements and users (password demo). The same seed always "
            "gives the same office."
        ),
    )
    add_db_option(parser)
    add_lang_option(parser)
    parser.add_argument(
        "--loans",
        metavar="N",
        type=_positive,
        default=2000,
        help=tr("how many loans (default: 2000)"),
    )
    parser.add_argument(
        "--seed", metavar="S", type=_whole, default=7, help=tr("random seed (default: 7)")
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=_date,
        default=None,
        help=tr("the demo's today, YYYY-MM-DD (default: today)"),
    )
    parser.add_argument("--force", action="store_true", help=tr("replace the file if it exists"))
    parser.set_defaults(func=run)


class Progress:
    """A one-line counter on a terminal; a line per stage and per tenth otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr is not None and sys.stderr.isatty()
        self.stage = ""
        self.tenth = -1
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        text = f"{stage}: {done}/{total}" if total else stage
        if self.tty:
            pad = max(0, self.width - len(text))
            sys.stderr.write("\r" + text + " " * pad)
            sys.stderr.flush()
            self.width = len(text)
            return
        tenth = (10 * done // total) if total else 0
        if stage != self.stage or tenth > self.tenth:
            self.stage, self.tenth = stage, tenth
            err(text)

    def finish(self) -> None:
        if self.tty and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    refuse_existing(path, force=args.force)
    # An office open in a window is not replaced under it, as restore and a new recovery key
    # refuse it: the window's next save would fail and its user find a demo office on restart.
    with DatabaseLock(path) if path.exists() else contextlib.nullcontext():
        return _build(args, path)


def _build(args: argparse.Namespace, path: Path) -> int:
    from app.demo import build_demo

    # An office replaced by --force is kept beside it, with its key, never deleted: it may be
    # one someone works in (QA: a real office was wiped and its key replaced).
    kept, old_key = None, None
    if path.exists():
        # The time in UTC, as in backups' and the pre-upgrade copy's names.
        kept = path.with_name(
            f"{path.name}.before-demo-{backup_stamp(dt.datetime.now(dt.UTC))}.bak"
        )
        old_key = os.environ.get("CASEDESK_DB_KEY") or key_from_keychain(path)
    key, from_env = new_key()
    progress = Progress()
    started = time.monotonic()
    try:
        with building(path, key, keep=kept) as database:
            summary = build_demo(
                database,
                loans=args.loans,
                seed=args.seed,
                as_of=args.as_of,
                progress=progress,
                new_file=True,  # `building` deletes the file if the build fails
            )
    finally:
        progress.finish()
    elapsed = time.monotonic() - started
    out(tr("Created the demo office in {path} ({seconds:.1f} s).", path=str(path), seconds=elapsed))
    _print_summary(summary)
    announce_key(path, key, from_env)
    if kept is not None and kept.exists():
        if old_key:
            store_in_keychain(kept, old_key)  # the kept office opens with the key it had
        out(tr("The file that was there is kept as {path}.", path=str(kept)))
    out(tr("Open it with: casedesk --db {path}", path=str(path)))
    return 0


MAIN_TABLES = (
    "borrower",
    "loan",
    "payment",
    "case",
    "contact_attempt",
    "promise",
    "visit",
    "agreement",
    "training_record",
    "complaint",
    "user",
)


def _print_summary(summary: Any) -> None:
    """The office, the main row counts, then the logins (DemoSummary belongs to app.demo)."""
    name = getattr(summary, "office_name", None)
    as_of = getattr(summary, "as_of", None)
    if name:
        out(
            tr(
                "Office: {name}; as of {date}; seed {seed}.",
                name=name,
                date=str(as_of),
                seed=getattr(summary, "seed", ""),
            )
        )
    counts = getattr(summary, "counts", None)
    if isinstance(counts, dict) and counts:
        shown = [t for t in MAIN_TABLES if t in counts] or sorted(counts)
        rows = [f"{table} {counts[table]:,}" for table in shown]
        out(tr("Rows: {rows}", rows=", ".join(rows)))
    _print_logins(getattr(summary, "logins", None) or [])


def _print_logins(logins: Any) -> None:
    names: list[str] = []
    passwords: set[str] = set()
    for item in logins:
        if isinstance(item, str):
            names.append(item)
            continue
        names.append(str(getattr(item, "username", item)))
        if getattr(item, "password", None):
            passwords.add(str(item.password))
    if not names:
        names = ["admin", "supervisor", "agent01", "…"]
    password = passwords.pop() if len(passwords) == 1 else "demo"
    shown = names if len(names) <= 5 else [*names[:4], "…", names[-1]]
    out(tr("Demo logins (password {password}): {names}", password=password, names=", ".join(shown)))
