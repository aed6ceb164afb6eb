"""Handing back cases that had no agent says so, in the CLI as in the window: none went back, or
how many of those chosen already were unassigned. QA: "0 cases handed back to the queue,
unassigned." for cases the supervisor had picked from the Unassigned filter."""

from __future__ import annotations

import re

from tests.cli.test_assign_absent_cli import _open_of, run  # noqa: F401 (the fixture)


def test_cases_already_unassigned(run, demo_path) -> None:  # noqa: F811
    theirs = _open_of(demo_path, "agent01")[:1]
    free = _open_of(demo_path, None)[:2]
    assert len(theirs) == 1 and len(free) == 2
    code, out, _err = run("assign", "--unassign", *free)
    assert code == 0
    assert out == "The 2 chosen cases were already unassigned: nothing to hand back.\n"
    code, out, _err = run("assign", "--unassign", *theirs, *free)
    assert code == 0
    said, number = out.splitlines()
    assert said == "Handed 1 case back to the queue, unassigned. 2 others were already unassigned."
    assert re.fullmatch(r"Assignment \d+; undo it with: casedesk assign-undo \d+", number)
    code, out, _err = run("--lang", "zh_CN", "assign", "--unassign", free[0])
    assert out == "所选的 1 个案件原本就未分配：没有可退回的案件。\n"
