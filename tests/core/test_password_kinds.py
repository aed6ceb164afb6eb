"""A new password's strength is judged on its NFKC form, and Chinese characters count as letters
(QA s44 finding 7): `Ｚｑ９！ｍＬｐ２＃ｖ`, as a Chinese input method types Zq9!mLp2#v, was refused
as "too simple: mix letters with digits" (every full-width character counted as one kind). The
hash is of the password as typed, so login takes it as typed, as before. Ten Chinese characters
are judged as ten letters are: refused, with the long-passphrase way named; twelve pass."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.passwords import check_new_password, hash_password, verify_password
from app.setup import character_kind, password_strength

FULL_WIDTH = "Ｚｑ９！ｍＬｐ２＃ｖ"
PHRASE = "密码很安全的一句话啊"  # ten characters, one kind


def test_a_full_width_password_is_judged_as_its_half_width_form() -> None:
    check_new_password(FULL_WIDTH, "agent06")
    assert password_strength(FULL_WIDTH) == password_strength("Zq9!mLp2#v") == 3
    stored = hash_password(FULL_WIDTH)  # as typed: login compares what is typed, as before
    assert verify_password(stored, FULL_WIDTH) and not verify_password(stored, "Zq9!mLp2#v")


def test_a_full_width_common_password_or_user_name_is_still_refused() -> None:
    with pytest.raises(ValidationError, match="one of the first that anyone tries"):
        check_new_password("Ｐａｓｓｗｏｒｄ１", "agent06")
    with pytest.raises(ValidationError, match="must not contain the user name"):
        check_new_password("ａｇｅｎｔ０６-Xy9!", "agent06")


def test_chinese_characters_are_letters() -> None:
    assert {character_kind(c) for c in "密ア한"} == {"letter"}
    assert [character_kind(c) for c in "aZ9!é"] == ["lower", "upper", "digit", "other", "lower"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "The password is too simple: mix letters with digits or other characters, or make "
            "it at least 12 characters long.",
        ),
        ("zh_CN", "密码过于简单：请将字母与数字或其他字符混合使用，或把密码加长到至少 12 个字符。"),
    ],
)
@pytest.mark.parametrize("password", [PHRASE, "abcdefghij"])
def test_ten_letters_of_one_kind_are_refused_naming_a_longer_one(password, lang, said) -> None:
    with pytest.raises(ValidationError) as refused:
        check_new_password(password, "agent06")
    assert refused.value.translated(lang) == said


@pytest.mark.parametrize("password", [PHRASE + "好吗", PHRASE + "7", PHRASE + "!", "abcdefghijkl"])
def test_a_long_or_mixed_chinese_password_is_taken(password) -> None:
    check_new_password(password, "agent06")
    assert password_strength(password) >= 2


def test_spaces_alone_keep_their_refusal() -> None:
    with pytest.raises(ValidationError) as refused:
        check_new_password(" " * 8)
    assert refused.value.translated("en") == (
        "The password is too simple: mix letters with digits or other characters."
    )
