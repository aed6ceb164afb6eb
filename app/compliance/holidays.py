"""Public holidays in the reader's words: the holiday's name in their language and the country
by name, filled in whenever a public_holidays finding is read (it is stored with the date and
the country's code, so a finding stored in one language reads in the other).

The holidays calendar names China's holidays in Chinese itself (zh_CN); other countries' names
(US, UK: English only in the calendar) are English msgids translated in compliance.json.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from app.compliance.model import READ_IN_WORDS
from app.i18n import current_language, normalise, tr

HOLIDAY_MESSAGE = "{date} is a public holiday in {country} ({holiday})."
OBSERVED = " (observed)"
# The countries of the shipped rule sets as a sentence names them ("a public holiday in the United
# States"); another code reads as the calendar's module name ("japan" -> Japan).
COUNTRY_WORDS = {
    "CN": "China",
    "US": "the United States",
    "GB": "the United Kingdom",
    "UK": "the United Kingdom",
}
# The English holiday names of the US and UK calendars, each translated in compliance.json (the
# calendar has no Chinese for them); "(observed)" days read "{holiday} (observed)".
ENGLISH_NAMES = (
    "Boxing Day",
    "Christmas Day",
    "Columbus Day",
    "Coronation of Charles III",
    "Good Friday",
    "Independence Day",
    "Juneteenth National Independence Day",
    "Labor Day",
    "Martin Luther King Jr. Day",
    "May Day",
    "Memorial Day",
    "New Year's Day",
    "Platinum Jubilee of Elizabeth II",
    "Spring Bank Holiday",
    "State Funeral of Queen Elizabeth II",
    "Thanksgiving Day",
    "Veterans Day",
    "Washington's Birthday",
)


def _chinese(lang: str | None) -> bool:
    return (normalise(lang) if lang else current_language()) == "zh_CN"


@cache
def _languages(country: str) -> tuple[str, ...]:
    """The languages the calendar names `country`'s holidays in (none for an unknown code)."""
    import holidays

    try:
        return tuple(holidays.country_holidays(country).supported_languages)
    except NotImplementedError:
        return ()


@cache
def calendar(country: str, year: int, language: str | None = "en_US") -> dict[dt.date, str]:
    """The public holidays of a country in a year, named in `language` (once per process): the
    one calendar the rule public_holidays, the plans' dates and the demo's visits read."""
    import holidays

    return dict(holidays.country_holidays(country, years=year, language=language).items())


def _english_in(name: str, lang: str | None) -> str:
    """A holiday's English name in `lang`, through the catalog (as it is where untranslated)."""
    parts = [
        tr("{holiday} (observed)", lang, holiday=tr(part.removesuffix(OBSERVED), lang))
        if part.endswith(OBSERVED)
        else tr(part, lang)
        for part in name.split("; ")
    ]
    return ("、" if _chinese(lang) else "; ").join(parts)


def holiday_name(country: str, day: dt.date, lang: str | None = None) -> str | None:
    """The name of `country`'s public holiday on `day` in `lang` (None when `day` is none): the
    calendar's own Chinese where it has it (China), else its English name translated."""
    languages = _languages(country)
    if not languages:
        return None
    if _chinese(lang) and "zh_CN" in languages:
        name = calendar(country, day.year, "zh_CN").get(day)
        return name.replace("; ", "、") if name else None
    english = next((code for code in ("en_US", "en_GB") if code in languages), None)
    name = calendar(country, day.year, english).get(day)
    return _english_in(name, lang) if name else None


def country_name(code: str, lang: str | None = None) -> str:
    """A holiday calendar's country in words in `lang` (China / 中国), else its code."""
    english = COUNTRY_WORDS.get(code.upper())
    if english is None:
        from holidays.registry import COUNTRIES

        module = next((m for m, (_, *codes) in COUNTRIES.items() if code.upper() in codes), None)
        english = module.replace("_", " ").title() if module else code
    return tr(english, lang)


def holiday_words(params: dict[str, Any], lang: str | None) -> dict[str, Any]:
    """A public_holidays finding's parameters in the reader's words: the stored English name
    stays only when the calendar no longer names the day."""
    code = str(params.get("country", ""))
    words = dict(params)
    try:
        day = dt.date.fromisoformat(str(params.get("date", "")))
    except ValueError:
        day = None
    name = holiday_name(code, day, lang) if day and code else None
    words["holiday"] = name or _english_in(str(params.get("holiday", "")), lang)
    if code:
        words["country"] = country_name(code, lang)
    return words


READ_IN_WORDS[HOLIDAY_MESSAGE] = holiday_words
