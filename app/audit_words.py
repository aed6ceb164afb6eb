"""An audit entry's recorded changes in the reader's words, for the Audit page: each field by
name, money in yuan, codes as their labels, accounts by name, times in the office's zone.

The trail keeps what was written (codes, minor units, user names, UTC times): the page's
tooltip shows that JSON, and exports and the CLI give it as it is. A field this module does not
know reads as before, "field=value"."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any

from app.audit_kinds import (
    COUNT,
    DATE,
    FILTER_KIND,
    FILTERS,
    HIDE,
    LIST,
    LIST_STATUS,
    MINUTES,
    MONEY,
    PLAN,
    RULES,
    SYSTEM_USER,
    TEXT,
    TIME,
    TOTAL,
    USER,
    USERS,
    YES_NO,
    kinds_msgids,
    setting_kind,
)
from app.audit_labels import FILTER_NAME
from app.i18n import current_language, listed, normalise, plural, tr
from app.labels import (
    AGREEMENT_KIND,
    AGREEMENT_STATUS,
    BACKUP_KIND,
    CHANNEL,
    COMPLAINT_CATEGORY,
    COMPLAINT_CHANNEL,
    COMPLAINT_SOURCE,
    COMPLAINT_STATUS,
    DEFAULT_REASON,
    INCIDENT_KIND,
    LANGUAGE,
    LOAN_STATUS,
    OUTCOME,
    PARTY,
    PROMISE_STATUS,
    ROLE,
    RULE,
    STOP_FLAG,
    VERDICT,
    VISIT_STATUS,
    capital,
    duration,
    label,
    rule_names,
)
from app.money import fmt

JURISDICTION = {"cn": "China", "us": "United States", "uk": "United Kingdom"}
REVEALED = {"national_id": "ID number", "phones": "Phones", "addresses": "Addresses"}

Field = tuple[str, Any]  # (msgid of the field's name, how its value reads)

FIELDS: dict[str, Field] = {
    "address": ("Address", TEXT),
    "addresses": ("Addresses", COUNT),
    "agent": ("Agent", USER),
    "agents": ("Agents", USERS),
    "allocations": ("Allocations", COUNT),
    "amount": ("Amount", MONEY),
    "as_of": ("Queue date", DATE),
    "at": ("Time", TIME),
    "backup": ("Restored from", TEXT),
    "backup_made_at": ("Backup made at", TIME),
    "backup_revision": ("Backup's schema", TEXT),
    "by": ("By", USER),
    "case": ("Case", TEXT),
    "category": ("Category", COMPLAINT_CATEGORY),
    "channel": ("Channel", CHANNEL),
    "closed": ("Cases closed", COUNT),
    "closed_on": ("Closed on", DATE),
    "course": ("Course", TEXT),
    "credit": ("Credit", MONEY),
    "deadline_on": ("Deadline", DATE),
    "debt": ("Debt", MONEY),
    "default_reason": ("Reason for default", DEFAULT_REASON),
    "due_on": ("Due on", DATE),
    "end": ("End", TIME),
    "entries": ("Entries", COUNT),
    "evidence": ("Evidence", TEXT),
    "expires_on": ("Expires on", DATE),
    "file": ("File", TEXT),
    "files": ("Files", LIST),
    "filters": ("Filters", FILTERS),
    "format": ("Format", TEXT),
    "hours_minutes": ("Time spent", MINUTES),
    "identity": ("Identity confirmed", YES_NO),
    "instalments": ("Instalments", COUNT),
    "investigator": ("Investigator", USER),
    "investigator_id": ("Investigator", HIDE),
    "jurisdiction": ("Jurisdiction", JURISDICTION),
    "kind": ("Kind", TEXT),
    "language": ("Language", LANGUAGE),
    "late": ("Answered late", YES_NO),
    "loans paid off": ("Loans paid off", COUNT),
    "name": ("Office name", TEXT),
    "new": ("New rows", COUNT),
    "new_case": ("New case", TEXT),
    "note": ("Note", TEXT),
    "on": ("On", DATE),
    "open_cases": ("Open cases", COUNT),
    "opened": ("Cases opened", COUNT),
    "outstanding": ("Still owed", MONEY),
    "outcome": ("Outcome", OUTCOME),
    "override_by": ("Overridden by", USER),
    "override_reason": ("Override reason", TEXT),
    "paid": ("Paid", MONEY),
    "paid_on": ("Paid on", DATE),
    "params": ("Parameters", TEXT),
    "party": ("Party", PARTY),
    "pass_mark": ("Pass mark", COUNT),
    "passed": ("Passed", YES_NO),
    "pause_lifted": ("Contact pause lifted", YES_NO),
    "personal_data": ("With personal data", YES_NO),
    "phone": ("Phone", TEXT),
    "phones": ("Phones", COUNT),
    "plan": ("Plan", PLAN),
    "previous_damaged": ("Previous database damaged", YES_NO),
    "previous_kept_as": ("Previous database kept as", TEXT),
    "principal": ("Principal", MONEY),
    "promise_id": ("Promise", HIDE),
    "reason": ("Reason", TEXT),
    "received_on": ("Received on", DATE),
    "reference": ("Reference", TEXT),
    "revision": ("Schema", TEXT),
    "role": ("Role", ROLE),
    "rotated_out": ("Old backups removed", LIST),
    "rows": ("Rows", COUNT),
    "rule": ("Rule", RULE),
    "rules": ("Rules", RULES),
    "ruleset": ("Rule set", TEXT),
    "safety_contact": ("Safety contact", TEXT),
    "score": ("Score", COUNT),
    "seed": ("Random seed", TEXT),
    "settled": ("Settled amount", MONEY),
    "sha256": ("Fingerprint", HIDE),
    "signed_copy": ("Signed copy", YES_NO),
    "signed_on": ("Signed on", DATE),
    "skipped": ("Unchanged", COUNT),  # an import's rows already there (app/importer)
    "source": ("Source", COMPLAINT_SOURCE),
    "start": ("Start", TIME),
    "stated_capacity": ("Stated capacity", TEXT),
    "stated_reason": ("Stated reason", TEXT),
    "status": ("Status", TEXT),
    "supersedes": ("Supersedes", LIST),
    "taken_on": ("Taken on", DATE),
    "threshold": ("Approval threshold", MONEY),
    "timezone": ("Time zone", TEXT),
    "trainer": ("Trainer", TEXT),
    "travel_cost": ("Travel cost", MONEY),
    "unchanged": ("Unchanged", COUNT),
    "updated": ("Cases updated", COUNT),
    "upheld": ("Upheld", YES_NO),
    "username": ("Account", USER),
    "validity_months": ("Validity (months)", COUNT),
    "verdict": ("Verdict", VERDICT),
    "version": ("Version", TEXT),
    "waiver": ("Waiver", MONEY),
    "was": ("Status before", TEXT),
    "was_locked": ("Was locked", YES_NO),
    "what": ("Revealed", REVEALED),
}

# What a field means for one kind of action ("loan" for every loan.* action) or one action.
BY_ACTION: dict[str, dict[str, Field]] = {
    "agreement": {
        "was": ("Status before", AGREEMENT_STATUS),
        "status": ("Status", AGREEMENT_STATUS),
        "kind": ("Kind", AGREEMENT_KIND),
        "by": ("Superseded by", TEXT),
    },
    "agreement.breached": {"instalments": ("Missed instalments", LIST)},
    "agreement.completed": {"on": ("Completed on", DATE)},
    "audit.export": {"from": ("Period", DATE)},
    "borrower": {flag: (words, YES_NO) for flag, words in STOP_FLAG.items()}
    | {
        "person": ("Related person", TEXT),
        "person_id": ("Related person", HIDE),
        "do_not_contact": ("Do not contact", YES_NO),
        "consent_to_contact": ("Agreed to be contacted", YES_NO),
    },
    "case.assign": {"from": ("Agent", USER), "agent": ("Agent", HIDE)},
    "complaint": {
        "agent": ("Agent complained about", USER),
        "channel": ("Channel", COMPLAINT_CHANNEL),
        "status": ("Status", COMPLAINT_STATUS),
    },
    "database": {"kind": ("Kind", BACKUP_KIND)},
    "demo.build": {"as_of": ("Built as of", DATE), "rows": ("Rows", TOTAL)},
    "import": {"instalments": ("Instalment rows", COUNT)},
    "loan": {"was": ("Status before", LOAN_STATUS)},
    "loan.write_off": {"on": ("Written off on", DATE)},
    "promise": {"status": ("Status", PROMISE_STATUS)},
    "report": {
        "from": ("Period", DATE),
        "as_of": ("As of", DATE),
        "empty": ("Empty period", YES_NO),
    },
    "list.export": {"rows": ("Rows", COUNT)},
    "setting.change": {"old": ("Value", TEXT)},
    "visit": {"from": ("Status before", VISIT_STATUS), "kind": ("Incident", INCIDENT_KIND)},
    "visit.resolve_late": {"at": ("Ended at", TIME)},
    "visit.verify": {
        "address": ("Address confirmed", YES_NO),
        "phone": ("Phone confirmed", YES_NO),
    },
}
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
        self, lang: str, zone: zoneinfo.ZoneInfo, names: Mapping[str | int, str] | None = None
    ) -> None:
        self.lang, self.zone, self.names = normalise(lang), zone, names or {}
        self.chinese = self.lang == "zh_CN"

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
        if action == "setting.change" and key == "old":  # the value as that setting is written
            kind = setting_kind(record)
        if kind == HIDE or value is None or value == "" or value == []:
            return ""  # nothing to say: no case, no override, no rule flagged
        name = self.t(words)
        if isinstance(value, dict) and set(value) == {"old", "new"}:
            value = [value["old"], value["new"]]
        if isinstance(value, list) and len(value) == 2 and kind not in (USERS, RULES, PLAN, LIST):
            shown = f"{self.value(kind, value[0])} → {self.value(kind, value[1])}"
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

    def value(self, kind: Any, value: Any) -> str:
        if value is None or value == "":
            return "∅"
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
