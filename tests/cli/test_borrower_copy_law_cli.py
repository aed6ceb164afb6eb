"""`casedesk borrower copy`: the file it writes cites the office's law (PIPL Art. 45 in a Chinese
office, UK GDPR Art. 15 in a UK one, none in a US one), in English and Chinese; its --help, read
before any office is opened, names no law at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.test_borrower_copy_cli import REASON, demo  # noqa: F401  (the fixture)

CITES = {
    "cn": {"en": ("PIPL Art. 45", "GDPR"), "zh_CN": ("个人信息保护法》第四十五条", "GDPR")},
    "uk": {"en": ("UK GDPR Art. 15", "PIPL"), "zh_CN": ("英国GDPR第15条", "个人信息保护法")},
    "us": {"en": ("where the law of their state", "Art."), "zh_CN": ("所在州的法律", "第")},
}


def _flat(text: str) -> str:
    return "".join(text.split())


def _help(capsys: pytest.CaptureFixture[str], *lang: str) -> str:
    from app.cli.main import main

    try:
        main([*lang, "borrower", "copy", "--help"])
    except SystemExit:
        pass
    return re.sub(r"\s+", " ", capsys.readouterr().out)


@pytest.mark.parametrize("lang", [(), ("--lang", "zh_CN")])
def test_the_help_names_no_law(capsys: pytest.CaptureFixture[str], lang: tuple[str, ...]) -> None:
    shown = _help(capsys, *lang)
    assert "BORROWER_NO" in shown
    assert "the law of the office's country" in shown or "本营业部所在国家" in shown
    for law in ("PIPL", "GDPR", "Art. 45", "Art. 15", "个人信息保护法", "第四十五条"):
        assert law not in shown


@pytest.mark.parametrize("jurisdiction", sorted(CITES))
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_written_copy_cites_the_offices_law(
    cli,
    demo,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
    jurisdiction: str,
    lang: str,
) -> None:  # type: ignore[no-untyped-def]
    db, number = demo
    code, _out, err = cli("rules", "use", jurisdiction, "--user", "admin", "--db", db)
    assert code == 0, err
    pdf = tmp_path / "copy.pdf"
    code, out, err = cli("--lang", lang, "borrower", "copy", number, "-o", pdf,
                         "--reason", REASON, "--user", "supervisor", "--db", db)  # fmt: skip
    assert code == 0, err
    assert str(pdf) in out
    first = _flat(PdfReader(str(pdf)).pages[0].extract_text())
    start = _flat("Everything" if lang == "en" else "所持有的该借款人全部信息")
    end = _flat("Not included" if lang == "en" else "不包括")
    opening = first[first.index(start) : first.index(end)]
    cited, not_cited = CITES[jurisdiction][lang]
    assert _flat(cited) in opening and _flat(not_cited) not in opening
