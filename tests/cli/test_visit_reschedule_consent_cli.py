"""`casedesk visit reschedule` keeps the consents the booking recorded, as the window's
Reschedule dialog keeps its boxes ticked (QA s46: a move of the team alone asked a supervisor's
override twice under "Consent to a visit"): consent to enter wherever the visit moves, the
borrower's agreement to the time while the time and length stay; --not-agreed and --no-entry say
they no longer hold."""

from __future__ import annotations

import json

from tests.cli.test_visit_reschedule_cli import _book, _cases, _shown, env  # noqa: F401
from tests.core.visit_office import slot


def _move(cli, env, number: str, *extra: str) -> tuple[int, dict]:  # noqa: F811
    code, out, _err = cli(
        "visit", "reschedule", number, "--agents", "agent03,agent01", "--reason", "换人上门",
        *extra, "--json", *env,
    )  # fmt: skip
    return code, json.loads(out)


def _consent_findings(result: dict) -> list[dict]:
    return [f for f in result["findings"] if f["rule"] == "visit_consent"]


def test_a_move_of_the_team_alone_keeps_both_consents(cli, env):  # noqa: F811
    number = _book(cli, env, _cases(cli, env)[0])  # both consents recorded, at 10:00
    same = ("--start", slot(10).isoformat())
    code, checked = _move(cli, env, number, *same, "--check")
    assert code == 0 and checked["verdict"] == "allowed", checked
    assert not _consent_findings(checked)
    code, moved = _move(cli, env, number, *same)
    assert code == 0 and moved["saved"] is True, moved
    shown = _shown(cli, env, number)
    assert shown["agents"] == ["agent03", "agent01"]
    assert shown["borrower_agreed"] is True and shown["consent_to_enter"] is True


def test_another_time_keeps_consent_to_enter_but_asks_the_agreement_again(cli, env):  # noqa: F811
    number = _book(cli, env, _cases(cli, env)[0])
    later = ("--start", slot(15).isoformat())
    code, checked = _move(cli, env, number, *later, "--check")
    assert code == 3 and checked["verdict"] == "needs_override"
    assert len(_consent_findings(checked)) == 1  # the time's agreement only, not entering
    code, agreed = _move(cli, env, number, *later, "--borrower-agreed", "--check")
    assert code == 0 and agreed["verdict"] == "allowed", agreed


def test_the_flags_say_a_recorded_consent_no_longer_holds(cli, env):  # noqa: F811
    number = _book(cli, env, _cases(cli, env)[0])
    same = ("--start", slot(10).isoformat())
    for flag in ("--not-agreed", "--no-entry"):
        code, checked = _move(cli, env, number, *same, flag, "--check")
        assert code == 3 and checked["verdict"] == "needs_override", (flag, checked)
        assert len(_consent_findings(checked)) == 1
    code, out, _err = cli("visit", "reschedule", "--help", *env)
    assert "--not-agreed" in out and "--no-entry" in out
