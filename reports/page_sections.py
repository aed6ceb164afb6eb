"""Numbering a document's pages in sections: a print of several documents that are handed out
apart (every agent's visit sheets, torn apart for fourteen agents) numbers each one's pages
"Page 1 of 2", "Page 2 of 2", not "Page 27 of 27" for the whole print. A document without
a marker is one section: its pages number 1..N of N, as they always did."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.platypus import Flowable

PAGE_SECTION = "page_section"  # a canvas attribute: the section of the pages from that one on


class NewSection(Flowable):
    """Takes no room: the page it lands on starts a new section of page numbers (base.py's
    footer counts the pages within it). Put it first on its page, after a PageBreak: a page
    belongs to the last section begun on it."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        # The canvas keeps the attribute from page to page; base.py keeps each page's copy.
        setattr(self.canv, PAGE_SECTION, getattr(self.canv, PAGE_SECTION, 0) + 1)


def section_numbers(sections: Sequence[int]) -> list[tuple[int, int]]:
    """(page, of pages) for each page, given the section each page belongs to in page order:
    counted within the page's section."""
    totals = Counter(sections)
    seen: Counter[int] = Counter()
    numbers = []
    for section in sections:
        seen[section] += 1
        numbers.append((seen[section], totals[section]))
    return numbers
