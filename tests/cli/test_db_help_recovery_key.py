"""`casedesk --help` and `casedesk db --help` say what `db` holds — backups and restore, and a
new recovery key for an admin who lost the printed sheet — in English and Chinese (found by the
admin's first week: the list stopped at "verify", and `db --help` spoke of the schema alone)."""

from __future__ import annotations

import pytest

from app.cli.main import main

NEW_KEY = {"en": "a new recovery key", "zh_CN": "新的恢复密钥"}


def _db_line(shown: str) -> str:
    return next(line for line in shown.splitlines() if line.strip().startswith("db "))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_db_command_names_the_new_recovery_key(capsys, monkeypatch, lang: str) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one line each: nothing wrapped mid-phrase
    assert main(["--lang", lang, "--help"]) == 0
    assert NEW_KEY[lang] in _db_line(capsys.readouterr().out)
    assert main(["--lang", lang, "db", "--help"]) == 0
    shown = capsys.readouterr().out
    described = shown.split("\n\n")[1]  # the description, under the usage line
    assert NEW_KEY[lang] in described
    assert ("backups" if lang == "en" else "备份") in described
    assert "new-recovery-key" in shown
