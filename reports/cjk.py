"""ReportLab's Paragraph, kept from starting a line with a closing mark or ending one with an
opening mark.

ReportLab's CJK wrapping hangs one closing mark at a line's end, not two: "（…除外）。" broken
after "）" leaves "。" alone at the start of the next line. This Paragraph moves the break back
one character instead, so the character before the marks goes down with them ("外）。"); and an
opening bracket left at a line's end goes down to the text it opens. A mark hung past the line's
width (over a table cell's border) goes down the same way. Every report lays out its text with
it.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as _Paragraph

_TRIES = 8  # breaks moved back in one paragraph (more if longer) before it is left as it is
# ReportLab's list follows Japanese: Chinese text's fullwidth comma, semicolon, colon, question
# and exclamation marks and closing quotes were free to start a line ("，主管同意…").
CANNOT_START = ALL_CANNOT_START + "，；：！？》〉｝”’"


def _bad_break(lines: list[str], spaced: list[bool] | None = None) -> tuple[int, int] | None:
    """(line, characters to send down) for the first bad break: a line that ends with an opening
    mark (send it down), or one before a line that starts with a closing mark (send down its
    last character to go before the mark, and the mark ReportLab hung at its end if any), or one
    that ends inside a word or number of Latin letters and digits ("2026-06-1" / "8": send the
    word down whole, unless it is all the line holds). `spaced[k]`: line k's break fell at a
    space, between two words, not inside one."""
    for k in range(len(lines) - 1):
        if spaced is not None and spaced[k] and lines[k + 1][:1] not in CANNOT_START:
            continue
        if lines[k + 1][:1] in CANNOT_START:
            return k, 2 if lines[k][-1:] in CANNOT_START else 1
        if lines[k][-1:] in ALL_CANNOT_END:
            return k, 1
        word = _WORD_END.search(lines[k])
        if word and _WORD_START.match(lines[k + 1]) and word.start() > 0:
            return k, len(word.group())
    return None


# A run of Latin letters and digits with what joins them in a date, time, amount or number
# ("2026-06-18", "12:30", "1,498.47", "C2026-000123"), at a line's end or start.
_WORD_END = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,:/_\-]*\Z")  # \Z: not before a "\n"
_WORD_START = re.compile(r"[0-9A-Za-z.,:/_\-]*[0-9A-Za-z]")


def _spaced(text: str, lines: list[str]) -> list[bool]:
    """Whether each break between `lines` fell at white space in `text`, the paragraph's (a line
    read back has lost the space it was broken at: "the" / "work" looks like a word cut in two).
    False where the line is not found as it is in the text."""
    found, pos = [], 0
    for line in lines[:-1]:
        body = line.rstrip("\n")
        at = text.find(body, pos) if body else -1
        if at < 0:
            found.append(False)
            continue
        pos = at + len(body)
        found.append(pos < len(text) and text[pos].isspace())
    return found


def _overhang(
    lines: list[str], widths: list[float], font: str, size: float
) -> tuple[int, int] | None:
    """(line, 2) for the first line ReportLab let run past its width to hang a closing mark at
    its end: in a table cell the mark stood on the cell's border. Its last character goes down
    with the mark instead."""
    for k, line in enumerate(lines):
        room = widths[min(k, len(widths) - 1)]
        if line[-1:] in CANNOT_START and stringWidth(line, font, size) > room + 0.01:
            return k, 2
    return None


_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


@lru_cache(maxsize=256)
def _latin(style: ParagraphStyle) -> ParagraphStyle:
    """The style with word wrapping: CJK wrapping breaks English words anywhere ("Communica /
    tion" in a narrow column). A word longer than the line breaks after a hyphen in it first
    ("Montgomery- / Smithson", not "Montgom / ery-Smithson"), and only then anywhere
    (splitLongWords)."""
    latin = copy.copy(style)
    latin.wordWrap = None
    latin.embeddedHyphenation = 2  # 2: also on a line of its own, where 1 gives up
    return latin


def _lines(para: Any) -> tuple[list[str], str, float] | None:
    """(each line's text, font, size) of a paragraph ReportLab broke into lines in one font and
    size: plain text (kind 0), or text with line breaks (<br/>, kind 1, each line a break ends
    ending with "\n"); None for any other."""
    kind, found = getattr(para, "kind", None), getattr(para, "lines", None)
    if not found:
        return None
    if kind == 0:
        return ["".join(words) for _space, words in found], para.fontName, para.fontSize
    if kind != 1:
        return None
    frags = [f for line in found for f in line.words]
    if len({(f.fontName, f.fontSize) for f in frags}) != 1:
        return None
    # A line ended by a <br/> ends with "\n": no rule moves a hard break.
    texts = ["".join(f.text for f in line.words) for line in found]
    ends = ["\n" if getattr(line, "lineBreak", False) else "" for line in found]
    return (
        [text + end for text, end in zip(texts, ends, strict=True)],
        frags[0].fontName,
        frags[0].fontSize,
    )


class Paragraph(_Paragraph):
    """A Paragraph whose CJK lines never start with a closing mark (see the module); text with
    no Chinese in it wraps at spaces even in a CJK style."""

    def __init__(self, text: str, style: ParagraphStyle | None = None, *args: Any, **kw: Any):
        if style is not None and style.wordWrap == "CJK" and not _CJK.search(text or ""):
            style = _latin(style)
        super().__init__(text, style, *args, **kw)

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802 - ReportLab's name
        widths = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
        para = super().breakLinesCJK(list(widths))
        text = "".join(getattr(f, "text", "") for f in getattr(self, "frags", ()))
        for _ in range(max(_TRIES, 2 * len(getattr(para, "lines", ())))):
            read = _lines(para)
            if read is None:
                return para  # several fonts or styles in one paragraph: as ReportLab wraps them
            lines, font, size = read
            spaced = _spaced(text, lines)
            found = _bad_break(lines, spaced) or _overhang(lines, widths, font, size)
            if found is None or len(lines[found[0]]) <= found[1]:
                return para
            # Line k may now hold all but its last `down` characters, which start line k + 1.
            k, down = found
            kept = stringWidth(lines[k][:-down], font, size)
            nudge = stringWidth(lines[k][-down], font, size) / 2
            widths += [widths[-1]] * (k + 1 - len(widths) + 1)
            widths[k] = kept + nudge
            para = super().breakLinesCJK(list(widths))
        return para
