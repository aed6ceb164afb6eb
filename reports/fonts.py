"""The PDFs' font: the shipped CJK font, with a second one for the rarer Chinese characters it
lacks, and a visible code for a character neither has.

WenQuanYi Micro Hei holds the 20,932 characters of the basic CJK block and little more: a name
such as 刘䶮 (Extension A) or one with 𬭚 (Extension E, in China's 2013 table of standard
characters for names) printed as a blank, silently, on an agreement for signature. The second
font (resources/fonts/casedesk-han-extra.ttf, made from Noto Sans CJK SC by
packaging/build_han_extra_font.py) holds the 9,780 Chinese characters and marks Noto has and
WenQuanYi lacks: all of Extension A and the characters of Extensions B–G used in China, Hong Kong
and Taiwan. The main font's object draws each run of text in whichever font has it, so every
paragraph, table cell, header and watermark gets the fallback without knowing of it. A
character neither font has is printed as its code, "[U+20000]", never as a blank.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

MAIN_FILE = "wqy-microhei.ttc"  # TrueType outlines with Latin and CJK glyphs (Apache-2.0)
EXTRA_FILE = "casedesk-han-extra.ttf"  # the rarer Chinese characters (SIL OFL 1.1)
EXTRA = "CasedeskHanExtra"
# The extra font's subset numbers, as the main font hands them out: told apart from its own.
EXTRA_SUBSETS = 1 << 20
KEPT = "\n\r\t\xa0"  # read as line breaks and spaces, never printed as a code


def font_file(name: str) -> AbstractContextManager[Path]:
    """The path of a font shipped in resources/fonts, while the block runs (a zipped install's
    temporary copy is gone after it; ReportLab reads the whole file when the font is made)."""
    return resources.as_file(resources.files("resources.fonts").joinpath(name))


def _missing(covered: dict[int, Any]) -> re.Pattern[str]:
    """A pattern finding any character not in `covered` (a font's code points)."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(covered):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    inside = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )
    return re.compile(f"[^{inside}]")


class FallbackTTFont(TTFont):
    """A TrueType font that draws and measures the characters it lacks in `extra`, and those
    neither has as "[U+XXXX]"."""

    def __init__(self, name: str, filename: str, extra: TTFont, **kw: Any) -> None:
        super().__init__(name, filename, shapable=False, **kw)
        self.extra = extra
        self._extra_has = extra.face.charToGlyph
        self._missing = _missing(self.face.charToGlyph)

    def printable(self, text: str) -> str:
        """`text` with each character neither font has replaced by its code."""
        if self._missing.search(text) is None:
            return text
        return "".join(
            ch
            if ord(ch) in self.face.charToGlyph or ord(ch) in self._extra_has or ch in KEPT
            else f"[U+{ord(ch):04X}]"
            for ch in text
        )

    def runs(self, text: str) -> list[tuple[bool, str]]:
        """(drawn in the extra font, text) for each run of `text`, codes put in."""
        found: list[tuple[bool, str]] = []
        mine = self.face.charToGlyph
        for ch in self.printable(text):
            extra = ord(ch) not in mine and ord(ch) in self._extra_has
            if found and found[-1][0] == extra:
                found[-1] = (extra, found[-1][1] + ch)
            else:
                found.append((extra, ch))
        return found

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if self._missing.search(text) is None:
            return super().stringWidth(text, size, encoding)
        own = super().stringWidth
        return sum(
            self.extra.stringWidth(part, size) if extra else own(part, size)
            for extra, part in self.runs(text)
        )

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[Any]:  # noqa: N802
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if self._missing.search(text) is None:
            return super().splitString(text, doc)
        chunks: list[Any] = []
        for extra, part in self.runs(text):
            if extra:
                chunks += [(EXTRA_SUBSETS + n, b) for n, b in self.extra.splitString(part, doc)]
            else:
                chunks += super().splitString(part, doc)
        return chunks

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:  # noqa: N802
        if subset >= EXTRA_SUBSETS:
            return self.extra.getSubsetInternalName(subset - EXTRA_SUBSETS, doc)
        return super().getSubsetInternalName(subset, doc)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with a character beyond U+FFFF written as the UTF-16 pair a
    PDF reader expects (ReportLab wrote "<2123C>", which readers reject: the text of 𡈼 could
    not be copied or searched)."""
    return _BEYOND_BMP.sub(
        lambda m: f"<{m[1]}> <{chr(int(m[2], 16)).encode('utf-16-be').hex().upper()}>",
        _reportlab_to_unicode_cmap(fontname, subset),
    )


_BEYOND_BMP = re.compile(r"<([0-9A-F]{2})> <([0-9A-F]{5,6})>")
_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap


@cache
def register(name: str) -> FallbackTTFont:
    """Register the main font as `name` (with its fallback) once; ReportLab embeds both as
    subsets of the characters a document uses."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    with font_file(EXTRA_FILE) as extra_path, font_file(MAIN_FILE) as main_path:
        extra = TTFont(EXTRA, str(extra_path), shapable=False)
        font = FallbackTTFont(name, str(main_path), extra, subfontIndex=0)
    pdfmetrics.registerFont(extra)
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    return font
