"""Changing the office's settings in one go (the Settings dialog's door): the office's details,
the rule set, and values from app.settings — validated first, then each written through its use
case and audited, all in the caller's one transaction. Plus each user's own language.

Errors carry the field they concern (`FieldError.field`) so a form can show them inline.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app import audit, settings
from app.auth import Permission, can, require
from app.concurrency import saving
from app.errors import PermissionDenied, ValidationError
from app.i18n import SUPPORTED, Words
from app.models import Office, User
from app.money import fmt
from app.office import check_zone, get_office
from app.paper import PAPER_KEY, PAPERS
from app.setup import MAX_OFFICE_NAME

JURISDICTIONS = ("cn", "us", "uk")
BACKUP_SCHEDULES = ("daily", "off")
# Settings with a use case of their own (app.backups.configure), by its keyword.
BACKUP_KEYS = {"backup.folder": "folder", "backup.schedule": "schedule"}
DATE_KEYS = {"queue.as_of"}  # text holding a date, or None
# Settings whose change the queue is rebuilt for at once, by those who may rebuild it (the window
# off the GUI thread, `settings set` after saving): the queue date moves every open case's days
# past due, bucket and amount overdue, which kept the old day's until someone pressed Rebuild;
# the priority's weights and full values and the field stage's days past due are only applied by
# a rebuild, so a supervisor's new weights left the queue in its old order for the rest of the day
# (the day's first rebuild skips a queue already computed as of its date).
REBUILDS_QUEUE = frozenset({"queue.as_of", "queue.field_stage_min_dpd"})
REBUILDS_QUEUE_PREFIX = "priority."
MAX_PHONE = 40  # "+86 10 8888 8888 ext. 1234" and room to spare
# Upper bounds for the settings where a huge number is surely a typing mistake.
MAXIMUM = {
    "security.idle_lock_minutes": 24 * 60,
    "security.max_failed_logins": 100,
    "security.lockout_minutes": 24 * 60,
    "visit.checkout_grace_minutes": 24 * 60,
    "visit.travel_buffer_minutes": 24 * 60,
    "visit.default_hours_minutes": 24 * 60,
    "visit.approval_required": 1,
    "backup.keep_daily": 365,
    "backup.keep_weekly": 520,
    "backup.keep_monthly": 1200,
    "agreement.settlement_due_days": 366,  # app.agreements.plan.MAX_START_DAYS
}
# Lower bounds where zero (or less) would break what the setting governs: a lockout after 0 wrong
# passwords locks every account at its first, a capacity of 0 places no case. Others start at 0
# (a weight of 0 turns its factor off; 0 idle minutes never locks; 0 backups kept of a kind,
# not of all three: check_backups_kept).
MINIMUM = {
    "priority.full.amount_overdue": 100,  # minor units: 1.00
    "priority.full.dpd": 1,
    "priority.full.broken_promises": 1,
    "priority.full.days_since_contact": 1,
    "queue.field_stage_min_dpd": 1,
    "agreement.settlement_due_days": 1,
    "assign.capacity_per_agent": 1,
    "security.max_failed_logins": 1,
    "security.lockout_minutes": 1,
    "visit.default_hours_minutes": 1,
}
# (key prefix, who may change those settings, the refusal) — for everyone else.
ADMIN_ONLY = (
    (
        "backup.",
        Permission.MANAGE_BACKUPS,
        "Only an admin changes how backups are made and kept: {keys}.",
    ),
    (
        "security.",
        Permission.MANAGE_USERS,
        "Only an admin changes how accounts are protected: {keys}.",
    ),
)
WEIGHT_PREFIX = settings.WEIGHT_PREFIX
MAX_WEIGHT = 100


def bounds(key: str) -> tuple[int, int | None]:
    """(lowest, highest or None) a whole-number setting accepts; the Settings dialog's spin
    boxes use the same."""
    top = MAX_WEIGHT if key.startswith(WEIGHT_PREFIX) else MAXIMUM.get(key)
    return MINIMUM.get(key, 0), top


class FieldError(ValidationError):
    """A ValidationError about one field of a form (`field`: a setting key or office field)."""

    def __init__(self, field_name: str, message: str, **params: Any) -> None:
        super().__init__(message, **params)
        self.field = field_name


@dataclass
class OfficeDetails:
    name: str
    address: str
    safety_contact: str
    timezone: str
    phone: str = ""


@dataclass
class SettingsChange:
    """What a form wants changed; None / empty means "leave as it is"."""

    office: OfficeDetails | None = None
    jurisdiction: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def office_details(session: Session) -> OfficeDetails:
    office = get_office(session)
    if office is None:
        raise ValidationError("Set up the office first.")
    return OfficeDetails(
        office.name, office.address, office.safety_contact, office.timezone, office.phone
    )


def check_office(details: OfficeDetails, current_zone: str | None = None) -> None:
    if not details.name.strip():
        raise FieldError("name", "The office needs a name.")
    if len(details.name.strip()) > MAX_OFFICE_NAME:
        raise FieldError(
            "name",
            "The office name is too long (at most {count} characters).",
            count=MAX_OFFICE_NAME,
        )
    if len(details.address.strip()) > 400:
        raise FieldError(
            "address", "The address is too long (at most {count} characters).", count=400
        )
    if len(details.phone.strip()) > MAX_PHONE:
        raise FieldError(
            "phone", "The phone is too long (at most {count} characters).", count=MAX_PHONE
        )
    if len(details.safety_contact.strip()) > 200:
        raise FieldError(
            "safety_contact",
            "The safety contact is too long (at most {count} characters).",
            count=200,
        )
    try:
        check_zone(details.timezone, current=current_zone)
    except ValidationError as refused:
        raise FieldError("timezone", refused.msgid, **refused.params) from None


def _shown(key: str, number: int) -> str:
    """A bound as the setting is written: an amount for money, else the number."""
    return fmt(number) if key in settings.MONEY_KEYS else f"{number:,}"


def check_setting(key: str, value: Any, today: dt.date | None = None) -> None:
    """Refuse a value that does not fit the setting's type and range; a date after `today` (the
    office's, when given) too."""
    if key not in settings.DEFAULTS:
        raise FieldError(key, "Unknown setting {key}.", key=key)
    default = settings.DEFAULTS[key]
    name = Words(settings.SETTING_LABELS.get(key, key))
    if isinstance(default, bool) or isinstance(default, int):
        low, top = bounds(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(
                key,
                "{name} ({key}) must be a whole number of at least {minimum}.",
                name=name,
                key=key,
                minimum=_shown(key, low),
            )
        if value < low:
            raise FieldError(
                key,
                "{name} ({key}) must be at least {minimum}.",
                name=name,
                key=key,
                minimum=_shown(key, low),
            )
        if top is not None and value > top:
            raise FieldError(
                key,
                "{name} ({key}) must be at most {maximum}.",
                name=name,
                key=key,
                maximum=_shown(key, top),
            )
        return
    if key in DATE_KEYS and value is not None:
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise FieldError(
                key, "{key} must be a date (YYYY-MM-DD), not {value}.", key=key, value=value
            ) from None
        if today is not None and day > today:
            # The queue would count days past due to a day that has not come (DPD 1,458).
            raise FieldError(
                key,
                "{name} ({key}) cannot be after today ({today}): {value}.",
                name=name,
                key=key,
                today=today.isoformat(),
                value=day.isoformat(),
            )
    if key == "backup.folder" and isinstance(value, str):
        from app.backups import check_folder

        try:  # before anything is written: a drive not plugged in, a file in the way
            check_folder(value)
        except ValidationError as refused:
            raise FieldError(key, refused.msgid, **refused.params) from None
    if key == PAPER_KEY and value is not None and value not in PAPERS:
        raise FieldError(key, "Choose one of: {choices}.", choices=list(PAPERS))
    if key == "backup.schedule" and value not in BACKUP_SCHEDULES:
        raise FieldError(key, "Choose one of: {choices}.", choices=list(BACKUP_SCHEDULES))
    if default is None or isinstance(default, str):
        if value is not None and not isinstance(value, str):
            raise FieldError(key, "{key} must be text.", key=key)


KEEP_KEYS = ("backup.keep_daily", "backup.keep_weekly", "backup.keep_monthly")


def check_backups_kept(session: Session, values: dict[str, Any]) -> None:
    """Refuse daily, weekly and monthly backups kept all 0 (as they would be with `values`): each
    backup's rotation would delete every earlier one, the newest alone kept. Said under the
    first of them the change sets."""
    if not any(key in values for key in KEEP_KEYS):
        return
    if any(values.get(key, settings.get(session, key)) for key in KEEP_KEYS):
        return
    raise FieldError(
        next(key for key in KEEP_KEYS if key in values),
        "Keep at least one backup: daily, weekly and monthly backups kept cannot all be 0.",
    )


def _update_office(session: Session, actor: User, office: Office, new: OfficeDetails) -> None:
    fields = ("name", "address", "safety_contact", "timezone", "phone")
    changes = {
        f: [getattr(office, f), getattr(new, f).strip()]
        for f in fields
        if getattr(office, f) != getattr(new, f).strip()
    }
    if not changes:
        return
    for f, (_old, value) in changes.items():
        setattr(office, f, value)
    session.flush()
    audit.record(session, actor, "office.change", "office", office.id, changes)


class Saved(list[str]):
    """The names of what changed; `lapsed`, the agreements a lowered waiver threshold sent back
    to wait for a supervisor's approval (app/agreements/lapse_note.py says them)."""

    lapsed: tuple[str, ...] = ()


def save_settings(session: Session, actor: User, change: SettingsChange) -> Saved:
    """Validate everything, then apply what differs; returns the names of what changed."""
    require(actor, Permission.EDIT_SETTINGS)
    office = get_office(session)
    if office is None:
        raise ValidationError("Set up the office first.")
    if change.office is not None:
        check_office(change.office, office.timezone)
    jurisdiction = (change.jurisdiction or "").strip().lower() or None
    if jurisdiction is not None and jurisdiction not in JURISDICTIONS:
        raise FieldError(
            "jurisdiction",
            "Unknown rule set {name}; choose cn, us or uk.",
            name=change.jurisdiction,
        )
    # The office's today, on its clock as it will be after this change.
    zone = change.office.timezone.strip() if change.office is not None else office.timezone
    today = dt.datetime.now(zoneinfo.ZoneInfo(zone)).date()
    for key, value in change.values.items():
        check_setting(key, value, today)
    # Settings that bind everyone are the admin's: how backups are made and kept (none kept
    # deletes every copy), as the folder and schedule are; how accounts are protected (lockout,
    # idle lock), the admins' own accounts too.
    for prefix, permission, msgid in ADMIN_ONLY:
        keys = [
            key
            for key, value in change.values.items()
            if key.startswith(prefix) and settings.get(session, key) != value
        ]
        if keys and not can(actor, permission):
            raise PermissionDenied(msgid, keys=keys)
    check_backups_kept(session, change.values)
    changed = Saved()
    if change.office is not None:
        before = office_details(session)
        _update_office(session, actor, office, change.office)
        changed += [
            f"office.{f}"
            for f in ("name", "address", "safety_contact", "timezone", "phone")
            if getattr(before, f) != getattr(change.office, f).strip()
        ]
    if jurisdiction is not None and jurisdiction != office.jurisdiction:
        from app.compliance import select_jurisdiction

        select_jurisdiction(session, actor, jurisdiction)
        changed.append("jurisdiction")
    for key, value in change.values.items():
        if settings.get(session, key) == value:
            continue
        if key in BACKUP_KEYS:  # the backups' own door: admin only, folder checked
            from app.backups import configure

            configure(session, actor, **{BACKUP_KEYS[key]: value or ""})
        else:
            changed.lapsed += settings.put(session, actor, key, value)
        changed.append(key)
    return changed


def rebuilds_queue(user: User, changed: list[str]) -> bool:
    """Whether what was saved asks for the queue to be rebuilt now, and `user` may do it."""
    asks = any(key in REBUILDS_QUEUE or key.startswith(REBUILDS_QUEUE_PREFIX) for key in changed)
    return asks and can(user, Permission.REBUILD_QUEUE)


def set_user_language(session: Session, user: User, language: str | None) -> bool:
    """The logged-in user chooses their own language (None: the system's); True when changed."""
    if language is not None and language not in SUPPORTED:
        raise FieldError(
            "language",
            "Unknown language {lang}; choose one of: {choices}.",
            lang=language,
            choices=list(SUPPORTED),
        )
    me = session.get(User, user.id, populate_existing=True)
    if me is None or not me.active:
        raise ValidationError("Unknown user {name}.", name=user.username)
    if me.language == language:
        return False
    with saving(session, "User", me.username, audit_id=me.id):
        old, me.language = me.language, language
        audit.record(session, me, "user.language", "user", me.id, {"language": [old, language]})
    return True
