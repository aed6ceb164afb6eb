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
