"""How an audit entry's values read (app/audit_words.py's kinds), and the words for what the
trail keeps as a code beyond the changes: the setting a setting.change is about, the list an
export wrote and the filters it was written with."""

from __future__ import annotations

from typing import Any

from app import settings
from app.audit_labels import BACKUP_SCHEDULE, FILTER_NAME, PAPER_NAMES, TRAINING_FILTER
from app.i18n import tr
from app.labels import (
    AUDIT_ACTION,
    AUDIT_ACTION_CHOICE,
    AUDIT_ENTITY,
    AUDIT_GROUP,
    CASE_STATUS,
    LOAN_STATUS,
    RULE,
    SEGMENT,
    VERDICT,
)

# How a field's value reads. A dict instead is a table of codes and their labels.
TEXT = "text"
MONEY = "money"
COUNT = "count"
YES_NO = "yes_no"
DATE = "date"
TIME = "time"  # an ISO timestamp, shown in the office's zone
MINUTES = "minutes"
USER = "user"  # a user name or id, shown as the person's name
USERS = "users"
RULES = "rules"
PLAN = "plan"  # [[due date, minor units], ...]
LIST = "list"
TOTAL = "total"  # {name: count, ...}, shown as the sum
HIDE = "hide"
FILTERS = "filters"  # an exported list's filters: {field: value}, each read by FILTER_KIND
SCHEMA = "schema"  # an Alembic revision, shown as its number: 0018_… → 18
RULE_PARAMS = "rule_params"  # a rule's parameters changed: {name: [old, new]}, each in words

# How an exported list's filter reads (its name: FILTER_NAME); "status" by the list it filters.
FILTER_KIND: dict[str, Any] = {
    # a prefix ("contact"), one action, or one reading of it ("agreement.ready")
    "action": {**AUDIT_GROUP, **AUDIT_ACTION, **AUDIT_ACTION_CHOICE},
    "agent_id": USER,
    "as_of": DATE,
    "date_from": DATE,
    "date_to": DATE,
    "entity": AUDIT_ENTITY,
    "contacted_today": YES_NO,
    "open_only": YES_NO,
    "overdue": YES_NO,
    "near_deadline": YES_NO,
    "promise_broken_from": DATE,
    "promise_broken_to": DATE,
    "promise_due_today": YES_NO,
    "rule": RULE,
    "segment": SEGMENT,
    "unassigned": YES_NO,
    "user_id": USER,
    "verdict": VERDICT,
}
LIST_STATUS: dict[str, Any] = {
    "queue": CASE_STATUS,
    "cases": CASE_STATUS,
    "loans": LOAN_STATUS,
    "training": TRAINING_FILTER,
}
SYSTEM_USER = 0  # the audit list's filter for entries without a user (app.queries.audit_log)


# A setting left unset reads as the Settings dialog shows it (the rule set's paper, today's date,
# the default folder), not as "∅".
SETTING_UNSET = {
    "print.paper": "As the rule set's country",
    "queue.as_of": "Today",
    "backup.folder": "Default: the backups folder next to the data",
}


def setting_kind(key: str) -> Any:
    """How a setting's value reads: an amount, yes or no, a date, a choice, a number, text."""
    default = settings.DEFAULTS.get(key)
    if key in settings.MONEY_KEYS:
        return MONEY
    if key == "visit.approval_required":
        return YES_NO
    if key == "queue.as_of":
        return DATE
    if key == "backup.schedule":
        return BACKUP_SCHEDULE
    if key == "print.paper":
        return PAPER_NAMES
    return COUNT if isinstance(default, int) and not isinstance(default, bool) else TEXT


def record_words(entity: str, entity_id: str, lang: str | None = None) -> str | None:
    """The record an entry is about in words where the trail keeps a code: a setting by its
    label, an exported list by its title; None for the others (their id is what people use)."""
    if entity == "setting" and entity_id in settings.SETTING_LABELS:
        return settings.setting_name(entity_id, lang)
    if entity == "list":
        from app.export_kinds import KINDS  # the lists and their titles; heavy, needed late

        kind = KINDS.get(entity_id)
        return tr(kind.title, lang) if kind is not None else None
    return None


def kinds_msgids() -> set[str]:
    """The messages these words may show (app.audit_words.msgids gathers them all)."""
    found = set(FILTER_NAME.values()) | set(settings.SETTING_LABELS.values())
    for kind in [*FILTER_KIND.values(), *LIST_STATUS.values(), BACKUP_SCHEDULE, PAPER_NAMES]:
        if isinstance(kind, dict):
            found |= set(kind.values())
    found |= set(SETTING_UNSET.values())
    return found | {"{field} = {value}", "(system)", "Priority weight: {factor}"}
