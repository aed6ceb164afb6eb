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

A name sorts by one reading, but is found by any a user may type: a character read two ways in
names (长 cháng/zhǎng, 乐 lè/yuè, 单 dān/shàn …) is spelled both ways in what typed letters are
looked for in, so 张长生 is found by "zhangchangsheng" as by "zhangzhangsheng", and 单田芳 by
"dantianfang" as by "shantianfang".
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator
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

# Characters read two or more ways in names, toneless, each a reading a user may type to find a
# name: what the search looks for besides the reading a name sorts by. Curated, not pypinyin's
# every reading, which would have 明 found by "meng" and 重 by "tong".
OTHER_READINGS = {
    "长": ("chang", "zhang"),
    "乐": ("le", "yue"),
    "行": ("xing", "hang"),
    "重": ("zhong", "chong"),
    "朝": ("chao", "zhao"),
    "单": ("dan", "shan", "chan"),
    "都": ("du", "dou"),
    "强": ("qiang", "jiang"),
    "曾": ("zeng", "ceng"),
    "觉": ("jue", "jiao"),
    "传": ("chuan", "zhuan"),
    "会": ("hui", "kuai"),
    "解": ("jie", "xie"),
    "查": ("cha", "zha"),
    "盖": ("gai", "ge"),
    "区": ("qu", "ou"),
    "仇": ("chou", "qiu"),
    "朴": ("pu", "piao"),
    "覃": ("tan", "qin"),
    "缪": ("miu", "miao"),
    "种": ("zhong", "chong"),
    "秘": ("mi", "bi"),
    "宿": ("su", "xiu"),
    "尉": ("wei", "yu"),
    "蔚": ("wei", "yu"),
    "员": ("yuan", "yun"),
    "召": ("zhao", "shao"),
    "藏": ("cang", "zang"),
    "柏": ("bai", "bo"),
    "车": ("che", "ju"),
    "叶": ("ye", "xie"),
    "薄": ("bo", "bao"),
    "沈": ("shen", "chen"),
    "参": ("can", "shen"),
    "莘": ("shen", "xin"),
    "省": ("sheng", "xing"),
    "盛": ("sheng", "cheng"),
    "晟": ("sheng", "cheng"),
    "奇": ("qi", "ji"),
    "大": ("da", "dai"),
    "翟": ("zhai", "di"),
    "繁": ("fan", "po"),
    "折": ("zhe", "she"),
    "粘": ("zhan", "nian"),
    "卜": ("bu", "bo"),
    "隗": ("wei", "kui"),
    "贾": ("jia", "gu"),
    "牟": ("mou", "mu"),
    "六": ("liu", "lu"),
    "调": ("diao", "tiao"),
    "率": ("shuai", "lv"),
    "茜": ("qian", "xi"),
    "露": ("lu", "lou"),
    "泊": ("bo", "po"),
    "还": ("huan", "hai"),
    "阿": ("a", "e"),
}
MAX_SPELLINGS = 8  # a name with many such characters is found by its first few spellings
TYPED_LENGTH = 800  # Borrower.name_typed's length; the sorting spelling always fits (≤ 701)


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
def _readings(name: str) -> tuple[tuple[str, ...], ...]:
    """The name spelled out, each word with the readings a user may type: a syllable per Han
    character (the one it sorts by first), a word per run of letters or digits."""
    text = unicodedata.normalize("NFKC", name).strip()
    words: list[tuple[str, ...]] = []
    for surname, reading in COMPOUND_SURNAMES.items():
        if text.startswith(surname):
            words.extend((syllable,) for syllable in reading.split())
            text = text[len(surname) :]
            break
    else:
        if text[:1] in SURNAMES:
            words.append(_with_others(SURNAMES[text[0]], text[0]))
            text = text[1:]
    run = ""
    for char in text:
        reading = _han(char)
        if reading:
            if run:
                words.append((run,))
                run = ""
            words.append(_with_others(reading, char))
            continue
        letter = _plain(char)
        if letter:
            run += letter
        elif run:
            words.append((run,))
            run = ""
    if run:
        words.append((run,))
    return tuple(words)


def _with_others(reading: str, char: str) -> tuple[str, ...]:
    """`reading` first, then the character's other readings in names."""
    return (reading, *(r for r in OTHER_READINGS.get(char, ()) if r != reading))


def _spellings(words: tuple[tuple[str, ...], ...]) -> Iterator[tuple[str, ...]]:
    """Every way to spell the words, the fewest other readings first: the sorting one, then
    each other reading alone, then two together …"""
    several = [i for i, readings in enumerate(words) if len(readings) > 1]
    for count in range(len(several) + 1):
        for places in itertools.combinations(several, count):
            for others in itertools.product(*(words[i][1:] for i in places)):
                spelled = [readings[0] for readings in words]
                for i, reading in zip(places, others, strict=True):
                    spelled[i] = reading
                yield tuple(spelled)


def syllables(name: str) -> tuple[str, ...]:
    """The name spelled out as it sorts: a syllable per Han character, a word per run of letters
    or digits."""
    return tuple(word[0] for word in _readings(name))


def name_pinyin(name: str) -> str:
    """What a name sorts by: its syllables in lower case, a space between ("zhang san")."""
    return " ".join(syllables(name))


def name_initials(name: str) -> str:
    """The first letter of each syllable ("zs"), what a user types to find a name quickly."""
    return "".join(word[0] for word in syllables(name))


def name_typed(name: str) -> str:
    """What typed letters are looked for in: the name spelled whole, then its initials
    ("zhangsan zs"), then the same for each other way it may be read, at most MAX_SPELLINGS
    ("zhangzhangsheng zzs zhangchangsheng zcs"). One column, so a search reads one short text
    per borrower; a space between parts, so typed letters never match across two."""
    parts: dict[str, None] = {}
    length = -1
    for words in itertools.islice(_spellings(_readings(name)), MAX_SPELLINGS):
        for part in ("".join(words), "".join(word[0] for word in words)):
            if part not in parts and (not parts or length + 1 + len(part) <= TYPED_LENGTH):
                parts[part] = None
                length += 1 + len(part)
    return " ".join(parts)


def name_key(name: str) -> tuple[str, str]:
    """A sort key putting names in pinyin order, the characters breaking a tie (张三, 章三)."""
    return name_pinyin(name), name


def by_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """`items` in pinyin order of their names; equal names keep the order they came in."""
    return sorted(items, key=lambda item: name_key(name(item)))


def spelled_fields(name: str) -> dict[str, str]:
    """The stored spelling columns of a borrower named `name`."""
    return {"name_pinyin": name_pinyin(name), "name_typed": name_typed(name)}
