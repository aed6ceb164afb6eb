"""`casedesk queue --help` is read before any office is known: its --search names the full ID
number of every country (a US office's SSN, a UK office's NI number), in English and Chinese."""

from __future__ import annotations

import re


def _help(capsys, *lang: str) -> str:
    from app.cli.main import main

    try:
        main([*lang, "queue", "--help"])
    except SystemExit:
        pass
    return re.sub(r"\s+", " ", capsys.readouterr().out)


def test_the_queue_search_help_names_every_countrys_full_id_number(capsys) -> None:
    shown = _help(capsys)
    assert "full ID number / full Social Security number / full National Insurance number" in shown
    chinese = _help(capsys, "--lang", "zh_CN")
    assert "完整身份证号 / 完整社会安全号 / 完整国民保险号" in chinese
