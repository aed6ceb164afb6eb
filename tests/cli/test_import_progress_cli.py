"""`casedesk import` of a long file says where it has got to on the terminal, in the user's
language, on one line rewritten in place and cleared before the result; a script's or a pipe's
stderr gets none of it (the other import tests read an empty stderr)."""

from __future__ import annotations

import io
import sys

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f


class Terminal(io.StringIO):
    """The stderr of a person at a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("lang", "reading", "checking"),
    [
        ("en", "Reading the file…", "Checking every row… 0/1,200"),
        ("zh_CN", "正在读取文件…", "正在检查每一行… 0/1,200"),
    ],
)
def test_a_long_import_shows_its_progress_on_a_terminal(
    office, tmp_path, monkeypatch, capsys, lang, reading, checking
):
    from app.cli.main import main

    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    path = f.write_csv(tmp_path / "客户.csv", f.BORROWER_ZH, f.borrowers(1_200))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["--lang", lang, "import", "borrowers", str(path), "--db", str(office)])
    out = capsys.readouterr().out
    assert code == 0 and "1,200" in out.splitlines()[0]
    lines = terminal.getvalue().split("\r")
    assert lines[1].startswith(reading) and any(line.startswith(checking) for line in lines)
    assert lines[-2].strip() == "" and lines[-1] == ""  # cleared: the result starts a clean line
    assert "\n" not in terminal.getvalue()
