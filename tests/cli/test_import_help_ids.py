"""`casedesk import --help` is read before any office is known: its borrowers line names the ID
number of every country (a US office's SSN, a UK office's NI number), never 身份证号 alone, in
English and Chinese."""

from __future__ import annotations

import re


def _help(capsys, *lang: str) -> str:
    from app.cli.main import main

    try:
        main([*lang, "import", "--help"])
    except SystemExit:
        pass
    return re.sub(r"\s+", " ", capsys.readouterr().out)


def test_the_import_help_names_every_countrys_id_number(capsys) -> None:
    shown = _help(capsys)
    assert "name, ID number / Social Security number / National Insurance number, mobile" in shown
    chinese = _help(capsys, "--lang", "zh_CN")
    assert "姓名、身份证号 / 社会安全号 / 国民保险号、手机号" in chinese


def test_the_reveal_help_says_id_number_for_every_country(capsys) -> None:
    """`borrower reveal --help` is read before an office is known too: its description says
    证件号码 (any country's ID number), not 身份证号 (China's alone)."""
    from app.cli.main import main

    try:
        main(["--lang", "zh_CN", "borrower", "reveal", "--help"])
    except SystemExit:
        pass
    chinese = re.sub(r"\s+", "", capsys.readouterr().out)
    assert "查看借款人完整的证件号码、电话或地址" in chinese and "身份证" not in chinese
