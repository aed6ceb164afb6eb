"""The public-holidays rule's country is checked against the holidays registry's codes, without
importing every country's module at start (app/compliance/ruleset.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.compliance.ruleset import RuleSetError, parse_ruleset, shipped_text

ROOT = Path(__file__).resolve().parents[2]


def _with_country(code: str) -> str:
    text = shipped_text("cn")
    assert text.count('country = "CN"') == 1
    return text.replace('country = "CN"', f'country = "{code}"')


@pytest.mark.parametrize("code", ["CN", "GB", "GBR", "UK", "US", "USA"])
def test_known_codes_and_aliases_are_accepted(code: str) -> None:
    assert parse_ruleset(_with_country(code), "cn.toml").param("public_holidays", "country") == code


@pytest.mark.parametrize("code", ["XX", "cn", "", "CHINA"])
def test_unknown_codes_are_refused_naming_the_line(code: str) -> None:
    text = _with_country(code)
    with pytest.raises(RuleSetError) as raised:
        parse_ruleset(text, "cn.toml")
    assert raised.value.line is not None
    assert text.splitlines()[raised.value.line - 1].startswith("country = ")
    assert "country" in raised.value.problem


def test_validating_the_shipped_rule_sets_imports_no_country_module() -> None:
    probe = (
        "import json, sys\n"
        "from app.compliance.ruleset import validate_shipped\n"
        "validate_shipped()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('holidays.countries.'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
