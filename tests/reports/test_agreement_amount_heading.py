"""The plan's amount heading in the agreement PDF, from a QA pass: " (CNY)" stood after the small
grey "Amount" in the Chinese line's larger black type, and the Chinese line named no currency.
Now each line carries it in its own type: "金额（元）" over "Amount (CNY)"."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from app.models import AgreementStatus
from reports.agreement import render_agreement
from tests.reports.test_agreement_pdf import _doc


def _runs(doc) -> list[tuple[str, float]]:
    """Every piece of text on the first page with the size it is drawn at."""
    buf = io.BytesIO()
    render_agreement(doc, buf)
    runs: list[tuple[str, float]] = []

    def seen(text, _cm, tm, _font, size) -> None:
        if text.strip():
            runs.append((text.strip(), size * tm[0]))  # the size times the text matrix's scale

    PdfReader(io.BytesIO(buf.getvalue())).pages[0].extract_text(visitor_text=seen)
    return runs


def _size_of(runs: list[tuple[str, float]], part: str) -> float:
    sizes = {size for text, size in runs if part in text}
    assert len(sizes) == 1, (part, runs)
    return sizes.pop()


def test_the_amount_heading_names_the_currency_in_both_lines_each_in_its_type() -> None:
    runs = _runs(_doc(AgreementStatus.ACTIVE))
    texts = [text for text, _size in runs]
    assert any("金额（元）" in text for text in texts), texts
    assert _size_of(runs, "(CNY)") == _size_of(runs, "Amount") < _size_of(runs, "金额")


def test_another_currency_is_named_in_both_lines() -> None:
    runs = _runs(dataclasses.replace(_doc(AgreementStatus.ACTIVE), currency="HKD"))
    texts = [text for text, _size in runs]
    assert any("金额（HKD）" in text for text in texts), texts
    assert _size_of(runs, "(HKD)") == _size_of(runs, "Amount")
