"""The cycle collector is held off while a report is gathered and laid out (app/collector.py),
then put back as it was: on for the command line, off in the window."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app.collector import collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


@collector_paused
def _seen(fail: bool = False) -> bool:
    if fail:
        raise ValueError("the report failed")
    return gc.isenabled()


def test_off_while_it_runs_and_on_again_after(collector_on: None) -> None:
    assert _seen() is False
    assert gc.isenabled()
    with pytest.raises(ValueError):
        _seen(fail=True)
    assert gc.isenabled()  # a failed report puts it back too


def test_left_off_when_it_was_off(collector_on: None) -> None:
    gc.disable()  # as in the window (ui/collector.py)
    try:
        assert _seen() is False
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_reports_run_with_it_paused() -> None:
    from app.reporting.compliance import compliance_report
    from app.reporting.portfolio import portfolio_report
    from reports.compliance_report import render_compliance_report
    from reports.portfolio import render_portfolio

    for work in (compliance_report, portfolio_report, render_compliance_report, render_portfolio):
        assert getattr(work, "__wrapped__", None) is not None, work.__name__
