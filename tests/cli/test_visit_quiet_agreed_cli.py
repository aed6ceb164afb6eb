"""`casedesk visit book|reschedule --quiet-agreed-by/-how/-at`: the borrower's agreement to a
visit's early or late time, recorded for that visit; without it the refusal names the flags.
Times are explicit, in Shanghai, two weeks ahead, whatever the hour the tests run at."""

from __future__ import annotations

import json

from db.store import open_database
from tests.cli.test_visit_cli import CONSENT, _cases, _verified, env  # noqa: F401 (fixture)
from tests.conftest import TEST_KEY
from tests.core.visit_office import QUIET_AGREED_AT, slot

AGREED_AT = QUIET_AGREED_AT
TEAM = ("--agents", "agent01,agent02")


def _kept(env, number: str) -> tuple[str | None, str | None]:  # noqa: F811
    from sqlalchemy import select

    from app.models import Visit

    database = open_database(env[1], TEST_KEY)
    try:
        with database.sessions() as s:
            visit = s.scalar(select(Visit).where(Visit.visit_no == number))
            return visit.quiet_agreed_by, visit.quiet_agreed_how
    finally:
        database.close()


def test_book_at_0730_names_the_way_then_books_with_the_agreement(cli, env):  # noqa: F811
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    early = slot(7, 30).isoformat()
    code, out, _ = cli("visit", "book", number, *TEAM, "--at", early, *CONSENT, *env)
    assert code == 3 and "Not booked: blocked" in out
    assert "--quiet-agreed-by" in out and "The borrower agreed to this early or late time" in out
    code, out, err = cli(
        "visit", "book", number, *TEAM, "--at", early, *CONSENT,
        "--quiet-agreed-by", "张伟本人", "--quiet-agreed-how", "电话中要求上班前上门",
        "--quiet-agreed-at", AGREED_AT.isoformat(), "--json", *env,
    )  # fmt: skip
    assert code == 0, err
    answer = json.loads(out)
    assert answer["saved"] and answer["verdict"] == "allowed"
    (quiet,) = [f for f in answer["findings"] if f["rule"] == "quiet_hours"]
    assert quiet["severity"] == "info"
    assert _kept(env, number) == ("张伟本人", "电话中要求上班前上门")
    code, out, _ = cli("visit", "show", number, *env)
    assert code == 0 and "Early or late time agreed: 张伟本人" in out


def test_a_half_given_agreement_is_refused_on_one_line(cli, env):  # noqa: F811
    number = _verified(cli, env, _cases(cli, env)[0])
    early = slot(7, 30).isoformat()
    code, _, err = cli(
        "visit", "book", number, *TEAM, "--at", early, *CONSENT, "--quiet-agreed-by", "张伟", *env
    )
    assert code != 0 and "Say how the borrower agreed" in err
    code, _, err = cli(
        "visit", "book", number, *TEAM, "--at", early, *CONSENT,
        "--quiet-agreed-at", AGREED_AT.isoformat(), *env,
    )  # fmt: skip
    assert code != 0 and "--quiet-agreed-at needs --quiet-agreed-by" in err


def test_reschedule_records_a_later_agreement_and_keeps_it_for_a_team_change(cli, env):  # noqa: F811
    number = _verified(cli, env, _cases(cli, env)[0])
    code, _, err = cli("visit", "book", number, *TEAM, "--at", slot(10).isoformat(), *CONSENT, *env)
    assert code == 0, err
    early = slot(7).isoformat()
    move = ("visit", "reschedule", number, "--reason", "借款人要求提前到上班前", "--at", early)
    code, out, _ = cli(*move, *TEAM, *CONSENT, *env)
    assert code == 3 and "--quiet-agreed-by" in out
    code, out, err = cli(
        *move, *TEAM, *CONSENT, "--quiet-agreed-by", "张伟",
        "--quiet-agreed-how", "改约电话中本人同意七点", *env,
    )  # fmt: skip
    assert code == 0 and f"Visit {number} rescheduled to " in out, err
    assert _kept(env, number) == ("张伟", "改约电话中本人同意七点")
    # The same time, another second agent: the agreement for this time is kept.
    code, out, err = cli(*move, "--agents", "agent01,agent03", *CONSENT, *env)
    assert code == 0, err + out
    assert _kept(env, number) == ("张伟", "改约电话中本人同意七点")
