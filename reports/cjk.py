"""ReportLab's Paragraph, kept from starting a line with a closing mark or ending one with an
opening mark.

ReportLab's CJK wrapping hangs one closing mark at a line's end, not two: "（…除外）。" broken
after "）" leaves "。" alone at the start of the next line. This Paragraph moves the break back
one character instead, so the character before the marks goes down with them ("外）。"); and an
opening bracket left at a line's end goes down to the text it opens. Every report lays out its
text with it.
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

_TRIES = 8  # breaks moved back in one paragraph before it is left as ReportLab laid it out


def _bad_break(lines: list[str]) -> tuple[int, int] | None:
    """(line, characters to send down) for the first bad break: a line that ends with an opening
    mark (send it down), or one before a line that starts with a closing mark (send down the
    hung mark and the character before it)."""
    for k in range(len(lines) - 1):
        if lines[k + 1][:1] in ALL_CANNOT_START:
            return k, 2
        if lines[k][-1:] in ALL_CANNOT_END:
            return k, 1
    return None


_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


@lru_cache(maxsize=256)
def _latin(style: ParagraphStyle) -> ParagraphStyle:
    """The style with word wrapping: CJK wrapping breaks English words anywhere ("Communica /
    tion" in a narrow column); a word longer than the line is still split (splitLongWords)."""
    latin = copy.copy(style)
    latin.wordWrap = None
    return latin


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
        for _ in range(_TRIES):
            if getattr(para, "kind", None) != 0 or len(para.lines) < 2:
                return para  # several fonts or styles in one paragraph: as ReportLab wraps them
            lines = ["".join(words) for _space, words in para.lines]
            found = _bad_break(lines)
            if found is None or len(lines[found[0]]) <= found[1]:
                return para
            # Line k may now hold all but its last `down` characters, which start line k + 1.
            k, down = found
            font, size = para.fontName, para.fontSize
            kept = stringWidth(lines[k][:-down], font, size)
            nudge = stringWidth(lines[k][-down], font, size) / 2
            widths += [widths[-1]] * (k + 1 - len(widths) + 1)
            widths[k] = kept + nudge
            para = super().breakLinesCJK(list(widths))
        return para
