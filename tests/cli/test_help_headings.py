"""`casedesk --help` in Chinese heads its sections 选项：, 命令： and 位置参数： with a full-width
colon (argparse wrote "选项:"); English keeps "options:"."""

from __future__ import annotations

import re

from app.cli.main import main


def test_help_section_headings_take_the_languages_colon(capsys) -> None:
    headings = {
        (): ("选项", "命令"),
        ("report",): ("选项", "位置参数"),
        ("report", "compliance"): ("选项",),
    }
    for argv, names in headings.items():
        assert main(["--lang", "zh_CN", *argv, "--help"]) == 0
        shown = capsys.readouterr().out
        assert all(f"\n{name}：\n" in shown for name in names), shown
        assert not re.search(r"(?m)^\S.*:$", shown)
    assert main(["--help"]) == 0
    assert "\noptions:\n" in capsys.readouterr().out
