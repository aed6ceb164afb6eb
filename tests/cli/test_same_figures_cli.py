"""`casedesk` prints the figures the window shows (tests/core/test_same_figures.py): the
dashboard, the queue's bucket counts, complaints near their deadline and agents' training read
the same from `dashboard`, `queue`, `complaint list`, `training status` and `export training`,
on the demo and on the hand-made office at the edges, with a queue date set in the past too."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from app.cases.delinquency import BUCKET_NAMES
from tests.conftest import TEST_KEY
from tests.same_office import PASSWORD, build_same_office


@pytest.fixture
def edges_path(template_db: Path, tmp_path: Path) -> Path:
    from db.store import open_database

    path = Path(shutil.copyfile(template_db, tmp_path / "edges.db"))
    database = open_database(path, TEST_KEY)
    build_same_office(database)
    database.close()
    return path


@pytest.fixture(params=["demo", "edges"])
def office(request, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo" if request.param == "demo" else PASSWORD)
    return request.getfixturevalue("demo_path" if request.param == "demo" else "edges_path")


def _json(cli, *args: str):  # type: ignore[no-untyped-def]
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def _training(cli, db: Path) -> tuple[set[str], set[str]]:  # type: ignore[no-untyped-def]
    """(expiring, lapsed or missing) agents as `casedesk training status` lists them."""
    agents = _json(cli, "--db", db, "training", "status")
    expiring = {a["agent"] for a in agents if any(c["status"] == "expiring" for c in a["courses"])}
    lapsed = {a["agent"] for a in agents if a["status"] in ("lapsed", "missing")}
    return expiring, lapsed


def _exported(cli, db: Path, status: str, tmp_path: Path) -> set[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / f"training-{status}.csv"
    code, _out, err = cli("--db", db, "export", "training", path, "--status", status, "--force")
    assert code == 0, err
    with path.open(encoding="utf-8-sig") as f:
        return {row["User name"] for row in csv.DictReader(f)}


def test_the_terminal_reads_the_dashboards_figures(office: Path, cli, tmp_path: Path) -> None:
    d = _json(cli, "--db", office, "dashboard")
    for b in d["buckets"]:
        queue = _json(cli, "--db", office, "queue", "--bucket", b["bucket"], "--limit", "0")
        assert queue["total"] == b["count"], b["bucket"]
    assert [b["bucket"] for b in d["buckets"]] == list(BUCKET_NAMES)
    near = _json(cli, "--db", office, "complaint", "list", "--near-deadline")
    assert len(near) == d["complaints_near_deadline"]
    expiring, lapsed = _training(cli, office)
    assert (d["training_expiring"], d["training_lapsed"]) == (len(expiring), len(lapsed))
    assert _exported(cli, office, "expiring", tmp_path) == expiring
    assert _exported(cli, office, "lapsed", tmp_path) == lapsed


def test_a_past_queue_date_leaves_training_on_today(edges_path: Path, cli, monkeypatch) -> None:
    """The dashboard's training line, `training status` and `export training` count the office's
    today; with a queue date set in the past, the dashboard and the export counted that date
    (agent02, lapsed yesterday, was on neither) and `training status` today."""
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    db = edges_path
    today = dt.date.fromisoformat(_json(cli, "--db", db, "dashboard")["as_of"])
    past = today - dt.timedelta(days=5)
    code, _out, err = cli("--db", db, "settings", "set", f"queue.as_of={past.isoformat()}")
    assert code == 0, err
    d = _json(cli, "--db", db, "dashboard")
    expiring, lapsed = _training(cli, db)
    assert lapsed == {"agent02", "agent03"} and expiring == {"agent01"}
    assert _exported(cli, db, "lapsed", db.parent) == lapsed
    assert (d["training_expiring"], d["training_lapsed"]) == (1, 2)
    assert d["as_of"] == past.isoformat() and d["training_as_of"] == today.isoformat()
    code, out, _err = cli("--db", db, "dashboard")
    assert f"Dashboard as of {past.isoformat()}" in out
    assert (
        f"Queue date {past.isoformat()}; training, promises due, visits and complaint deadlines "
        f"as of today, {today.isoformat()}"
    ) in out
    code, out, _err = cli("--db", db, "--lang", "zh_CN", "dashboard")
    assert f"培训、到期承诺、上门和投诉答复期限按今天（{today.isoformat()}）计" in out
    # Complaint deadlines are real dates: due in -2, 0 and 3 days from today, not from the
    # queue date (which left one near its deadline, with 5 more days on each).
    near = _json(cli, "--db", db, "complaint", "list", "--near-deadline")
    assert sorted(r["days_left"] for r in near) == [-2, 0, 3]
    assert d["complaints_near_deadline"] == len(near) == 3
