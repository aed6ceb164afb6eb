"""Text tables for the terminal, aligned by display width: a Chinese character takes two columns,
so padding by `len` (or `f"{x:<8}"`) leaves Chinese columns crooked."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

WIDE = ("W", "F")  # East Asian Wide and Fullwidth: two terminal columns
ZERO_WIDTH = ("Mn", "Me", "Cf")  # combining marks and format characters (zero-width joiner …)


def display_width(text: str) -> int:
    """The terminal columns `text` takes."""
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ZERO_WIDTH:
            continue
        width += 2 if unicodedata.east_asian_width(ch) in WIDE else 1
    return width


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` padded with spaces to `width` columns, left ("<") or right (">") aligned."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if align == ">" else text + fill


def table(rows: Sequence[Sequence[object]], align: str = "", gap: str = "  ") -> list[str]:
    """Rows of cells as lines, each column as wide as its widest cell. `align` holds "<" or ">"
    per column (missing: "<"); a left-aligned last column is not padded, no line ends in spaces."""
    cells = [["" if cell is None else str(cell) for cell in row] for row in rows]
    columns = max((len(row) for row in cells), default=0)
    widths = [
        max((display_width(row[i]) for row in cells if i < len(row)), default=0)
        for i in range(columns)
    ]
    lines = []
    for row in cells:
        parts = []
        for i, text in enumerate(row):
            how = align[i] if i < len(align) else "<"
            last = i == columns - 1
            parts.append(text if last and how == "<" else pad(text, widths[i], how))
        lines.append(gap.join(parts).rstrip())
    return lines
