"""Text tables for the terminal, aligned by display width: a Chinese character takes two columns,
so padding by `len` (or `f"{x:<8}"`) leaves Chinese columns crooked. Text people typed (notes,
names, reasons) is shown, never obeyed: a line break cannot split a row, nor an escape sequence
recolour or rewrite the terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

WIDE = ("W", "F")  # East Asian Wide and Fullwidth: two terminal columns
ZERO_WIDTH = ("Mn", "Me", "Cf")  # combining marks and format characters (zero-width joiner …)
LINE_BREAK = "⏎"  # U+23CE, where typed text had a line break
# What a terminal would act on rather than show: line breaks, a tab, ESC (colours, cursor moves,
# title changes), the other C0 and C1 controls and DEL; and the bidirectional overrides and
# isolates, which reorder what follows them on the line.
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SHOWN = (
    {ord(c): LINE_BREAK for c in _BREAKS}
    | {ord("\t"): " "}
    | {
        code: f"\\x{code:02x}"
        for code in [*range(0x20), *range(0x7F, 0xA0)]
        if chr(code) not in _BREAKS and chr(code) != "\t"
    }
    | {ord(c): f"\\u{ord(c):04x}" for c in _BIDI}
)


def printable(text: str) -> str:
    """`text` safe to print on one terminal line: a line break as ⏎ (CR LF as one), a tab as a
    space, ESC and the other control characters as their escapes (\\x1b), bidi overrides too."""
    return text.replace("\r\n", "\n").translate(_SHOWN)


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
    cells = [["" if cell is None else printable(str(cell)) for cell in row] for row in rows]
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
