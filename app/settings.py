"""Office settings: typed defaults in one place (Picard's options), values in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.errors import ValidationError
from app.i18n import Words, tr
from app.models import Setting, User
from app.office import office_today

DEFAULTS: dict[str, Any] = {
    # Priority weights: the points a factor gives at its full value (see app.cases.priority).
    "priority.weight.amount_overdue": 30,
    "priority.weight.dpd": 25,
    "priority.weight.broken_promises": 15,
    "priority.weight.days_since_contact": 10,
    "priority.weight.promise_due": 10,
    "priority.weight.visit_eligible": 10,
    "priority.weight.recovery_chance": 10,
    "priority.weight.action_due": 5,
    # What "full value" means for the scaled factors.
    "priority.full.amount_overdue": 5_000_000,  # minor units (50,000.00)
    "priority.full.dpd": 180,
    "priority.full.broken_promises": 3,
    "priority.full.days_since_contact": 30,
    # Cases at or past this DPD are field-stage: visits possible, field training required.
    "queue.field_stage_min_dpd": 61,
    # The queue's as-of date; None means today.
    "queue.as_of": None,
    # Repayment agreements: a waiver above this (minor units, 1,000.00) needs a supervisor's
    # approval; a settlement falls due this many days after drafting unless a date is given.
    "agreement.waiver_approval_threshold": 100_000,
    "agreement.settlement_due_days": 14,
    # Assignment by capacity: open cases per agent.
    "assign.capacity_per_agent": 400,
    "security.idle_lock_minutes": 10,
    # Wrong passwords in a row that lock an account, and for how long.
    "security.max_failed_logins": 5,
    "security.lockout_minutes": 15,  # lock the window after this much idle time; 0 = never
    # Home visits: minutes past the expected end before a missing check-out alerts; 1 = every
    # booking waits for a supervisor's approval; cost defaults when the agents enter none.
    "visit.checkout_grace_minutes": 30,
    "visit.approval_required": 0,
    "visit.default_travel_cost": 5000,  # minor units (50.00)
    "visit.default_hours_minutes": 120,
    # Backups: folder (None = "backups" in the data folder), schedule ("daily" or "off"), and how
    # many daily, weekly and monthly backups rotation keeps.
    "backup.folder": None,
    "backup.schedule": "daily",
    "backup.keep_daily": 7,
    "backup.keep_weekly": 4,
    "backup.keep_monthly": 12,
    # The paper every PDF is laid out on: "a4" or "letter"; None = the office's country's (US
    # Letter in the US, else A4; app.paper).
    "print.paper": None,
}

# Settings that are amounts of money: stored in minor units as every amount is, written and read
# as amounts ("1,000.00") by the CLI and the window (`settings set …=1,000.00` is 1,000.00).
MONEY_KEYS = frozenset(
    {
        "priority.full.amount_overdue",
        "agreement.waiver_approval_threshold",
        "visit.default_travel_cost",
    }
)

# What each setting is called (msgids): the Settings dialog's labels, and the audit trail's words
# for a setting changed (app/audit_words.py). The dialog shows a weight under its tab's note;
# `setting_name` says it in full.
SETTING_LABELS = {
    "priority.weight.amount_overdue": "Amount overdue",
    "priority.weight.dpd": "Days past due",
    # The same weight scores a breached agreement in full (app/cases/priority.py): said here.
    "priority.weight.broken_promises": "Broken promises (a breached agreement scores it in full)",
    "priority.weight.days_since_contact": "Days since last contact",
    "priority.weight.promise_due": "Promise due",
    "priority.weight.visit_eligible": "Home visit possible",
    "priority.weight.recovery_chance": "Chance of recovery",
    "priority.weight.action_due": "Next action due",
    "priority.full.amount_overdue": "Amount overdue that scores in full",
    "priority.full.dpd": "Days past due that score in full",
    "priority.full.broken_promises": "Broken promises that score in full",
    "priority.full.days_since_contact": "Days since contact that score in full",
    "queue.field_stage_min_dpd": "Field stage from (days past due)",
    "queue.as_of": "Queue date",
    "agreement.waiver_approval_threshold": "A waiver above this needs a supervisor",
    "agreement.settlement_due_days": "A settlement falls due after (days)",
    "assign.capacity_per_agent": "Open cases per agent (assigning by capacity)",
    "visit.checkout_grace_minutes": "Check-out grace (minutes)",
    "visit.approval_required": "Every booking needs a supervisor's approval",
    "visit.default_travel_cost": "Default travel cost",
    "visit.default_hours_minutes": "Default time spent (minutes)",
    "visit.travel_buffer_minutes": "Travel time between visits (minutes)",
    "visit.max_per_borrower": "Visits per borrower in the period",
    "visit.period_days": "Period for that limit (days)",
    "backup.folder": "Backup folder",
    "backup.schedule": "Automatic backup",
    "backup.keep_daily": "Daily backups kept",
    "backup.keep_weekly": "Weekly backups kept",
    "backup.keep_monthly": "Monthly backups kept",
    "security.idle_lock_minutes": "Lock after idle minutes (0 = never)",
    "security.max_failed_logins": "Wrong passwords before an account locks",
    "security.lockout_minutes": "Minutes an account stays locked",
    "print.paper": "Paper size",
}
WEIGHT_PREFIX = "priority.weight."


def setting_name(key: str, lang: str | None = None) -> str:
    """A setting in words, whole where it stands alone (the audit trail): "Priority weight:
    Amount overdue"; the key itself for one without a label."""
    if key not in SETTING_LABELS:
        return key
    if key.startswith(WEIGHT_PREFIX):
        return tr("Priority weight: {factor}", lang, factor=Words(SETTING_LABELS[key]))
    return tr(SETTING_LABELS[key], lang)


def get(session: Session, key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(key)
    row = session.get(Setting, key)
    return DEFAULTS[key] if row is None else row.value


def get_all(session: Session, prefix: str = "") -> dict[str, Any]:
    return {k: get(session, k) for k in DEFAULTS if k.startswith(prefix)}


def put(session: Session, actor: User, key: str, value: Any) -> tuple[str, ...]:
    """Change one office setting (admin or supervisor), audited with old and new value; returns
    the agreements a lowered waiver threshold sent back to wait for a supervisor (their numbers),
    for whoever saved it to be told (QA s47 O #4)."""
    require(actor, Permission.EDIT_SETTINGS)
    if key not in DEFAULTS:
        raise ValidationError("Unknown setting {key}.", key=key)
    default = DEFAULTS[key]
    if isinstance(default, int) and (
        isinstance(value, bool) or not isinstance(value, int) or value < 0
    ):
        raise ValidationError("{key} must be a whole number of at least zero.", key=key)
    old = get(session, key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated_by_id=actor.id))
    else:
        row.value = value
        row.updated_by_id = actor.id
    session.flush()
    audit.record(session, actor, "setting.change", "setting", key, {"old": old, "new": value})
    if key == "agreement.waiver_approval_threshold" and value < old:
        # Approvals a lower threshold no longer covers go back to waiting for a supervisor.
        from app.agreements.standing import lapse_approvals

        return lapse_approvals(session, actor, value)
    return ()


def as_of(session: Session) -> dt.date:
    """The office's queue date: the setting if a supervisor set one, else today on the office's
    clock (not this computer's, which a machine left on another time zone keeps a day off)."""
    value = get(session, "queue.as_of")
    try:
        return dt.date.fromisoformat(value) if value else office_today(session)
    except ValueError:  # stored before dates were checked (app/office_settings): not a date
        return office_today(session)
