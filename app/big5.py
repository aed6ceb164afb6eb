"""Telling a Big5 (Traditional Chinese) text file from a GB18030 one. Big5 bytes mostly decode
as GB18030 without an error, into rare characters, kana and Cyrillic: names garbled silently.

A file is taken for Big5 when, read as GB18030, at least a fifth of its non-ASCII characters lie
outside GB2312 (the simplified characters and symbols nearly every name and address uses: a
real GBK file holds a rare name now and then, not a fifth of its text), and read as Big5 it
decodes whole into Big5's symbols and common characters (the level-1 range)."""

from __future__ import annotations

MIN_CHARACTERS = 8  # fewer non-ASCII characters than this: too little to judge; GB18030 stands
OUTSIDE_GB2312 = 0.2
BIG5_COMMON = 0.9
_BIG5_SYMBOLS_AND_LEVEL_1 = (0xA140, 0xC67E)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _big5_common(char: str) -> bool:
    low, high = _BIG5_SYMBOLS_AND_LEVEL_1
    return low <= int.from_bytes(char.encode("big5"), "big") <= high


def looks_like_big5(data: bytes, as_gb18030: str) -> bool:
    """Whether `data`, which decoded as GB18030 to `as_gb18030`, is Big5 text."""
    wide = [c for c in as_gb18030 if ord(c) > 0x7F]
    if len(wide) < MIN_CHARACTERS:
        return False
    if sum(not _in_gb2312(c) for c in wide) < OUTSIDE_GB2312 * len(wide):
        return False
    try:
        text = data.decode("big5")
    except UnicodeDecodeError:
        return False
    chars = [c for c in text if ord(c) > 0x7F]
    return sum(_big5_common(c) for c in chars) >= BIG5_COMMON * len(chars)
