"""Names spelled in pinyin: the readings of surnames, letters kept as written, and the order."""

from __future__ import annotations

import pytest

from app.names import (
    MAX_SPELLINGS,
    TYPED_LENGTH,
    by_name,
    name_initials,
    name_pinyin,
    name_typed,
    syllables,
)


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [
        ("张三", "zhang san", "zs"),
        ("吕布", "lv bu", "lb"),  # ü as v: after lu, as a pinyin index puts it
        # A surname's own reading, not the character's most common one.
        ("单田芳", "shan tian fang", "stf"),
        ("曾国藩", "zeng guo fan", "zgf"),
        ("解缙", "xie jin", "xj"),
        ("仇英", "qiu ying", "qy"),
        ("区伟", "ou wei", "ow"),
        ("翟明", "zhai ming", "zm"),
        # A compound surname read whole; its first character alone would read otherwise.
        ("单于夫", "chan yu fu", "cyf"),
        ("尉迟恭", "yu chi gong", "ycg"),
        ("欧阳修", "ou yang xiu", "oyx"),
        # Letters and digits as written, in lower case, without accents; full width folded.
        ("John Smith", "john smith", "js"),
        ("Zoë 王", "zoe wang", "zw"),
        ("ＡＢ王", "ab wang", "aw"),
        ("阿不都·热合曼", "a bu dou re he man", "abdrhm"),
        ("  ", "", ""),
    ],
)
def test_spelling(name: str, pinyin: str, initials: str) -> None:
    assert name_pinyin(name) == pinyin
    assert name_initials(name) == initials


def test_a_surname_reading_applies_to_the_first_character_only() -> None:
    # 单 in a given name keeps its common reading; as a surname it is shàn.
    assert syllables("王单") == ("wang", "dan")
    assert syllables("单单") == ("shan", "dan")


def test_names_in_pinyin_order_not_code_point_order() -> None:
    names = ["张三", "王五", "李四", "单田芳", "曾国藩", "安然", "John Smith", "欧阳修", "章三"]
    ordered = sorted(names, key=lambda n: (name_pinyin(n), n))
    assert ordered == [
        "安然",
        "John Smith",
        "李四",
        "欧阳修",
        "单田芳",
        "王五",
        "曾国藩",
        "张三",  # zhang san twice: the characters break the tie, 张 (U+5F20) before 章 (U+7AE0)
        "章三",
    ]
    assert sorted(names) != ordered  # code point order is another order


def test_what_typed_letters_are_looked_for_in() -> None:
    assert name_typed("张三") == "zhangsan zs"
    assert name_typed("John Smith") == "johnsmith js"
    assert name_typed("") == ""
    # A character read two ways in names is spelled both ways, the sorting reading first.
    assert name_typed("张长生") == "zhangzhangsheng zzs zhangchangsheng zcs"
    assert name_typed("单田芳") == "shantianfang stf dantianfang dtf chantianfang ctf"
    assert "abudu" in name_typed("阿不都").split()  # 阿不都, as Uyghur names are written
    assert name_pinyin("张长生") == "zhang zhang sheng"  # the order reads one reading


def test_other_readings_fewest_first_and_bounded() -> None:
    # Each other reading alone before two together; at most MAX_SPELLINGS spellings.
    parts = name_typed("曾乐行").split()
    assert parts[:4] == ["zenglexing", "zlx", "cenglexing", "clx"]
    assert parts.index("zengyuexing") < parts.index("cengyuexing")
    assert len([p for p in parts if len(p) > 3]) == MAX_SPELLINGS == 8
    # However long the name, the column's length holds, and the sorting spelling is in it.
    for name in ("长" * 100, "庄" * 100, "乐长" * 50):
        typed = name_typed(name)
        assert len(typed) <= TYPED_LENGTH
        assert typed.startswith("".join(syllables(name)) + " ")


def test_by_name_keeps_the_order_of_equal_names() -> None:
    people = [(3, "张三"), (1, "安然"), (2, "张三"), (4, "章三")]
    assert by_name(people, lambda p: p[1]) == [(1, "安然"), (3, "张三"), (2, "张三"), (4, "章三")]
