"""A plan whose rows do not add up to the agreed amount (found by QA): the refusal said
"difference -759.33", which reads either way, and not what to do. It says how much the plan is
short of (or over) the agreed amount, and to change the instalments' amounts or the agreed amount,
in English and Chinese; the draft it was meant to change is left as it was."""

from __future__ import annotations

import datetime as dt

import pytest

from app.agreements import PlanRow, check_plan, draft_plan, edit_draft
from app.errors import ValidationError
from tests.core.test_agreements import _agreement, _case, _today, _user, build_office

DAY = dt.timedelta(days=1)


@pytest.fixture
def office(db):
    return build_office(db)


def _refusal(rows: list[PlanRow], settled: int) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_plan(rows, settled, _today())
    return caught.value


def test_the_refusal_says_which_way_the_plan_is_off_and_what_to_do() -> None:
    first = _today() + 10 * DAY
    rows = [PlanRow(first, 85_833), PlanRow(first + 31 * DAY, 9_900)]
    short = _refusal(rows, 171_666)
    assert short.translated("en") == (
        "The plan adds up to 957.33, 759.33 short of the agreed 1,716.66: change the "
        "instalments' amounts, or the agreed amount, so that they match."
    )
    assert short.translated("zh_CN") == (
        "还款计划合计 957.33，比约定金额 1,716.66 少 759.33：请修改各期金额或约定金额，使两者一致。"
    )
    over = _refusal(rows, 95_732)
    assert over.translated("en").startswith("The plan adds up to 957.33, 0.01 more than the agreed")
    assert "多 0.01" in over.translated("zh_CN") and "-" not in over.translated("en")


def test_an_edit_that_does_not_add_up_changes_nothing(office) -> None:
    with office.session() as s:
        agent = _user(s, "agent01")
        start = _today() + 10 * DAY
        number = draft_plan(s, agent, _case(s, "L1").case_no, count=2, start=start).agreement_no
        before = [(i.due_on, i.amount) for i in _agreement(s, number).instalments]
        version = _agreement(s, number).version
        rows = [PlanRow(start, 100_000), PlanRow(start + 40 * DAY, 100_000)]
        with pytest.raises(ValidationError, match="short of the agreed 12,000.00: change"):
            edit_draft(s, agent, number, rows=rows)
    with office.session() as s:
        a = _agreement(s, number)
        assert [(i.due_on, i.amount) for i in a.instalments] == before
        assert a.version == version


def test_a_settlement_given_two_rows_is_told_what_to_do(office) -> None:
    """QA: `agreement edit` of a settlement with two --row said only "A settlement is paid in one
    payment."; it says to give one date and amount or draft a plan instead, and saves nothing."""
    from app.agreements import draft_settlement

    with office.session() as s:
        agent = _user(s, "agent01")
        number = draft_settlement(s, agent, _case(s, "L2").case_no, 600_000).agreement_no
        due = _agreement(s, number).instalments[0].due_on
    with office.session() as s, pytest.raises(ValidationError) as caught:
        rows = [PlanRow(due, 300_000), PlanRow(due + 30 * DAY, 300_000)]
        edit_draft(s, _user(s, "agent01"), number, rows=rows)
    assert caught.value.translated("en") == (
        f"Agreement {number} is a settlement, paid in one payment: give it one date and amount, "
        "or cancel it and draft an instalment plan instead."
    )
    assert "改为起草分期还款计划" in caught.value.translated("zh_CN")
    with office.session() as s:
        assert [(i.due_on, i.amount) for i in _agreement(s, number).instalments] == [(due, 600_000)]
