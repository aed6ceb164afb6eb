"""A borrower's copy of their data (reports/access_copy.py): every word of the labels its columns
print (a complaint's source and status, a visit's reason for default, …) fits its column on A4
and US Letter turned, in English and Chinese — "Borrower" was drawn as "Borrowe / r" in the
complaints' Source column, "over-indebtedness" cut in the visits' reason column."""

from __future__ import annotations

import re

import pytest

from app import labels
from app.access_copy_tables import HEADERS, WEIGHTS
from app.i18n import tr
from reports.base import frame_width
from reports.kit import fits

# (section, column) → the labels that column prints (app/access_copy_tables.sections)
LABELLED = {
    ("payments", 3): labels.METHOD,
    ("cases", 2): labels.CASE_STATUS,
    ("cases", 5): labels.CLOSE_REASON,
    ("contacts", 2): labels.CHANNEL,
    ("contacts", 5): labels.OUTCOME,
    ("promises", 4): labels.PROMISE_STATUS,
    ("visits", 2): labels.VISIT_STATUS,
    ("visits", 7): labels.DEFAULT_REASON,
    ("agreements", 2): labels.AGREEMENT_KIND,
    ("agreements", 3): labels.AGREEMENT_STATUS,
    ("plans", 5): labels.AGREEMENT_INSTALMENT_STATUS,
    ("complaints", 3): labels.COMPLAINT_SOURCE,
    ("complaints", 4): labels.COMPLAINT_CHANNEL,
    ("complaints", 5): labels.COMPLAINT_CATEGORY,
    ("complaints", 6): labels.COMPLAINT_STATUS,
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")  # Chinese wraps between any two characters


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_word_of_a_labelled_column_fits_it(paper: str, lang: str) -> None:
    width = frame_width(paper, wide=True)
    cut = []
    for (section, column), words in LABELLED.items():
        weights = WEIGHTS[section]
        room = width * weights[column] / sum(weights)
        texts = [tr(HEADERS[section][column], lang), *(tr(w, lang) for w in words.values())]
        for text in texts:
            for word in LATIN_WORD.findall(text):
                if not (fits(word, room) and fits(word[:1].upper() + word[1:], room)):
                    cut.append((section, word))
    assert not cut
