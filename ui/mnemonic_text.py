"""The words of an Alt+letter mnemonic (no Qt): which letter a text has, which it would take, and
the text with it — "&Save" in English, "保存(&S)" in Chinese, the letter taken from the English
msgid when the translation is known — and the text as read, without it.

A "&&" is a literal "&"; an "&" before a Latin letter or digit marks the text's own mnemonic; any
other "&" (a borrower "A & B") is literal too, and is doubled so that Qt shows it.
"""

from __future__ import annotations

import re
import string
from functools import cache

from app.i18n import _catalog, current_language

LETTERS = string.ascii_uppercase + string.digits
# Where "(&X)" goes in a Chinese text: before its closing colon, ellipsis or arrow ("地址(&A)：",
# "下一周(&W) ▶").
_TAIL = re.compile(r"(?:\s*(?:…|\.\.\.|[:：▶▸→]))*\s*$")
_APPENDED = re.compile(r"\s?[(（]&([A-Za-z0-9])[)）]")


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def mnemonic(text: str) -> str | None:
    """The text's own mnemonic letter, upper case ("&Save" → "S", "A && B" → None)."""
    i = 0
    while i < len(text):
        if text[i] == "&":
            following = text[i + 1 : i + 2]
            if following == "&":
                i += 2
                continue
            if following and _latin(following):
                return following.upper()
        i += 1
    return None


def escape(text: str) -> str:
    """`text` (a name, any user's data) shown as it is: every "&" literal."""
    return text.replace("&", "&&")


def literal(text: str) -> str:
    """`text` with its first mnemonic kept and every other "&" made literal ("A & B" → "A && B")."""
    out: list[str] = []
    kept = False
    i = 0
    while i < len(text):
        char = text[i]
        following = text[i + 1 : i + 2]
        if char == "&" and following == "&":
            out.append("&&")
            i += 2
            continue
        if char == "&":
            mark = not kept and bool(following) and _latin(following)
            out.append("&" if mark else "&&")
            kept = kept or mark
        else:
            out.append(char)
        i += 1
    return "".join(out)


def plain(text: str) -> str:
    """The text as read, without its mnemonic: "&Save" and "保存(&S)" → "Save", "保存";
    "A && B" → "A & B"."""
    text = _APPENDED.sub("", text, count=1)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _positions(text: str) -> list[int]:
    """Where in `text` (its "&&" literal) a mnemonic may go: the first letters of its words in
    order, then its other Latin letters, then its digits."""
    starts: list[int] = []
    letters: list[int] = []
    digits: list[int] = []
    i = 0
    previous = ""
    while i < len(text):
        if text[i : i + 2] == "&&":
            previous = "&"
            i += 2
            continue
        char = text[i]
        if _latin(char):
            if not _latin(previous):
                (starts if char.isalpha() else digits).append(i)
            elif char.isalpha():
                letters.append(i)
            else:
                digits.append(i)
        previous = char
        i += 1
    return starts + letters + digits


def letters_of(text: str) -> list[str]:
    """The letters `text` would take, best first (no repeats)."""
    seen: list[str] = []
    for i in _positions(text):
        letter = text[i].upper()
        if letter not in seen:
            seen.append(letter)
    return seen


@cache
def _msgids(lang: str) -> dict[str, str]:
    """Translation → English msgid in `lang`'s catalog (the shortest msgid where several match)."""
    found: dict[str, str] = {}
    for msgid, words in sorted(_catalog(lang).items(), key=lambda item: len(item[0])):
        found.setdefault(words, msgid)
    return found


def english_of(text: str, lang: str | None = None) -> str | None:
    """The English msgid whose translation `text` is, when the catalog knows it."""
    lang = lang or current_language()
    return None if lang == "en" else _msgids(lang).get(plain(text))


def with_mnemonic(text: str, taken: set[str], lang: str | None = None) -> str | None:
    """`text` (no mnemonic of its own) with the first free letter, added to `taken`; None when
    all are taken. English underlines a letter of its words, preferring their first letters, and
    when every one is taken goes without (as Qt and KDE do: "Name(&6):" read as a typo); Chinese
    (or a text with no Latin letter, a borrower's name in the English window) appends "(&X)", X
    the English msgid's letter where the text is a known translation."""
    lang = lang or current_language()
    text = literal(text)
    if lang == "en":
        positions = _positions(text)
        for i in positions:
            if text[i].upper() not in taken:
                taken.add(text[i].upper())
                return f"{text[:i]}&{text[i:]}"
        if positions:
            return None
    english = english_of(text, lang)
    # Not a digit of the text's own: a count ("时间线（7）") took "(&7)", read "时间线（7）(7)", and
    # its key moved as the count did.
    preferred = letters_of(english) if english else [x for x in letters_of(text) if x.isalpha()]
    for letter in [*preferred, *LETTERS]:
        if letter not in taken:
            taken.add(letter)
            tail = _TAIL.search(text)
            at = tail.start() if tail else len(text)
            return f"{text[:at]}(&{letter}){text[at:]}"
    return None


def _marked(text: str, letter: str) -> str:
    """`text` ("&&" literal) with "&" before its best place for `letter`."""
    i = next(i for i in _positions(text) if text[i].upper() == letter)
    return f"{text[:i]}&{text[i:]}"


def english_letters(texts: list[str], taken: set[str]) -> list[str | None]:
    """English `texts` (none with a mnemonic of its own), most wanted first, each with a letter of
    its own words where it can have one, the letters added to `taken`; None where it cannot.

    As many as possible get one (a matching, as KDE's accelerator manager makes): a text whose
    letters the earlier ones took may move one of them to another of its letters ("Status:" from
    S to T so that "Start:" has its S). A text that has one keeps it, each text tries its best
    letters first, and a digit only when it has no letter (a number "2026-000016")."""
    written = [literal(text) for text in texts]
    # Not a digit of a count ("Timeline (16)"): its key would move as the count does.
    choices = [[x for x in letters_of(text) if x.isalpha()] or letters_of(text) for text in written]
    owner: dict[str, int] = {}

    def place(n: int, tried: set[str]) -> bool:
        for letter in choices[n]:
            if letter in taken or letter in tried:
                continue
            tried.add(letter)
            if letter not in owner or place(owner[letter], tried):
                owner[letter] = n
                return True
        return False

    for n in range(len(texts)):
        place(n, set())
    taken |= set(owner)
    letter_of = {n: letter for letter, n in owner.items()}
    return [
        _marked(text, letter_of[n]) if n in letter_of else None for n, text in enumerate(written)
    ]
