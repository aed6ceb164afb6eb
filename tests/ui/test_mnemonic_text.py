"""The words of a mnemonic (ui/mnemonic_text.py): which letter a text takes and where it goes, in
English and in Chinese, and the text as read without it."""

from __future__ import annotations

from app.i18n import tr
from ui.mnemonic_text import literal, mnemonic, plain, with_mnemonic


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
