"""A CLI booking or move held for the borrower's consent names the options that record it, as a
quiet-hours refusal names its own (QA13: only the supervisor's override was offered)."""

from __future__ import annotations

import pytest

from app.compliance.model import Finding, Severity
from app.compliance.visit_rules import NO_AGREEMENT, NO_CONSENT_TO_ENTER, consent_options
from tests.cli.test_visit_cli import CONSENT, _cases, _verified, env  # noqa: F401
from tests.core.visit_office import slot

WAY = {
    "en": "If the borrower gave this consent, record it from the command line: add {options}.",
    "zh_CN": "如借款人已表示同意，请在命令行中记录：加上 {options}。",
}


def _finding(message: str) -> Finding:
    return Finding("visit_consent", Severity.NEEDS_OVERRIDE, message)


def test_consent_options_follow_the_findings() -> None:
    assert consent_options([]) == []
    assert consent_options([_finding(NO_AGREEMENT)]) == ["--borrower-agreed"]
    both = [_finding(NO_AGREEMENT), _finding(NO_CONSENT_TO_ENTER[True])]
    assert consent_options(both) == ["--borrower-agreed", "--consent-to-enter"]
    assert consent_options([_finding(NO_CONSENT_TO_ENTER[False])]) == ["--consent-to-enter"]
    assert consent_options([_finding("The loan contract has no home-visit clause.")]) == []


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_book_and_reschedule_name_the_consent_options(cli, env, lang):  # noqa: F811
    number = _verified(cli, env, _cases(cli, env)[0])
    book = ("visit", "book", number, "--agents", "agent01,agent02", "--at", slot(10).isoformat())
    code, out, _ = cli("--lang", lang, *book, *env)
    assert code != 0
    assert WAY[lang].format(options="--borrower-agreed --consent-to-enter") in out
    code, out, _ = cli("--lang", lang, *book, "--borrower-agreed", *env)
    assert code != 0 and WAY[lang].format(options="--consent-to-enter") in out
    code, out, err = cli(*book, *CONSENT, *env)
    assert code == 0, err
    assert "If the borrower gave this consent" not in out
    move = (
        "visit",
        "reschedule",
        number,
        "--agents",
        "agent01,agent02",
        "--at",
        slot(11).isoformat(),
    )
    code, out, err = cli("--lang", lang, *move, "--reason", "asked", *env)
    assert code != 0, err
    # Consent to enter, recorded at booking, holds wherever the visit moves (QA s46, as the
    # Reschedule dialog keeps its box ticked); the agreement was to the booked time only.
    assert WAY[lang].format(options="--borrower-agreed") in out
    code, out, err = cli("--lang", lang, *move, "--reason", "asked", "--no-entry", *env)
    assert code != 0, err
    assert WAY[lang].format(options="--borrower-agreed --consent-to-enter") in out
