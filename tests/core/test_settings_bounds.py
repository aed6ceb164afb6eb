"""Found by QA: `settings set security.max_failed_logins=0` was taken (every account, admins too,
then locked at its first wrong password) and `queue.as_of=2030-01-01` too (the queue showed
DPD 1,458). Every number now has a floor where zero breaks it, a date after the office's today
is refused, and the Settings dialog's boxes use the core's bounds (tests/ui/)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import func, select

from app import settings
from app.auth import authenticate
from app.errors import AuthenticationError, PermissionDenied, ValidationError
from app.models import AuditEntry, Office, User
from app.office_settings import MINIMUM, FieldError, SettingsChange, bounds, save_settings


def _save(database, values: dict, admin: User | None = None) -> list[str]:
    admin = admin or authenticate(database.sessions, "admin", "demo")
    with database.session(write_lock=True) as s:
        return save_settings(s, admin, SettingsChange(values=values))


@pytest.mark.parametrize(
    ("key", "low"),
    [
        ("security.max_failed_logins", 1),
        ("security.lockout_minutes", 1),
        ("assign.capacity_per_agent", 1),
        ("agreement.settlement_due_days", 1),
        ("queue.field_stage_min_dpd", 1),
        ("priority.full.dpd", 1),
        ("priority.full.days_since_contact", 1),
        ("priority.full.broken_promises", 1),
        ("visit.default_hours_minutes", 1),
    ],
)
def test_a_number_below_its_floor_is_refused_naming_it(demo_db, key, low) -> None:
    admin = authenticate(demo_db.sessions, "admin", "demo")
    with demo_db.sessions() as s:
        before = s.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(FieldError) as caught:
        _save(demo_db, {key: low - 1, "security.idle_lock_minutes": 3}, admin)
    assert caught.value.field == key
    assert str(caught.value).endswith(f"({key}) must be at least {low}.")
    with demo_db.sessions() as s:  # nothing saved, the good value beside it neither
        assert s.scalar(select(func.count(AuditEntry.id))) == before
        assert settings.get(s, key) == settings.DEFAULTS[key]
        assert settings.get(s, "security.idle_lock_minutes") == 10
    assert _save(demo_db, {key: low}) == [key]  # the floor itself is fine


def test_zero_wrong_passwords_no_longer_locks_every_account(demo_db) -> None:
    with pytest.raises(FieldError) as caught:
        _save(demo_db, {"security.max_failed_logins": 0})
    assert str(caught.value) == (
        "Wrong passwords before an account locks (security.max_failed_logins) must be at least 1."
    )
    assert caught.value.translated("zh_CN") == (
        "账户锁定前允许的密码错误次数（security.max_failed_logins）不能小于 1。"
    )
    with pytest.raises(AuthenticationError, match="Wrong user name"):
        authenticate(demo_db.sessions, "admin", "wrong")
    authenticate(demo_db.sessions, "admin", "demo")  # one wrong password did not lock it


def test_zero_stays_allowed_where_it_means_something(demo_db) -> None:
    """A weight of 0 turns its factor off; 0 idle minutes never locks; no waiver threshold."""
    values = {
        "priority.weight.dpd": 0,
        "security.idle_lock_minutes": 0,
        "agreement.waiver_approval_threshold": 0,
        "visit.checkout_grace_minutes": 0,
    }
    assert set(_save(demo_db, values)) == set(values)


def test_a_money_floor_reads_as_an_amount(demo_db) -> None:
    with pytest.raises(FieldError, match=r"must be at least 1\.00\.$"):
        _save(demo_db, {"priority.full.amount_overdue": 99})
    with pytest.raises(FieldError, match=r"\(priority.weight.dpd\) must be a whole number"):
        _save(demo_db, {"priority.weight.dpd": "50"})


def test_every_number_has_bounds_and_every_setting_a_label() -> None:
    for key, default in settings.DEFAULTS.items():
        assert key in settings.SETTING_LABELS, key
        if isinstance(default, int):
            low, top = bounds(key)
            assert low <= default and (top is None or default <= top), key
    assert set(MINIMUM) <= set(settings.DEFAULTS)


def _office_today(database) -> dt.date:
    with database.sessions() as s:
        zone = s.scalar(select(Office.timezone))
    return dt.datetime.now(zoneinfo.ZoneInfo(zone)).date()


def test_a_queue_date_after_the_offices_today_is_refused(demo_db) -> None:
    today = _office_today(demo_db)
    tomorrow = today + dt.timedelta(days=1)
    with pytest.raises(FieldError) as caught:
        _save(demo_db, {"queue.as_of": "2030-01-01"})
    assert caught.value.field == "queue.as_of"
    assert str(caught.value) == (
        f"Queue date (queue.as_of) cannot be after today ({today.isoformat()}): 2030-01-01."
    )
    assert "不能晚于今天" in caught.value.translated("zh_CN")
    with pytest.raises(FieldError):
        _save(demo_db, {"queue.as_of": tomorrow.isoformat()})
    with demo_db.sessions() as s:
        assert settings.get(s, "queue.as_of") is None
    # Today and a day gone by are what the setting is for; clearing it goes back to today.
    assert _save(demo_db, {"queue.as_of": today.isoformat()}) == ["queue.as_of"]
    assert _save(demo_db, {"queue.as_of": "2026-01-05"}) == ["queue.as_of"]
    assert _save(demo_db, {"queue.as_of": None}) == ["queue.as_of"]


def test_today_is_the_offices_after_a_time_zone_change_in_the_same_save(demo_db) -> None:
    """Kiritimati is 14 hours ahead of UTC: its today can be the computer's tomorrow."""
    from app.office_settings import office_details

    admin = authenticate(demo_db.sessions, "admin", "demo")
    kiritimati = dt.datetime.now(zoneinfo.ZoneInfo("Pacific/Kiritimati")).date()
    with demo_db.session(write_lock=True) as s:
        details = office_details(s)
        details.timezone = "Pacific/Kiritimati"
        change = SettingsChange(details, values={"queue.as_of": kiritimati.isoformat()})
        assert "queue.as_of" in save_settings(s, admin, change)


def test_a_settlement_cannot_default_past_the_furthest_payment_day(demo_db) -> None:
    """QA: settlement_due_days=400 was taken, and every settlement drafted without a date was
    then refused ("at most 366 days ahead") though the user gave none."""
    from app.agreements.plan import MAX_START_DAYS

    key = "agreement.settlement_due_days"
    assert bounds(key) == (1, MAX_START_DAYS)
    with pytest.raises(FieldError) as caught:
        _save(demo_db, {key: MAX_START_DAYS + 1})
    assert caught.value.field == key and f"at most {MAX_START_DAYS:,}" in str(caught.value)
    assert _save(demo_db, {key: MAX_START_DAYS}) == [key]


def test_how_accounts_are_protected_is_the_admins(demo_db) -> None:
    """QA: a supervisor set 100 wrong passwords before a lockout of one minute and no idle
    lock, for every account, the admins' too."""
    supervisor = authenticate(demo_db.sessions, "supervisor", "demo")
    weaker = {"security.max_failed_logins": 100, "security.lockout_minutes": 1}
    with pytest.raises(PermissionDenied) as refused:
        _save(demo_db, weaker, supervisor)
    assert "Only an admin changes how accounts are protected" in str(refused.value)
    with demo_db.sessions() as s:
        assert settings.get(s, "security.max_failed_logins") == 5
    same = {"security.max_failed_logins": 5, "priority.weight.dpd": 20}  # unchanged: fine
    assert _save(demo_db, same, supervisor) == ["priority.weight.dpd"]
    assert set(_save(demo_db, weaker)) == set(weaker)  # the admin may


def test_an_office_keeps_a_places_time_zone(demo_db) -> None:
    """QA: the wizard and Settings offered every name the zone database has: "Factory",
    "localtime", aliases such as US/Pacific and Hongkong, Etc/GMT+8 (which is UTC-8)."""
    from app.office import check_zone, office_zones
    from app.office_settings import OfficeDetails, office_details

    zones = office_zones()
    assert {"Asia/Shanghai", "Asia/Hong_Kong", "America/Los_Angeles", "UTC"} <= set(zones)
    assert not {"Factory", "localtime", "US/Pacific", "Hongkong", "PRC", "Etc/GMT+8"} & set(zones)
    assert list(zones) == sorted(zones)
    with pytest.raises(ValidationError, match="Factory is not the time zone of a place"):
        check_zone("Factory")
    assert check_zone("PRC", current="PRC") == "PRC"  # an office that already keeps it
    with demo_db.sessions() as s:
        details = office_details(s)
    for bad in ("Factory", "US/Pacific"):
        with pytest.raises(FieldError) as refused:
            with demo_db.session(write_lock=True) as s:
                moved = OfficeDetails(
                    details.name, details.address, details.safety_contact, bad, details.phone
                )
                admin = s.scalar(select(User).where(User.username == "admin"))
                save_settings(s, admin, SettingsChange(office=moved))
        assert refused.value.field == "timezone"
