"""A whole number beyond 64 bits (QA s44 finding 2) typed as a limit or an id is refused in one
`casedesk:` line, exit 2, in English and Chinese: it reached the database and ended in a Python
traceback (OverflowError) in `queue --limit`, `report recent --limit`, `assign-undo`, `borrower
person edit/remove` and `borrower flags --person`."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main
from tests.cli.conftest import ADMIN_PASSWORD

HUGE = "99999999999999999999"
COMMANDS = [
    ["queue", "--limit", HUGE],
    ["report", "recent", "--limit", HUGE],
    ["assign-undo", HUGE, "--yes"],
    ["borrower", "person", "edit", "B1", HUGE, "--name", "X"],
    ["borrower", "person", "remove", "B1", HUGE],
    ["borrower", "flags", "B1", "--person", HUGE, "--set", "do_not_contact"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", f"{HUGE} is too large a number."), ("zh_CN", f"{HUGE} 这个数太大了。")],
)
def test_a_number_beyond_64_bits_is_one_line(office: Path, capsys, command, lang, said) -> None:
    capsys.readouterr()
    code = main(["--lang", lang, *command, "--db", str(office)])
    err = capsys.readouterr().err
    assert code == 2
    last = err.strip().splitlines()[-1]
    assert last.startswith("casedesk: ") and last.endswith(said), err
    assert "Traceback" not in err


def test_the_largest_stored_number_is_still_read(office: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    capsys.readouterr()
    code = main(["queue", "--limit", str(2**63 - 1), "--db", str(office), "--json"])
    assert code == 0, capsys.readouterr().err
