"""A finding is stored as its message id and numbers and put in words when read: English says
"1 conversation" and "3 conversations", Chinese reads one translation, and a finding stored under
a since reworded message id ("time(s)") reads the new words."""

from __future__ import annotations

import re

import pytest

from app.compliance.model import RENAMED, SINGULAR, Finding, Severity, finding_text
from app.i18n import _catalog
from app.queries.compliance_rows import _reasons

CAP = "The borrower has had {count} conversations today; the daily limit is {max}."
PERSON = "This person has already been contacted {count} times; the limit is {max}."
OLD_PERSON = "This person has already been contacted {count} time(s); the limit is {max}."


@pytest.mark.parametrize(
    ("count", "lang", "words"),
    [
        (1, "en", "The borrower has had 1 conversation today; the daily limit is 1."),
        (3, "en", "The borrower has had 3 conversations today; the daily limit is 1."),
        (1, "zh_CN", _catalog("zh_CN")[CAP].format(count=1, max=1)),
    ],
)
def test_a_cap_finding_says_one_or_many(count, lang, words) -> None:
    finding = Finding("daily_conversation_cap", Severity.BLOCKED, CAP, {"count": count, "max": 1})
    assert finding.text(lang) == words
    stored = finding.as_json()
    assert _reasons([stored], lang)[1] == words  # the compliance log reads the stored form


def test_a_finding_stored_under_the_old_words_reads_the_new() -> None:
    stored = {"rule": "third_party_once", "key": OLD_PERSON, "params": {"count": 1, "max": 1}}
    assert _reasons([stored], "en")[1] == (
        "This person has already been contacted 1 time; the limit is 1."
    )
    assert _reasons([stored], "zh_CN")[1] == "此人已被联系 1 次；上限为 1 次。"
    stored["params"] = {"count": 2, "max": 1}
    assert _reasons([stored], "en")[1] == (
        "This person has already been contacted 2 times; the limit is 1."
    )


def test_every_plural_message_has_its_translation_and_the_same_placeholders() -> None:
    catalog = _catalog("zh_CN")

    def fields(text: str) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", text))

    for many, one in SINGULAR.items():
        assert many in catalog and one not in catalog
        assert fields(one) == fields(many) == fields(catalog[many])
    assert set(RENAMED.values()) <= set(catalog) and not set(RENAMED) & set(catalog)
    assert PERSON in SINGULAR and finding_text(PERSON, {"count": 1, "max": 1}, "en").endswith(
        "1 time; the limit is 1."
    )
