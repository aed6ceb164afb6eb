"""An audit entry's recorded changes in the reader's words, for the Audit page: each field by
name, money in yuan, codes as their labels, accounts by name, times in the office's zone.

The trail keeps what was written (codes, minor units, user names, UTC times): the page's
tooltip shows that JSON, and exports and the CLI give it as it is. A borrower's personal data
are stored sealed (app/audit_seal.py) and reach this module opened, or as "(erased)". A field
this module does not know reads as before, "field=value"."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any

from app.audit_fields import BY_ACTION, FIELDS, REVEALED, Field  # noqa: F401 (named here too)
from app.audit_kinds import (
    FILTER_KIND,
    FILTERS,
    HIDE,
    LIST,
    LIST_STATUS,
    PLAN,
    RULE_PARAMS,
    RULES,
    SETTING_UNSET,
    SYSTEM_USER,
    TEXT,
    TOTAL,
    USERS,
    kinds_msgids,
    setting_kind,
)
from app.audit_labels import FILTER_NAME
from app.audit_seal import ErasedValue
from app.i18n import current_language, listed, normalise, plural, tr
from app.id_labels import id_label
from app.labels import (
    capital,
    duration,
    label,
    rule_names,
)
from app.money import fmt

PAIRED = ("from", "to"), ("old", "new")  # an entry's whole change as two fields


def field(action: str, key: str) -> Field | None:
    """The field's words and kind for this action, or None when it has none."""
    for scope in (action, action.split(".", 1)[0]):
        found = BY_ACTION.get(scope, {}).get(key)
        if found is not None:
            return found
    return FIELDS.get(key)


class Reader:
    """Reads entries' changes in one language, naming accounts and placing times in a zone."""

    def __init__(
        self,
        lang: str,
        zone: zoneinfo.ZoneInfo,
        names: Mapping[str | int, str] | None = None,
        country: str = "CN",
    ) -> None:
        self.lang, self.zone, self.names = normalise(lang), zone, names or {}
        self.chinese = self.lang == "zh_CN"
        # What was revealed, the ID number named as the office's country names it (an SSN).
        self.revealed = REVEALED | {"national_id": id_label(country)}

    def t(self, msgid: str, **params: Any) -> str:
        return tr(msgid, self.lang, **params)

    def describe(self, action: str, changes: Any, record: str = "") -> str:
        """The whole change in one line: "Reason: …; Case: …; Still owed: 157,650.00"."""
        return one_line(self.parts(action, changes, record), self.lang)

    def parts(self, action: str, changes: Any, record: str = "") -> list[str]:
        """The change field by field, each "Field: value"; nothing for no change. `record` is
        the entry's record id: the setting a setting.change is about, the list exported."""
        if not changes:
            return []
        if not isinstance(changes, dict):
            return [self.raw(changes)]
        rest = dict(changes)
        parts: list[str] = []
        for first, second in PAIRED:
            if first in rest and second in rest:
                old, new = rest.pop(first), rest.pop(second)
                if isinstance(old, dict) and isinstance(new, dict):  # field by field
                    parts += [self.part(action, k, [old.get(k), v]) for k, v in new.items()]
                else:
                    parts.append(self.part(action, first, [old, new], record))
        parts += [self.part(action, str(k), v, record) for k, v in rest.items()]
        return [p for p in parts if p]

    def part(self, action: str, key: str, value: Any, record: str = "") -> str:
        found = field(action, key)
        if found is None:
            return f"{key}={self.raw(value)}"
        words, kind = found
        unset = "∅"
        if action == "setting.change" and key == "old":  # the value as that setting is written
            kind = setting_kind(record)
            unset = self.t(SETTING_UNSET[record]) if record in SETTING_UNSET else unset
        if kind == HIDE or value is None or value in ("", [], {}):
            return ""  # nothing to say: no case, no override, no rule flagged, no filter
        name = self.t(words)
        if isinstance(value, dict) and set(value) == {"old", "new"}:  # a change, of any kind
            shown = f"{self.value(kind, value['old'])} → {self.value(kind, value['new'])}"
        elif isinstance(value, list) and len(value) == 2 and kind not in (USERS, RULES, PLAN, LIST):
            shown = f"{self.value(kind, value[0], unset)} → {self.value(kind, value[1], unset)}"
        elif isinstance(value, dict) and kind == RULE_PARAMS:
            shown = self.rule_params(value)
        elif isinstance(value, dict) and kind == FILTERS:
            shown = self.filters(value, record)
        elif isinstance(value, dict) and kind != TOTAL:
            shown = self.pairs(value)
        else:
            shown = self.value(kind, value)
        return self.t("{field}: {value}", field=name, value=shown)

    def pairs(self, value: dict[str, Any]) -> str:
        """A nested change, such as a rule's parameters: "answer_days: 15 → 10"."""
        inner = []
        for k, v in value.items():
            if isinstance(v, list) and len(v) == 2:
                inner.append(f"{k}: {self.raw(v[0])} → {self.raw(v[1])}")
            else:
                inner.append(f"{k}={self.raw(v)}")
        return listed(inner, self.lang)

    def rule_params(self, value: dict[str, Any]) -> str:
        """A rule's parameters changed, each as the Rules page names and reads it: "Days to
        answer: 15 → 10", "Channels: Call, SMS → Call" (a key no rule knows: as written)."""
        from app.queries.rules import META_NAMES, PARAM_NAMES, param_value_words

        names = PARAM_NAMES | META_NAMES
        inner = []
        for key, change in value.items():
            if not (isinstance(change, list) and len(change) == 2):
                inner.append(f"{key}={self.raw(change)}")
                continue
            old, new = (param_value_words(key, v, self.lang) for v in change)
            name = self.t(names[key]) if key in names else key
            inner.append(self.t("{field}: {value}", field=name, value=f"{old} → {new}"))
        return " · ".join(inner)  # as the Rules page joins them: a value may be a list itself

    def filters(self, value: dict[str, Any], record: str) -> str:
        """An export's filters by name: "Bucket = M1, Agent = 赵桂花" (unknown: by its key)."""
        shown = []
        for key, v in value.items():
            kind = LIST_STATUS.get(record, TEXT) if key == "status" else FILTER_KIND.get(key, TEXT)
            if key == "user_id" and v == SYSTEM_USER:
                kind, v = TEXT, self.t("(system)")
            name = self.t(FILTER_NAME[key]) if key in FILTER_NAME else key
            shown.append(self.t("{field} = {value}", field=name, value=self.value(kind, v)))
        return listed(shown, self.lang)

    def value(self, kind: Any, value: Any, unset: str = "∅") -> str:
        if isinstance(value, ErasedValue):  # a borrower's sealed value, their key gone
            return str(value)
        if value is None or value == "":
            return unset
        if kind is REVEALED:
            kind = self.revealed
        if isinstance(kind, dict):  # a code: its label, or the code when it has none
            return capital(label(kind, value, self.lang)) if str(value) in kind else self.raw(value)
        reader = getattr(self, f"_{kind}", None)
        try:
            return reader(value) if reader is not None else self.raw(value)
        except (TypeError, ValueError):
            return self.raw(value)

    def raw(self, value: Any) -> str:
        if value is None:
            return "∅"
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)

    def _text(self, value: Any) -> str:
        return self.raw(value)

    def _schema(self, value: Any) -> str:
        from app.backups import schema_number  # a database version, as `db backups` reads it

        return schema_number(str(value))

    def _money(self, value: Any) -> str:
        return fmt(int(value))

    def _count(self, value: Any) -> str:
        return f"{int(value):,}"

    def _yes_no(self, value: Any) -> str:
        return self.t("Yes") if value else self.t("No")

    def _date(self, value: Any) -> str:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()

    def _time(self, value: Any) -> str:
        moment = dt.datetime.fromisoformat(str(value))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def _minutes(self, value: Any) -> str:
        return duration(int(value), self.lang)

    def _user(self, value: Any) -> str:
        return self.names.get(value, str(value))

    def _users(self, value: Any) -> str:
        return listed([self._user(v) for v in value], self.lang)

    def _rules(self, value: Any) -> str:
        return rule_names(value, self.lang) if value else self.t("None")

    def _list(self, value: Any) -> str:
        if not isinstance(value, list):
            return self.raw(value)
        return listed([self.raw(v) for v in value], self.lang) if value else self.t("None")

    def _plan(self, value: Any) -> str:
        total = sum(int(amount) for _due, amount in value)
        first, last = value[0][0], value[-1][0]
        return plural(
            len(value),
            "{count} instalment, {first} to {last}, {total} in all",
            "{count} instalments, {first} to {last}, {total} in all",
            self.lang,
            first=first,
            last=last,
            total=fmt(total),
        )

    def _total(self, value: Any) -> str:
        return f"{sum(int(v) for v in value.values()):,}"


def one_line(parts: Sequence[str], lang: str | None = None) -> str:
    """Fields in a row: "a；b" in Chinese, "a; b" in English."""
    chinese = normalise(lang) == "zh_CN" if lang else current_language() == "zh_CN"
    return ("；" if chinese else "; ").join(parts)


def msgids() -> list[str]:
    """Every message this module may show (the translation test reads them)."""
    fields = [*FIELDS.values(), *(f for table in BY_ACTION.values() for f in table.values())]
    found = {words for words, _kind in fields}
    for _words, kind in fields:
        if isinstance(kind, dict):
            found |= set(kind.values())
    found |= kinds_msgids() | {"{field}: {value}", "Yes", "No", "None"}
    found.add("{count} instalments, {first} to {last}, {total} in all")
    return sorted(found)
