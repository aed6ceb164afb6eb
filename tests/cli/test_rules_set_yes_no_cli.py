"""`casedesk rules set RULE enabled=yes|no|是|否`: a rule switched on or off in the words the
import reads for yes and no, as true/false always were (QA15: "Rule enabled: yes is not true or
false.")."""

from __future__ import annotations

import pytest

from tests.cli.conftest import ADMIN_PASSWORD


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def _off(cli, db) -> bool:  # type: ignore[no-untyped-def]
    code, out, err = cli("rules", "show", *db)
    assert code == 0, err
    return "  daily_attempt_cap (off) [" in out


@pytest.mark.parametrize(
    ("no", "yes"), [("no", "yes"), ("否", "是"), ("NO", "Yes"), ("false", "true")]
)
def test_a_rule_is_switched_with_yes_and_no(cli, db, no, yes):
    assert not _off(cli, db)
    code, _out, err = cli("rules", "set", "daily_attempt_cap", f"enabled={no}", *db)
    assert code == 0, err
    assert _off(cli, db)
    code, _out, err = cli("rules", "set", "daily_attempt_cap", f"enabled={yes}", *db)
    assert code == 0, err
    assert not _off(cli, db)


def test_other_words_are_still_refused(cli, db):
    code, _out, err = cli("rules", "set", "daily_attempt_cap", "enabled=maybe", *db)
    assert code == 1
    assert "Rule enabled: maybe is not true or false." in err
