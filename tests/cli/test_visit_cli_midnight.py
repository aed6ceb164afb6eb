"""`visit show` and `visit list` mark the end of a visit across midnight as the next day's
(QA13: "2026-12-10 23:30–01:00")."""

from __future__ import annotations

import pytest

from tests.cli.test_visit_cli import CONSENT, _cases, _verified, env  # noqa: F401
from tests.core.visit_office import slot

SPAN = {"en": "23:30–01:00 (+1 day)", "zh_CN": "23:30–次日 01:00"}
AGREED = ("--quiet-agreed-by", "张伟本人", "--quiet-agreed-how", "电话中要求下班后上门")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_show_and_list_mark_the_next_day(cli, env, lang):  # noqa: F811
    number = _verified(cli, env, _cases(cli, env)[0])
    at = slot(23, 30).isoformat()
    book = ("visit", "book", number, "--agents", "agent01,agent02", "--at", at, "--minutes", "90")
    code, out, err = cli(*book, *CONSENT, *AGREED, *env)
    assert code == 0, out + err
    when = f"{slot(10).date().isoformat()} {SPAN[lang]}"
    for command in (("visit", "show", number), ("visit", "list")):
        code, out, err = cli("--lang", lang, *command, *env)
        assert code == 0, err
        assert when in out
