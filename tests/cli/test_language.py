"""--lang and CASEDESK_LANG: a language Casedesk does not speak is not taken silently as English.
--lang refuses it as a usage error naming the supported ones; the variable (which may be set
for other programs too) leaves the messages in English and says so once on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import run_casedesk

REFUSED = "casedesk: argument --lang: unsupported language {lang}; choose one of: en, zh_CN\n"


@pytest.mark.parametrize("where", ["before", "after", "equals"])
@pytest.mark.parametrize("lang", ["fr", "de_DE.UTF-8", "klingon"])
def test_an_unsupported_lang_option_is_a_usage_error(  # type: ignore[no-untyped-def]
    cli, office: Path, where: str, lang: str
) -> None:
    status = ["db", "status", "--db", str(office)]
    argv = {
        "before": ["--lang", lang, *status],
        "after": [*status, "--lang", lang],
        "equals": [f"--lang={lang}", *status],
    }[where]
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert err.startswith("usage: casedesk")
    assert err.endswith(REFUSED.format(lang=lang))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Encrypted"),
        ("en_US", "Encrypted"),
        ("EN-gb", "Encrypted"),
        ("zh", "已加密"),
        ("zh-CN", "已加密"),
        ("zh_CN", "已加密"),
        ("zh_CN.UTF-8", "已加密"),
    ],
)
def test_the_aliases_of_a_supported_language_are_taken(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    monkeypatch.delenv("CASEDESK_LANG", raising=False)
    code, out, err = cli("--lang", lang, "db", "status", "--db", office)
    assert code == 0 and err == "" and said in out
    monkeypatch.setenv("CASEDESK_LANG", lang)
    code, out, err = cli("db", "status", "--db", office)
    assert code == 0 and err == "" and said in out


def test_an_unsupported_environment_language_is_english_and_said_once(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_LANG", "fr_FR.UTF-8")
    code, out, err = cli("db", "status", "--db", office)
    assert code == 0 and "Encrypted" in out
    assert err == (
        "casedesk: CASEDESK_LANG=fr_FR.UTF-8 is not a language Casedesk speaks (en, zh_CN); "
        "messages are in English.\n"
    )
    code, out, err = cli("db", "status", "--db", office, "--json")  # once, whatever the command
    assert code == 0 and err.count("\n") == 1 and "CASEDESK_LANG=fr_FR.UTF-8" in err
    code, out, err = cli("--lang", "zh_CN", "db", "status", "--db", office)  # the option wins
    assert code == 0 and err == "" and "已加密" in out


def test_in_a_real_process(office: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_casedesk("--lang", "fr", "db", "status", "--db", str(office))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.endswith(REFUSED.format(lang="fr"))
    done = run_casedesk("db", "status", "--db", str(office), CASEDESK_LANG="fr")
    assert done.returncode == 0 and "Encrypted" in done.stdout
    assert done.stderr.count("CASEDESK_LANG=fr is not a language Casedesk speaks") == 1


@pytest.mark.parametrize("where", ["before", "equals"])
def test_an_unsupported_lang_option_is_refused_in_the_environment_language(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """With CASEDESK_LANG=zh_CN every usage error is in Chinese: `--lang fr` too, not in the
    English `fr` was taken for (QA s44 finding 6)."""
    monkeypatch.setenv("CASEDESK_LANG", "zh_CN")
    lang = ["--lang", "fr"] if where == "before" else ["--lang=fr"]
    code, out, err = cli(*lang, "db", "status", "--db", office)
    assert code == 2 and out == ""
    assert err.startswith("用法：casedesk")
    assert err.endswith("casedesk: 参数 --lang：不支持的语言 fr；可选：en、zh_CN\n")
    code, out, err = cli("queue", "--limit", "x", "--db", office)  # as any other usage error
    assert code == 2 and err.endswith("casedesk: 参数 --limit：x 不是 0 或更大的整数。\n")
