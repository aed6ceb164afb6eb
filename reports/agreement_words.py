"""The agreement's words in both languages, Chinese over English (reports/agreement.py and its
plan table, reports/agreement_plan.py)."""

from __future__ import annotations

from typing import Any

from app.agreements.document import AgreementDocument
from app.i18n import tr

ZH, EN = "zh_CN", "en"


def both(msgid: str, **params: Any) -> tuple[str, str]:
    """(Chinese, English) of one msgid; `params` values may be (zh, en) pairs."""
    zh = {k: v[0] if isinstance(v, tuple) else v for k, v in params.items()}
    en = {k: v[1] if isinstance(v, tuple) else v for k, v in params.items()}
    return tr(msgid, lang=ZH, **zh), tr(msgid, lang=EN, **en)


def heading(msgid: str, unit: tuple[str, str] = ("", "")) -> str:
    """A heading in Chinese over its English in small grey; `unit` (Chinese, English) follows
    each line in that line's own type."""
    zh, en = both(msgid)
    return f"{zh}{unit[0]}<br/><font size=7 color='#555555'>{en}{unit[1]}</font>"


def unit(doc: AgreementDocument) -> tuple[str, str]:
    """The currency after a column heading: "（元）" over " (CNY)"."""
    if doc.currency == "CNY":
        return "（元）", " (CNY)"
    return f"（{doc.currency}）", f" ({doc.currency})"
