"""Reading a period report's pages back by line (pypdf): where each section's heading stands and
what follows it on its page, and the last line of each page's body."""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PageObject

from reports.base import MARGIN
from tests.reports.pdfcheck import read

HEADING_SIZE = 11.5  # reports.base styles()["h2"]
TOP_MARGIN = 51  # points (18 mm): the running header stands above it, the footer below MARGIN


@dataclass(frozen=True)
class Line:
    y: float  # points from the page's foot
    size: float  # the type's size in points
    text: str


def body_lines(page: PageObject) -> list[Line]:
    """The lines between the margins (the running header and footer left out), top first; the
    pieces of one line (a table row's cells) joined, without spaces, in the order drawn (left to
    right: pypdf's reading of a piece's x is off after a run in the fallback CJK font)."""
    top = float(page.mediabox.height) - TOP_MARGIN
    pieces: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        if MARGIN < y < top:
            pieces.append((round(y, 1), round(size * scale, 2), "".join(text.split())))

    page.extract_text(visitor_text=visit)
    lines: dict[float, list[tuple[float, str]]] = {}
    for y, size, text in pieces:
        lines.setdefault(y, []).append((size, text))
    return [
        Line(y, max(s for s, _t in parts), "".join(t for _s, t in parts))
        for y, parts in sorted(lines.items(), reverse=True)
    ]


def under_headings(pages: list[list[Line]]) -> dict[str, str]:
    """Each heading's text (spaces left out) → the text below it on its page (`pages`: each
    page's body_lines)."""
    found: dict[str, str] = {}
    for lines in pages:
        for index, line in enumerate(lines):
            if line.size == HEADING_SIZE:
                found[line.text] = "".join(below.text for below in lines[index + 1 :])
    return found


def last_lines(pages: list[list[Line]]) -> list[Line]:
    """The lowest line of the body of each page with one (a test's spacer may fill a page)."""
    return [lines[-1] for lines in pages if lines]


def squeezed(text: str) -> str:
    return "".join(text.split())


def assert_headed(data: bytes, firsts: dict[str, tuple[str, ...]], intros: list[str]) -> None:
    """Under each heading of `firsts` on its page, the texts it names; no page ends with a
    heading or with one of `intros`."""
    pages = [body_lines(page) for page in read(data).pages]
    under = under_headings(pages)
    for title, wanted in firsts.items():
        assert squeezed(title) in under, title
        below = under[squeezed(title)]
        for text in wanted:
            assert squeezed(text) in below, (title, text)
    said = [squeezed(text) for text in intros]
    for number, line in enumerate(last_lines(pages), start=1):
        assert line.size != HEADING_SIZE, (number, line)
        # A short line (a row of figures) could be found in an intro by chance.
        intro = len(line.text) > 8 and any(line.text in text for text in said)
        assert not intro, (number, line)
