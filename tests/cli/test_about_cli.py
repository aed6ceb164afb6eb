"""`casedesk about` prints what Help ▸ About shows (the office read with the key this computer
has, nothing asked), in English and Chinese; `--licences` lists the bundled components and
`--text` adds every licence's text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import __version__


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Database: ", "Data folder: ", "Office: 东城网点", "Rule set: CN ")),
        ("zh_CN", ("数据库：", "数据文件夹：", "营业部：东城网点", "规则集：CN ")),
    ],
)
def test_about_names_the_version_database_and_office(  # type: ignore[no-untyped-def]
    cli, office: Path, lang: str, words: tuple[str, ...]
) -> None:
    code, out, err = cli("about", "--db", str(office), "--lang", lang)
    assert code == 0 and err == ""
    assert out.startswith(f"Casedesk {__version__}\n")
    assert str(office) in out
    colon = "：" if lang == "zh_CN" else ": "
    for word in (*words, f"Qt{colon}", f"SQLCipher{colon}", f"ReportLab{colon}"):
        assert word in out, word


def test_about_without_a_database_still_answers(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path
) -> None:
    missing = tmp_path / "none.db"
    code, out, _err = cli("about", "--db", str(missing), "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["Database"] == str(missing)
    assert shown["Office"] == "(unknown)" and shown["Version"] == __version__


@pytest.mark.parametrize(("lang", "head"), [("en", "Licence"), ("zh_CN", "许可证")])
def test_about_licences_lists_every_component(  # type: ignore[no-untyped-def]
    cli, lang: str, head: str
) -> None:
    code, out, _err = cli("about", "--licences", "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    assert head in lines[0]
    for name in ("Qt 6 / PySide6", "SQLCipher", "ReportLab", "WenQuanYi Micro Hei"):
        assert any(line.startswith(name) for line in lines), name
    assert "GNU LESSER GENERAL PUBLIC LICENSE" not in out  # the texts only with --text
    code, full, _err = cli("about", "--licences", "--text")
    assert code == 0 and "GNU LESSER GENERAL PUBLIC LICENSE" in full
    assert "SIL OPEN FONT LICENSE" in full
