"""QA round 12, finding 1, in the CLI: `payment post` while another connection holds the
office's write lock waits for it (a real subprocess), and one held past the busy timeout still
ends in the plain "busy … Nothing was saved" line, English and Chinese."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.models import Payment
from db.store import open_database
from tests.cli.conftest import ROOT, agents_office
from tests.conftest import TEST_KEY
from tests.core.test_agreements import build_office

BUSY = {
    "en": "is busy: another Casedesk or program is writing to it. Nothing was saved; try again",
    "zh_CN": "正忙：另一个 Casedesk 或程序正在写入。未保存任何内容；请稍后再试。",
}


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return agents_office(template_db, tmp_path, monkeypatch, build_office)[0]


def hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another connection (its own engine) holds the office's write lock for `seconds`; returns
    once the lock is held."""
    held = threading.Event()

    def hold() -> None:
        other = open_database(path, TEST_KEY)
        try:
            with other.session(write_lock=True) as s:
                s.scalar(select(func.count()).select_from(Payment))
                held.set()
                time.sleep(seconds)
        finally:
            other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(30)
    return thread


def _payments(path: Path) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return int(s.scalar(select(func.count()).select_from(Payment)) or 0)
    finally:
        database.close()


def test_payment_posts_wait_for_other_writers(office: Path) -> None:
    """Three `payment post` subprocesses at once, while another connection takes the write lock
    again and again (1 s each, with short gaps): each waits its turn; none is refused."""
    stop = threading.Event()

    def keep_taking() -> None:
        while not stop.is_set():
            hold_write_lock(office, 1.0).join()
            time.sleep(0.2)

    taker = threading.Thread(target=keep_taking)
    taker.start()
    try:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        posts = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "app",
                    "--db",
                    str(office),
                    "payment",
                    "post",
                    "L2",
                    "100.00",
                    "--yes",
                    "--ref",
                    f"BUSY-{n}",
                ],  # fmt: skip
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for n in range(3)
        ]
        said = [p.communicate(timeout=120) for p in posts]
    finally:
        stop.set()
        taker.join()
    assert [p.returncode for p in posts] == [0, 0, 0], said
    assert all(err == "" for _out, err in said), said
    assert _payments(office) == 3


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_hold_past_the_busy_timeout_is_said(
    office: Path, lang: str, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import db.sqlcipher

    monkeypatch.setattr(db.sqlcipher, "BUSY_TIMEOUT_MS", 200)
    holder = hold_write_lock(office, 2.0)
    try:
        capsys.readouterr()
        code = main(["--db", str(office), "--lang", lang, "payment", "post", "L2", "100.00",
                     "--yes"])  # fmt: skip
        err = capsys.readouterr().err
    finally:
        holder.join()
    assert code != 0
    assert f"{office} {BUSY[lang]}" in err or f"{office}{BUSY[lang]}" in err, err
    assert "Traceback" not in err
    assert _payments(office) == 0
