"""A table row taller than a page cut into rows that each fit one. ReportLab moves a row whole to
the next page and cannot split it: a borrower's copy holding a note of 40 short lines stopped
with a LayoutError ("Flowable … too large on page 7") and no PDF. A cell's text past ROW_CAP
points carries on in the rows after it, the row's other cells left blank there.

Only a value that could be that tall is measured (no glyph is wider than 1 em), so a long list
of ordinary rows costs one length check per cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable

from reports.base import Paint

# Points of a cell's text in one row: under the smallest page's frame (US Letter or A4 across)
# with a repeated header row and a heading above it.
ROW_CAP = 300.0


@dataclass(frozen=True)
class CellMaker:
    """How a table makes a cell from a value and a column width, and its text's measures."""

    make: Callable[[Any, float], Any]
    pad: float
    font_size: float
    leading: float


def _may_be_too_tall(text: str, room: float, cells: CellMaker) -> bool:
    """Whether `text` could pass ROW_CAP in a column `room` points wide: each of its lines takes
    at most len(line) / per_line + 1 lines (a cheap bound, no measuring)."""
    per_line = max(int(room // cells.font_size), 1)
    return text.count("\n") + 1 + len(text) // per_line > ROW_CAP // cells.leading


def _tall(rows: Sequence[Sequence[Any]], widths: Sequence[float], cells: CellMaker) -> set[int]:
    """The rows that may be too tall (a value shorter than a row's lines cannot be)."""
    most = ROW_CAP // cells.leading
    rooms = [w - 2 * cells.pad for w in widths]
    return {
        index
        for index, row in enumerate(rows)
        for value, room in zip(row, rooms, strict=True)
        if type(value) is str and len(value) > most and _may_be_too_tall(value, room, cells)
    }


def _pieces(value: Any, width: float, cells: CellMaker) -> list[Any]:
    """`value` as the cell texts (or paragraphs) of consecutive rows, each at most ROW_CAP."""
    room = width - 2 * cells.pad
    if type(value) is not str or not _may_be_too_tall(value, room, cells):
        return [value]
    made = cells.make(value, width)
    if isinstance(made, str):  # lines that fit: ReportLab prints them `leading` apart
        lines = made.split("\n")
        step = int(ROW_CAP // cells.leading)
        return ["\n".join(lines[i : i + step]) for i in range(0, len(lines), step)]
    return _split_flowable(made, room)


def _split_flowable(made: Flowable, room: float) -> list[Any]:
    pieces: list[Any] = []
    rest: Flowable | None = made
    while rest is not None:
        _width, height = rest.wrap(room, ROW_CAP)
        if height <= ROW_CAP:
            pieces.append(rest)
            break
        parts = rest.split(room, ROW_CAP)
        if len(parts) < 2:  # cannot be cut (one line taller than the cap): left whole
            pieces.append(rest)
            break
        pieces.append(parts[0])
        rest = parts[1]
    return pieces


def fit_rows(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    paint: Sequence[Paint],
    cells: CellMaker,
) -> tuple[Sequence[Sequence[Any]], Sequence[Paint]]:
    """`rows` with each row too tall for a page made several, and `paint` following the rows
    (a painted row is painted in each of its parts). Unchanged when no row is too tall."""
    tall = _tall(rows, widths, cells)
    if not tall:
        return rows, paint
    out: list[Sequence[Any]] = []
    spans: list[range] = []
    for index, row in enumerate(rows):
        start = len(out)
        if index not in tall:
            out.append(row)
            spans.append(range(start, start + 1))
            continue
        pieces = [_pieces(v, w, cells) for v, w in zip(row, widths, strict=True)]
        out.extend(
            [p[k] if k < len(p) else "" for p in pieces] for k in range(max(map(len, pieces)))
        )
        spans.append(range(start, len(out)))
    if len(out) == len(rows):
        return rows, paint
    return out, [(r, c0, c1, colour) for row, c0, c1, colour in paint for r in spans[row]]
