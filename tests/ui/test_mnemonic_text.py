"""The words of a mnemonic (ui/mnemonic_text.py): which letter a text takes and where it goes, in
English and in Chinese, and the text as read without it."""

from __future__ import annotations

from app.i18n import tr
from ui.mnemonic_text import english_letters, literal, mnemonic, plain, with_mnemonic


def test_english_underlines_the_first_free_first_letter_of_a_word() -> None:
    taken: set[str] = set()
    assert with_mnemonic("Save", taken, "en") == "&Save"
    assert with_mnemonic("Save draft", taken, "en") == "Save &draft"
    assert with_mnemonic("Show details…", taken, "en") == "S&how details…"  # S, D taken
    assert taken == {"S", "D", "H"}


def test_chinese_appends_the_english_msgid_s_letter_before_its_colon_or_ellipsis() -> None:
    assert with_mnemonic(tr("Generate plan", "zh_CN"), set(), "zh_CN") == "生成计划(&G)"
    assert with_mnemonic(tr("Agreed amount:", "zh_CN"), {"A"}, "zh_CN") == "约定还款金额(&G)："
    assert with_mnemonic(tr("Log contact…", "zh_CN"), set(), "zh_CN") == "登记联系(&L)…"
    # Before a closing arrow too: "下一周 ▶(&N)" read as if the letter named the arrow.
    assert with_mnemonic(tr("Next week ▶", "zh_CN"), set(), "zh_CN") == "下一周(&N) ▶"
    assert plain("下一周(&N) ▶") == "下一周 ▶"
    # Words no catalog knows (a name) take the first free letter.
    assert with_mnemonic("王芳", {"A"}, "zh_CN") == "王芳(&B)"
    assert with_mnemonic("王芳", {"A"}, "en") == "王芳(&B)"  # no Latin letter to underline
    # A count in the words takes no key of its own: it read "时间线（7）(7)" and moved with it.
    timeline = tr("Timeline ({count})", "zh_CN", count=7)
    assert with_mnemonic(timeline, {"A"}, "zh_CN") == f"{timeline}(&B)"
    assert with_mnemonic("V2026-000016", {"V"}, "zh_CN") == "V2026-000016(&A)"


def test_a_literal_ampersand_stays_literal() -> None:
    assert literal("A & B") == "A && B"
    assert with_mnemonic("A & B", set(), "en") == "&A && B"
    assert with_mnemonic("Tom && Jerry", {"T"}, "en") == "Tom && &Jerry"
    assert mnemonic("Tom && Jerry") is None and mnemonic("Tom && &Jerry") == "J"
    assert plain("Tom && &Jerry") == "Tom & Jerry"


def test_the_text_as_read_has_no_mnemonic() -> None:
    assert plain("&Save") == "Save" and plain("保存(&S)") == "保存"
    assert plain("地址(&A)：") == "地址：" and plain("登记联系(&L)…") == "登记联系…"


def test_all_letters_taken_gives_none() -> None:
    every = {*"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}
    assert with_mnemonic("Save", set(every), "en") is None


def test_english_whose_letters_are_all_taken_goes_without() -> None:
    """Not "Name(&6):" (a case summary's fourteen labels took every letter of theirs): Qt's and
    KDE's English underlines a letter of the words or none."""
    taken = {*"NAME"}
    assert with_mnemonic("Name:", taken, "en") is None
    assert with_mnemonic("Do not contact", {*"DONTCA"}, "en") is None
    assert taken == {*"NAME"}  # no letter spent on it
    # Chinese words still append one, and so do words with no Latin letter in English.
    assert with_mnemonic(tr("Name:", "zh_CN"), taken, "zh_CN") == "姓名(&B)："
    assert with_mnemonic("王芳", taken, "en") == "王芳(&C)"


def test_english_words_share_the_letters_so_that_as_many_as_can_have_one() -> None:
    """ "Save" has only S left: "Save draft", which took it first, moves to its D (a matching,
    as KDE's accelerator manager makes); a text with no letter left goes without."""
    taken = {*"AVE"}
    assert english_letters(["Save draft", "Save"], taken) == ["Save &draft", "&Save"]
    assert english_letters(["Sad"], taken) == [None]
    assert taken == {*"AVESD"}
    assert english_letters(["A & B", "Tom && Jerry"], set()) == ["&A && B", "&Tom && Jerry"]
    # A count's digit is no key (it would move with the count); a number's is.
    assert english_letters(["Timeline (16)", "2026-01"], {*"TIMELN"}) == [None, "&2026-01"]
