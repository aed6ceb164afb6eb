"""`casedesk rules show` reads stop_work_contact as it holds (QA P #5): a call, an SMS, a letter
or a visit at work, in English and Chinese, from the CN 2026.7 rule set the demo stores."""

from __future__ import annotations

from tests.cli.test_rules_show_words import _rule, env  # noqa: F401 (the fixture)


def test_the_rule_names_every_channel_it_stops(cli, env) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    code, out, _err = cli("rules", "show", *env)
    assert code == 0 and "CN 2026.7" in out
    text = "\n".join(_rule(out, "stop_work_contact"))
    assert "No call, SMS, letter or visit at work when the borrower asked" in text, text
    assert "Channels: Call, SMS, Letter, Visit" in text and "No calls or visits" not in text
    code, out, _err = cli("--lang", "zh_CN", "rules", "show", *env)
    text = "\n".join(_rule(out, "stop_work_contact"))
    assert code == 0 and "不得在工作单位以电话、短信、信函或上门方式联系" in text, text
    assert "致电或上门" not in text
