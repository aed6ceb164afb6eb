"""A visit's reason for default is taken by its code or by its name in English or Chinese, as a
user types it at the command line (`visit checkout --reason 失业`); an unknown one is refused,
naming the codes with their names, and nothing is saved."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.models import DefaultReason, VisitStatus
from app.visits import check_out
from tests.core import test_visits
from tests.core.test_visits import _booked_and_in, _run, _visit

office = test_visits.office


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("失业", DefaultReason.JOB_LOSS),
        ("Job loss", DefaultReason.JOB_LOSS),
        ("疑似欺诈", DefaultReason.FRAUD_SUSPECTED),
        ("over_indebtedness", DefaultReason.OVER_INDEBTEDNESS),
    ],
)
def test_the_reason_by_its_code_or_its_name(office, typed, reason) -> None:
    visit_no = _booked_and_in(office)
    _run(office, "agent01", check_out, visit_no, default_reason=typed)
    assert _visit(office, visit_no).default_reason is reason


def test_an_unknown_reason_names_the_choices_and_saves_nothing(office) -> None:
    visit_no = _booked_and_in(office)
    with pytest.raises(ValidationError, match=r"job_loss \(job loss\), illness \(illness\)"):
        _run(office, "agent01", check_out, visit_no, default_reason="无聊")
    assert _visit(office, visit_no).status is VisitStatus.IN_PROGRESS


def test_the_visits_detail_holds_its_promise_and_incidents(office) -> None:
    """`visit show` and the Visits page read the promise made at check-out and each incident
    (neither was told: a supervisor saw a completed visit with no word of either)."""
    import datetime as dt

    from app.visits import add_incident
    from app.visits.detail import incident_lines, outcome_lines, visit_detail
    from tests.core.test_visits import login

    visit_no = _booked_and_in(office)
    _run(office, "agent01", add_incident, visit_no, "aggressive_dog", "院内有犬，未拴")
    due = dt.date.today() + dt.timedelta(days=10)
    _run(
        office,
        "agent01",
        check_out,
        visit_no,
        default_reason="job_loss",
        promise=(150_000, due),
    )
    with office.session() as s:
        detail = visit_detail(s, login(office, "supervisor"), visit_no)
    assert detail.promise == (150_000, due, "pending")
    assert detail.incidents == (("aggressive_dog", "院内有犬，未拴"),)
    lines = dict(outcome_lines(detail, "en") + incident_lines(detail, "en"))
    assert lines["Promise to pay"] == f"1,500.00 by {due.isoformat()} (pending)"
    assert lines["Incident"] == "Aggressive dog: 院内有犬，未拴"
    zh = dict(outcome_lines(detail, "zh_CN") + incident_lines(detail, "zh_CN"))
    assert zh["还款承诺"].startswith(f"{due.isoformat()} 前还 1,500.00（")
