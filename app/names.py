"""People's names in pinyin: the order lists sort borrowers by, and what a typed pinyin matches.

A Chinese user expects names in pinyin order (as a phone book: 安, 白, 陈 … 张, 赵), and to find
张三 by typing "zhangsan" or "zs". Code-point order is the order of the Unicode tables, which
means nothing to a reader. Names are spelled once, when a borrower is written, and stored
(`Borrower.name_pinyin`, `Borrower.name_typed`), so SQL can sort and search 100,000 of them.

Each character is read with its most common reading (pypinyin's character table, without its
phrase table: a name is not a phrase, and the phrases cost a second and 40 MB to load). A
surname has its own reading where that differs (单 shàn, 曾 zēng, 解 xiè, 仇 qiú …), and a
compound surname is read whole (尉迟 yùchí, 单于 chányú). Letters and digits are kept as
written, in lower case and without accents, so "John Smith" sorts under J.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import TypeVar

T = TypeVar("T")

# Surnames read otherwise than the character's most common reading (单 dān → shàn), or whose
# reading is easily confused, toneless as stored; listed whether or not pypinyin's first reading
# agrees today, so that a new release of its table cannot move a borrower in the lists.
# Compound surnames are matched first (单于 chányú, not shàn yú).
COMPOUND_SURNAMES = {
    "尉迟": "yu chi",
    "万俟": "mo qi",
    "单于": "chan yu",
    "长孙": "zhang sun",
    "澹台": "tan tai",
    "令狐": "ling hu",
    "乐正": "yue zheng",
    "仉督": "zhang du",
    "宰父": "zai fu",
    "亓官": "qi guan",
}
SURNAMES = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "种": "chong",
    "重": "chong",
    "秘": "bi",
    "华": "hua",
    "过": "guo",
    "纪": "ji",
    "燕": "yan",
    "繁": "po",
    "瞿": "qu",
    "折": "she",
    "那": "na",
    "难": "nan",
    "粘": "nian",
    "藏": "zang",
    "都": "du",
    "六": "lu",
    "薄": "bo",
    "贾": "jia",
    "居": "ju",
    "盛": "sheng",
    "柏": "bai",
    "牟": "mou",
    "阚": "kan",
    "叶": "ye",
    "车": "che",
    "沈": "shen",
    "宿": "su",
    "卜": "bu",
    "冼": "xian",
    "员": "yun",
    "召": "shao",
    "尉": "wei",
    "隗": "wei",
    "长": "chang",
    "朝": "chao",
    "相": "xiang",
    "莘": "shen",
    "佴": "nai",
    "乜": "nie",
    "句": "gou",
    "殷": "yin",
    "石": "shi",
    "任": "ren",
    "强": "qiang",
}


@cache
def _reader() -> Callable[[str], str]:
    """pypinyin's reader of single characters, loaded on first use (about 0.1 s and 10 MB)."""
    # Without the phrase table: it is not needed for names and costs a second and 40 MB.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    from pypinyin import Style, lazy_pinyin

    def read(char: str) -> str:
        spelled = lazy_pinyin(char, style=Style.NORMAL, errors="ignore", v_to_u=False)
        return spelled[0] if spelled else ""

    return read


@lru_cache(maxsize=8192)
def _han(char: str) -> str:
    """A Han character's most common reading, toneless ("" for anything else)."""
    if not ("\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003134f"):
        return ""
    return str(_reader()(char))


def _plain(char: str) -> str:
    """A letter or digit without its accents, in lower case ("" for other characters)."""
    if not char.isalnum():
        return ""
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return bare.lower()


@lru_cache(maxsize=4096)
def syllables(name: str) -> tuple[str, ...]:
    """The name spelled out: a syllable per Han character, a word per run of letters or digits."""
    text = unicodedata.normalize("NFKC", name).strip()
    words: list[str] = []
    for surname, reading in COMPOUND_SURNAMES.items():
        if text.startswith(surname):
            words.extend(reading.split())
            text = text[len(surname) :]
            break
    else:
        if text[:1] in SURNAMES:
            words.append(SURNAMES[text[0]])
            text = text[1:]
    run = ""
    for char in text:
        reading = _han(char)
        if reading:
            if run:
                words.append(run)
                run = ""
            words.append(reading)
            continue
        letter = _plain(char)
        if letter:
            run += letter
        elif run:
            words.append(run)
            run = ""
    if run:
        words.append(run)
    return tuple(words)


def name_pinyin(name: str) -> str:
    """What a name sorts by: its syllables in lower case, a space between ("zhang san")."""
    return " ".join(syllables(name))


def name_initials(name: str) -> str:
    """The first letter of each syllable ("zs"), what a user types to find a name quickly."""
    return "".join(word[0] for word in syllables(name))


def name_typed(name: str) -> str:
    """What typed letters are looked for in: the name spelled whole, then its initials
    ("zhangsan zs"). One column, so a search reads one short text per borrower."""
    words = syllables(name)
    return "".join(words) + " " + name_initials(name) if words else ""


def name_key(name: str) -> tuple[str, str]:
    """A sort key putting names in pinyin order, the characters breaking a tie (张三, 章三)."""
    return name_pinyin(name), name


def by_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """`items` in pinyin order of their names; equal names keep the order they came in."""
    return sorted(items, key=lambda item: name_key(name(item)))


def spelled_fields(name: str) -> dict[str, str]:
    """The stored spelling columns of a borrower named `name`."""
    return {"name_pinyin": name_pinyin(name), "name_typed": name_typed(name)}
