"""The Chinese reads as one product: every translation in the merged catalog (resources/i18n/zh_CN)
uses the glossary's term for a domain word (tests/core/zh_glossary.py), Chinese punctuation
inside Chinese text (，：；（）？！, a form label ending in "："), and no English word left in it
but names, formats, keys and what the user types (commands, flags, the CLI's own words,
placeholders)."""

from __future__ import annotations

import argparse
import re
from functools import cache

from app.i18n import _catalog
from tests.core.test_chinese_terms import chinese_texts
from tests.core.zh_glossary import GLOSSARY, NOT_THE_TERM

HAN = r"[\u3400-\u9fff]"
# Chinese characters and full-width punctuation: what an ASCII mark must not touch
CHINESE = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—]"

# Written as typed or as a name, not translated: code, addresses, Qt's file-filter separator
_CODE = (
    r"`[^`]*`",  # a command to type
    r"[\w+.-]+://[^\s（）“”，。；]*",  # postgresql+psycopg://用户@主机[:端口]/数据库名
    r";;",  # Qt: 备份 (*.bak);;所有文件 (*)
    r"%\(\w+\)\w",  # argparse's placeholders
    r"\(&\w\)",  # a menu's mnemonic: 文件(&F)
)
_MARK = re.compile(rf"(?<={CHINESE})\s*[,;:?!]|[,;:?!]\s*(?={CHINESE})")
_PARENS = re.compile(r"\(([^()]*)\)")

# English left as it is: names of products, formats, laws, keys, placeholders of a command line
ALLOWED = frozenset(
    "Casedesk casedesk Excel WPS CSV PDF XLSX JSON UTF UTC YYYY PostgreSQL SQLite SQLCipher "
    "Python ReportLab Windows macOS Unicode Big5 GDPR FCA CONC FDCPA Regulation ZIP Home End Enter "
    "FROM TOML round robin".split()
)
_LITERALS = (
    r"\{[^{}]*\}",  # placeholders
    r"%\(\w+\)\w",
    r"`[^`]*`",
    r"<[^<>]*>",  # a link's markup
    r"[\w+.-]+://\S*",
    r"(?<![\w-])--?[A-Za-z][\w-]*",  # flags
    r"(?:[a-z][\w+.-]*、)+[a-z][\w+.-]*(?: 或 [a-z][\w+-]*)?",  # choices: call、sms 或 letter
    r"\b[a-z]\w* 或 [a-z]\w*\b",  # true 或 false
    r"[a-z][\w+-]*(?=（)",  # a value glossed: call（电话）
    r"(?<=（)[A-Za-z][\w ]*(?=）)",  # a key glossed: 版本（version）
    r"(?<=例如 |默认：|默认 )[a-z]\w*",  # an example or a default the user types
    r"(?<=、)[a-z][a-z ]*(?=）)",  # a name the user may type instead: （失业、job loss）
    r"[\w*]*\.(?:csv|xlsx|xls|pdf|txt|bak)\b",  # file names
    r"\b\w+(?:[._/]\w+)+\b",  # identifiers, time zones: office.name, Asia/Shanghai
)


@cache
def cli_words() -> frozenset[str]:
    """The words of the command line: commands, choices and metavars, typed as they are."""
    from app.cli.main import build_parser

    words: set[str] = set()

    def walk(parser: argparse.ArgumentParser) -> None:
        for action in parser._actions:
            for value in [*(action.choices or ()), action.metavar or ""]:
                words.update(re.findall(r"[A-Za-z]+", str(value)))
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)

    walk(build_parser())
    return frozenset(words)


def _chinese(catalog: dict[str, str]) -> dict[str, str]:
    return {msgid: text for msgid, text in catalog.items() if re.search(HAN, text)}


def glossary_misses(catalog: dict[str, str]) -> list[str]:
    """Translations of a msgid with a glossary word that use neither its term nor the word itself
    (a CLI value such as `cases` stays English)."""
    found = []
    for msgid, text in catalog.items():
        english = re.sub(r"\{[^{}]*\}|`[^`]*`|(?<![\w-])--[\w-]+", " ", msgid)
        for phrase in NOT_THE_TERM:
            english = re.sub(phrase, " ", english, flags=re.I)
        for term in GLOSSARY:
            word = rf"(?<![A-Za-z])(?:{term.english})(?![A-Za-z])"
            if (
                re.search(word, english, re.I)
                and not any(form in text for form in (term.chinese, *term.also))
                and not re.search(word, text, re.I)
            ):
                found.append(f"{term.chinese} for {msgid!r}: {text!r}")
    return found


def wrong_variants(texts: dict[str, list[str]]) -> list[str]:
    return [
        f"{name}: {wrong} (use {term.chinese}) in {text!r}"
        for name, values in texts.items()
        for text in values
        for term in GLOSSARY
        for wrong in term.wrong
        if re.search(wrong, text)
    ]


def punctuation_offenders(catalog: dict[str, str]) -> list[str]:
    """ASCII , ; : ? ! touching Chinese, ASCII parentheses around or against Chinese, and a form
    label ("Name:") whose translation does not end in "：". A colon in 08:00, {a}: {b} in Latin
    text or a filter's (*.csv) is not Chinese punctuation."""
    found = []
    for msgid, text in _chinese(catalog).items():
        plain = text
        for code in _CODE:
            plain = re.sub(code, " ", plain)
        marks = [m.group().strip() for m in _MARK.finditer(plain)]
        marks += [
            m.group()
            for m in _PARENS.finditer(plain)
            if re.search(HAN, m.group(1))
            or re.search(f"{HAN}$", plain[: m.start()])
            or re.match(HAN, plain[m.end() :])
        ]
        if msgid.rstrip().endswith(":") and not text.rstrip().endswith("："):
            marks.append("label without ：")
        if marks:
            found.append(f"{marks} in {msgid!r}: {text!r}")
    return found


def english_left(catalog: dict[str, str]) -> list[str]:
    """English words of three letters or more in a Chinese translation that are not on the allow
    list, not the CLI's own words and not a literal (placeholder, flag, file, glossed value)."""
    found = []
    for msgid, text in _chinese(catalog).items():
        plain = text
        for literal in _LITERALS:
            plain = re.sub(literal, " ", plain)
        words = [
            w
            for w in re.findall(r"[A-Za-z]{3,}\d*", plain)
            if w not in ALLOWED and w not in cli_words()
        ]
        if words:
            found.append(f"{words} in {msgid!r}: {text!r}")
    return found


def test_translations_use_the_glossarys_terms() -> None:
    catalog = _catalog("zh_CN")
    assert len(catalog) > 3000
    assert glossary_misses(catalog) == []


def test_no_chinese_text_uses_a_wrong_variant_of_a_glossary_term() -> None:
    assert wrong_variants(chinese_texts()) == []


def test_chinese_punctuation_inside_chinese_text() -> None:
    assert punctuation_offenders(_catalog("zh_CN")) == []


def test_no_english_word_left_in_a_chinese_translation() -> None:
    assert english_left(_catalog("zh_CN")) == []


def test_each_check_can_fail() -> None:
    """Each check names an offender and lets its look-alikes through."""
    assert glossary_misses({"Case paused by a complaint": "投诉暂停联系"}) != []
    assert glossary_misses({"queue, cases: unassigned": "queue、cases：未分配"}) == []
    assert glossary_misses({"{count} cases": "{count} 件"}) == []
    assert glossary_misses({"Letter case differs.": "大小写不同。"}) == []
    found = wrong_variants({"x.json": ["已分配 3 个案件", "该个案已结清", "仪表板"]})
    assert found == [
        "x.json: 个案(?!件) (use 案件) in '该个案已结清'",
        "x.json: 仪表板 (use 总览) in '仪表板'",
    ]
    bad = {
        "On {date}: paid": "{date}: 已还",
        "Paid, late": "已还,逾期",
        "Done (today)": "完成(今天)",
        "Name:": "姓名:",
        "Why?": "为什么?",
    }
    assert len(punctuation_offenders(bad)) == len(bad)
    fine = {
        "At 08:00": "08:00 起",
        "Excel (*.xlsx);;CSV (*.csv)": "Excel 工作簿 (*.xlsx);;CSV (*.csv)",
        "&File": "文件(&F)",
        "Address": "postgresql+psycopg://用户@主机[:端口]/数据库名（密码）",
        "{a}: {b}": "{a}：{b}",
    }
    assert punctuation_offenders(fine) == []
    assert english_left({"Kind: settlement": "类型：settlement"}) != []
    assert english_left({"Open a PDF in Excel": "用 Excel 打开 PDF"}) == []
    assert english_left({"call or sms": "call（电话）、sms（短信）或 letter"}) == []
    assert english_left({"casedesk rules add": "可用 casedesk rules add 添加"}) == []
