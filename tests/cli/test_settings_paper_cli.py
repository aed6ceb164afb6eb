"""`casedesk settings set print.paper=…`: the paper every PDF is laid out on, named as people
write it (A4, Letter), cleared back to the rule set's country's; another paper is refused."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import ADMIN_PASSWORD


@pytest.fixture
def admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)


def _paper(cli, office) -> object:
    code, out, _err = cli("--db", office, "settings", "show", "--json")
    assert code == 0
    return json.loads(out)["settings"]["print.paper"]


def test_the_paper_is_set_by_its_name_and_cleared(cli, office, admin) -> None:
    assert _paper(cli, office) is None  # the rule set's country's
    code, out, err = cli("--db", office, "settings", "set", "print.paper=Letter")
    assert (code, out.strip()) == (0, "Changed: print.paper"), err
    assert _paper(cli, office) == "letter"
    code, out, err = cli("--db", office, "settings", "set", "print.paper=legal")
    assert code == 1 and "Choose one of: a4, letter" in err
    assert _paper(cli, office) == "letter"
    code, out, err = cli("--db", office, "settings", "set", "print.paper=")
    assert (code, out.strip()) == (0, "Changed: print.paper"), err
    assert _paper(cli, office) is None


def test_show_names_the_countrys_paper_when_none_was_chosen(cli, office, admin) -> None:
    code, out, err = cli("--db", office, "settings", "show")
    assert code == 0, err
    assert "print.paper = (the rule set's country's: A4 (210 × 297 mm))" in out.splitlines()
    cli("--db", office, "settings", "set", "print.paper=letter")
    code, out, err = cli("--db", office, "settings", "show")
    assert "print.paper = letter" in out.splitlines()
