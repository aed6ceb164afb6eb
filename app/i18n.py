"""One translation mechanism for the core, the CLI, the UI and the PDFs (no Qt needed).

Message ids are English source strings with ``{name}`` placeholders; catalogs are JSON files in
resources/i18n/<language>/ (one per area: core.json, ui.json, cli.json …) mapping msgid →
translation, merged at first use. English needs no
catalog. The language comes from ``set_language``, else ``CASEDESK_LANG``, else the system locale.
"""

from __future__ import annotations

import json
import locale
import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

SUPPORTED = ("en", "zh_CN")
_current: str | None = None


def normalise(lang: str | None) -> str:
    """Map 'zh', 'zh_CN.UTF-8', 'zh-Hans' … to a supported language code."""
    if not lang:
        return "en"
    lang = lang.replace("-", "_").split(".")[0].lower()
    return "zh_CN" if lang.startswith("zh") else "en"


def supported_language(lang: str) -> str | None:
    """The supported code `lang` names ('en', 'en_US', 'zh', 'zh-CN', 'zh_CN.UTF-8' …), or None
    for a language Casedesk does not speak ('fr'), which `normalise` would take as English."""
    base = lang.strip().replace("-", "_").split(".")[0].split("@")[0].lower()
    if base.split("_")[0] in ("en", "zh") or base in ("c", "posix"):
        return normalise(base)
    return None


def system_language() -> str:
    env = os.environ.get("CASEDESK_LANG")
    if env:
        return normalise(env)
    loc = locale.getlocale()[0] or os.environ.get("LANG") or os.environ.get("LC_ALL")
    return normalise(loc)


def set_language(lang: str | None) -> None:
    global _current
    _current = normalise(lang) if lang else None


def current_language() -> str:
    return _current or system_language()


@cache
def _catalog(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    catalog: dict[str, str] = {}
    folder = resources.files("resources.i18n").joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            catalog.update(json.loads(entry.read_text("utf-8")))
    return catalog


class Words(str):
    """A placeholder's value that is itself a msgid, filled in the reader's language (a role, a
    permission) whenever the message is read."""


class Counted:
    """A number of things as a placeholder's value, filled in the reader's language the way
    `plural` fills a message: "1 agreement" / "3 agreements" / 协议 3 份."""

    def __init__(self, n: int, one: str, many: str, **params: Any) -> None:
        self.n, self.one, self.many, self.params = n, one, many, params

    def fill(self, lang: str | None = None) -> str:
        return plural(self.n, self.one, self.many, lang, **self.params)

    def __str__(self) -> str:
        return self.fill()


def _fill(value: Any, lang: str | None) -> Any:
    if isinstance(value, Words):
        return tr(value, lang)
    if isinstance(value, Counted):
        return value.fill(lang)
    if isinstance(value, list | tuple):
        return listed([str(x) for x in value], lang)
    return value


def tr(msgid: str, lang: str | None = None, **params: Any) -> str:
    """Translate ``msgid`` into ``lang`` (default: the current language) and fill placeholders;
    a list or tuple fills one as names in a row, in that language (甲、乙 / a, b), and `Words` as
    their own translation."""
    text = _catalog(normalise(lang) if lang else current_language()).get(msgid, msgid)
    if not params:
        return text
    return text.format(**{k: _fill(v, lang) for k, v in params.items()})


_ = tr


def plural(n: int, one: str, many: str, lang: str | None = None, **params: Any) -> str:
    """A message about `n` things: English reads `one` when n is 1 and `many` otherwise;
    Chinese has no plural and reads `many`'s translation (the catalog holds only `many`).
    {count} is n with thousands separators unless a `count` is given."""
    chinese = (normalise(lang) if lang else current_language()) == "zh_CN"
    params.setdefault("count", f"{n:,}")
    return tr(one if n == 1 and not chinese else many, lang, **params)


def listed(items: Sequence[str], lang: str | None = None) -> str:
    """Names or words in a row: 甲、乙 in Chinese, "a, b" in English."""
    chinese = (normalise(lang) if lang else current_language()) == "zh_CN"
    return ("、" if chinese else ", ").join(items)


def sentences(items: Sequence[str], lang: str | None = None) -> str:
    """Sentences one after another: with a space in English, none after Chinese punctuation."""
    chinese = (normalise(lang) if lang else current_language()) == "zh_CN"
    return ("" if chinese else " ").join(item for item in items if item)


def clauses(items: Sequence[str], lang: str | None = None) -> str:
    """Parts of one message in a row: "a; b" in English, 甲；乙 in Chinese. A part that ends in its
    own full stop is followed by the next as a sentence ("a. B", 甲。乙。), never by "a.; b", and
    never an ASCII "; " inside Chinese."""
    parts = [item for item in items if item]
    if (normalise(lang) if lang else current_language()) == "zh_CN":
        ends, glue, after_stop = ("。", "！", "？", "；"), "；", ""
    else:
        ends, glue, after_stop = (".", "!", "?", ";"), "; ", " "
    text = ""
    for part in parts:
        text += ("" if not text else after_stop if text.endswith(ends) else glue) + part
    return text
