"""The portfolio report's roll-rate matrices, month to month (reports/portfolio.py): where each
bucket's loans stood a month later, those off the book as paid or written off, and the months
before the book held a loan said in one line."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from app.i18n import tr
from app.reporting.portfolio import RollMatrix
from app.reporting.positions import BUCKET_ORDER, CLOSED, CURRENT
from reports.kit import gap, note, pct, text_chunks


def bucket_name(bucket: str, lang: str) -> str:
    if bucket == CURRENT:
        return tr("Current", lang=lang)
    if bucket == CLOSED:
        return tr("Closed", lang=lang)
    return bucket


def _roll(matrix: RollMatrix, lang: str, u: float = mm) -> list[Flowable]:
    title = tr(
        "From {start} to {end} (month to date)"
        if matrix.month_to_date
        else "From {start} to {end}",
        lang=lang,
        start=f"{matrix.start:%Y-%m-%d}",
        end=f"{matrix.end:%Y-%m-%d}",
    )
    # Loans off the book by the end in two columns: paid or settled, and written off (a loss,
    # which must not read as a cure).
    header = [tr("From \\ to", lang=lang)] + [bucket_name(b, lang) for b in BUCKET_ORDER]
    header += [
        tr("Paid or settled", lang=lang),
        tr("Written off", lang=lang),
        tr("Number of loans", lang=lang),
        tr("Rolled forward", lang=lang),
        tr("Cured or paid off", lang=lang),
    ]
    rows = []
    for source in BUCKET_ORDER:
        counts = matrix.counts.get(source, {})
        rows.append(
            [bucket_name(source, lang)]
            + [counts.get(t, 0) for t in BUCKET_ORDER]
            + [matrix.paid_off(source), matrix.written_off.get(source, 0)]
            + [matrix.total(source), pct(matrix.roll_forward(source)), pct(matrix.cured(source))]
        )
    widths = [w * u for w in (28, *[20] * (len(BUCKET_ORDER) + 2), 21, 29, 29)]
    right = [("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    # The title stays with its matrix (seven rows: one piece).
    table = text_chunks(header, rows, widths, extra_style=right)
    # Its last rows' KeepTogether opened up: nested, it measures as endless and moved the
    # matrix to the next page whatever room was left.
    rows = [
        f for part in table for f in (part._content if isinstance(part, KeepTogether) else [part])
    ]
    return [KeepTogether([note(f"<b>{title}</b>"), *rows]), gap()]


def roll_tables(rolls: list[RollMatrix], lang: str, u: float = mm) -> list[Flowable]:
    """The matrices, those of months before the book held a loan said in one line (a period
    reaching back years would print a page of zeros per month); `u`: reports.base.unit."""
    empty = 0
    while empty < len(rolls) and not any(rolls[empty].total(b) for b in BUCKET_ORDER):
        empty += 1
    story: list[Flowable] = []
    if empty == 1:
        said = tr(
            "No loan was on the book at the month end {date}: no roll rates for that month.",
            lang=lang,
            date=f"{rolls[0].start:%Y-%m-%d}",
        )
        story += [note(said), gap()]
    elif empty:
        said = tr(
            "No loan was on the book at the month ends from {start} to {end}: no roll "
            "rates for those months.",
            lang=lang,
            start=f"{rolls[0].start:%Y-%m-%d}",
            end=f"{rolls[empty - 1].start:%Y-%m-%d}",
        )
        story += [note(said), gap()]
    for matrix in rolls[empty:]:
        story += _roll(matrix, lang, u)
    return story
