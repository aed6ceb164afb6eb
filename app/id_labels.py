"""What the office's country calls a borrower's ID number, for every screen, list and printed page.

No database or phone-number library here: the start's first screen labels its queue before the
core has loaded (app/first_screen.py). Msgids; translate them where they are shown.
"""

from __future__ import annotations

from typing import Literal

JURISDICTION_COUNTRY = {"cn": "CN", "us": "US", "uk": "GB"}

# A form's field, a printed page's (masked) line, a list's narrow column header (masked), and the
# number named in a sentence ("Why do you need to see {what} in full?"), and the whole number a
# search box finds a borrower by ("Search: name, {full_id}, phone …").
Form = Literal["field", "masked", "column", "object", "full"]
ID_LABELS: dict[str, dict[Form, str]] = {
    "CN": {
        "field": "ID number",
        "masked": "ID number (masked)",
        "column": "ID (masked)",
        "object": "the ID number",
        "full": "full ID number",
    },
    "US": {
        "field": "Social Security number",
        "masked": "Social Security number (masked)",
        "column": "SSN (masked)",
        "object": "the Social Security number",
        "full": "full Social Security number",
    },
    "GB": {
        "field": "National Insurance number",
        "masked": "National Insurance number (masked)",
        "column": "NI number (masked)",
        "object": "the National Insurance number",
        "full": "full National Insurance number",
    },
}


def id_label(country: str, form: Form = "field") -> str:
    """The msgid naming a borrower's ID number in an office of `country` (CN, US, GB; another
    is taken as CN)."""
    return ID_LABELS.get(country, ID_LABELS["CN"])[form]


def jurisdiction_country(jurisdiction: str | None) -> str:
    """The country (CN, US, GB) of a rule set's jurisdiction (cn, us, uk); CN for none."""
    return JURISDICTION_COUNTRY.get((jurisdiction or "cn").lower(), "CN")


def every_id_label(form: Form = "field") -> list[str]:
    """The msgids naming the ID number in every country, the CN one first: for words said before
    an office is known (the CLI's help), which must fit a US or a UK office too."""
    return list(dict.fromkeys(forms[form] for forms in ID_LABELS.values()))
