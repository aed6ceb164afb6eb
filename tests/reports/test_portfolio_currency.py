"""The portfolio report says what its amounts are in: a US or UK office's are not yuan."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from app.models import Office
from tests.reports.pdfcheck import pages_text, read, render_png
from tests.reports.test_portfolio_report import gather, render


@pytest.mark.parametrize(
    ("currency", "lang", "words"),
    [
        ("CNY", "en", "Amounts in yuan; rates as percentages."),
        ("USD", "en", "Amounts in USD; rates as percentages."),
        ("GBP", "zh_CN", "金额单位为 GBP；比率以百分比表示。"),
    ],
)
def test_the_report_names_the_offices_currency(
    demo_db, screenshot_dir, currency, lang, words
) -> None:
    with demo_db.session() as s:
        s.execute(update(Office).values(currency=currency))
    report = gather(demo_db, lang=lang)
    assert report.header.currency == currency
    data = render(report, lang)
    text = " ".join(pages_text(read(data))[0].split())
    assert words in text
    if currency != "CNY":
        assert "yuan" not in text and "元" not in text
    render_png(data, screenshot_dir / "reports", f"portfolio-currency-{currency}-{lang}")
