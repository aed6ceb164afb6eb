"""`casedesk queue` with a queue date that is not today says, in the Work queue page's words
(app/queries/queue_day.py), which day its figures are of and that today is another day; on the
office's today it says nothing more than before."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.i18n import tr
from tests.conftest import TEST_KEY
from tests.office_day import office_today


@pytest.fixture
def acting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")


def test_the_queue_says_the_day_its_figures_are_of(demo_path: Path, cli, acting) -> None:
    db = ("--db", demo_path)
    today = office_today()
    code, out, err = cli(*db, "queue", "--limit", "1")
    assert code == 0, err
    assert "The queue date is" not in out
    past = today - dt.timedelta(days=6)
    code, _out, err = cli(*db, "settings", "set", f"queue.as_of={past.isoformat()}")
    assert code == 0, err
    said = (
        f"The queue date is {past}; today is {today}. Days past due, buckets and amounts "
        f"overdue are as of {past}."
    )
    code, out, err = cli(*db, "queue", "--limit", "1")
    assert code == 0, err
    assert out.splitlines()[1] == said  # under "Work queue as of …"
    code, out, err = cli(*db, "queue", "--limit", "0", "--json")
    assert json.loads(out)["queue_date_said"] == said
    code, out, err = cli(*db, "--lang", "zh_CN", "queue", "--limit", "0")
    assert tr("The queue date is {date}; today is {today}.", "zh_CN", date=past, today=today) in out
    # An explicit --as-of is the user's own day, said by the heading alone.
    code, out, err = cli(*db, "queue", "--limit", "0", "--as-of", past.isoformat())
    assert "The queue date is" not in out


def test_a_new_queue_date_rebuilds_the_queue(demo_path: Path, cli, acting) -> None:
    """As the window's Settings does: the open cases are brought to the new queue date at once,
    and back to today when it is cleared (they kept the old day's until `queue --rebuild`)."""
    db = ("--db", demo_path)
    today = office_today()
    past = today - dt.timedelta(days=6)
    for value, day in ((past.isoformat(), past), ("", today)):
        code, out, err = cli(*db, "settings", "set", f"queue.as_of={value}")
        assert code == 0, err
        lines = out.splitlines()
        assert lines[0] == "Changed: queue.as_of"
        assert lines[1].startswith(f"Queue rebuilt as of {day}: ")
        code, out, err = cli(*db, "queue", "--limit", "1")
        assert code == 0, err
        assert err == ""  # the stored figures are of that day: nothing recomputed for the list
        assert "Rebuild queue" not in out
    code, out, err = cli(*db, "settings", "set", "queue.as_of=")  # unchanged: no rebuild
    assert (code, out) == (0, "Nothing to change.\n"), err


def _weights(demo_path: Path) -> set[int]:
    """The days-past-due points the open cases' stored breakdowns carry."""
    from sqlalchemy import select

    from app.models import Case, CaseStatus
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            found = s.scalars(select(Case.score_breakdown).where(Case.status != CaseStatus.CLOSED))
            return {breakdown["dpd"] for breakdown in found}
    finally:
        database.close()


def test_new_priority_weights_rebuild_the_queue(demo_path: Path, cli, acting) -> None:
    """A new weight reorders the queue at once: the score is only computed by a rebuild, and the
    day's first rebuild skips a queue already of its date, so the old order held all day."""
    db = ("--db", demo_path)
    assert _weights(demo_path) != {0}
    code, out, err = cli(*db, "settings", "set", "priority.weight.dpd=0")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Changed: priority.weight.dpd"
    assert lines[1].startswith(f"Queue rebuilt as of {office_today()}: ")
    assert _weights(demo_path) == {0}
    code, out, err = cli(*db, "settings", "set", "assign.capacity_per_agent=250")  # no rebuild
    assert (code, out) == (0, "Changed: assign.capacity_per_agent\n"), err
