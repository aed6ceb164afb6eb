"""The Settings dialog's door (app.office_settings) and the first-run set-up (app.setup): every
change audited, a bad value refused naming its field with nothing saved, roles respected."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import settings
from app.auth import authenticate
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, Office, User
from app.office_settings import (
    FieldError,
    OfficeDetails,
    SettingsChange,
    office_details,
    save_settings,
    set_user_language,
)
from app.setup import (
    check_admin_password,
    create_office_database,
    password_strength,
)
from tests.conftest import TEST_KEY
from tests.office_day import office_today


def _audits(session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_admin_saves_office_rules_weights_and_security_in_one_go(demo_db) -> None:
    admin = authenticate(demo_db.sessions, "admin", "demo")
    with demo_db.session(write_lock=True) as s:
        details = office_details(s)
        details.address = "成都市高新区天府大道 1 号"
        details.safety_contact = "王经理 138 0000 0000"
        details.timezone = "Asia/Chongqing"
        changed = save_settings(
            s,
            admin,
            SettingsChange(
                details,
                "uk",
                {"priority.weight.dpd": 40, "security.idle_lock_minutes": 5},
            ),
        )
    assert set(changed) == {
        "office.address",
        "office.safety_contact",
        "office.timezone",
        "jurisdiction",
        "priority.weight.dpd",
        "security.idle_lock_minutes",
    }
    with demo_db.sessions() as s:
        office = s.scalar(select(Office))
        assert (office.timezone, office.jurisdiction) == ("Asia/Chongqing", "uk")
        assert settings.get(s, "priority.weight.dpd") == 40
        entry = _audits(s, "office.change")[-1]
        assert entry.changes["timezone"] == ["Asia/Shanghai", "Asia/Chongqing"]
        assert _audits(s, "ruleset.select") and len(_audits(s, "setting.change")) >= 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (SettingsChange(OfficeDetails("", "", "", "Asia/Shanghai")), "name"),
        (SettingsChange(OfficeDetails("Office", "", "", "Mars/Olympus")), "timezone"),
        (SettingsChange(values={"priority.weight.dpd": 500}), "priority.weight.dpd"),
        (
            SettingsChange(values={"priority.weight.recovery_chance": 101}),
            "priority.weight.recovery_chance",
        ),
        (SettingsChange(values={"priority.weight.action_due": -1}), "priority.weight.action_due"),
        (SettingsChange(values={"security.idle_lock_minutes": -1}), "security.idle_lock_minutes"),
        (SettingsChange(values={"backup.schedule": "hourly"}), "backup.schedule"),
        (SettingsChange(jurisdiction="fr"), "jurisdiction"),
        # A date that is not one would have stopped the queue (its date is read at every list).
        (SettingsChange(values={"queue.as_of": "notadate"}), "queue.as_of"),
        (SettingsChange(values={"queue.as_of": "2025-13-01"}), "queue.as_of"),
        (SettingsChange(OfficeDetails("Office", "", "", "Asia/Shanghai", "1" * 41)), "phone"),
    ],
)
def test_a_bad_value_names_its_field_and_saves_nothing(demo_db, change, field) -> None:
    admin = authenticate(demo_db.sessions, "admin", "demo")
    with demo_db.sessions() as s:
        before = s.scalar(select(func.count(AuditEntry.id)))
    # A good value alongside the bad one is not saved either.
    change.values.setdefault("security.lockout_minutes", 20)
    with pytest.raises(FieldError) as caught, demo_db.session(write_lock=True) as s:
        save_settings(s, admin, change)
    assert caught.value.field == field
    with demo_db.sessions() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == before
        assert settings.get(s, "security.lockout_minutes") == 15


def test_roles(demo_db) -> None:
    agent = authenticate(demo_db.sessions, "agent01", "demo")
    supervisor = authenticate(demo_db.sessions, "supervisor", "demo")
    with pytest.raises(PermissionDenied), demo_db.session() as s:
        save_settings(s, agent, SettingsChange(values={"priority.weight.dpd": 1}))
    with pytest.raises(PermissionDenied), demo_db.session() as s:
        save_settings(s, supervisor, SettingsChange(jurisdiction="us"))
    with demo_db.session() as s:  # a supervisor changes weights; the unchanged rule set is fine
        assert save_settings(
            s, supervisor, SettingsChange(jurisdiction="cn", values={"priority.weight.dpd": 26})
        ) == ["priority.weight.dpd"]


def test_only_an_admin_changes_how_many_backups_are_kept(demo_db) -> None:
    supervisor = authenticate(demo_db.sessions, "supervisor", "demo")
    admin = authenticate(demo_db.sessions, "admin", "demo")
    none_kept = {"backup.keep_daily": 0, "backup.keep_weekly": 0, "backup.keep_monthly": 0}
    with pytest.raises(PermissionDenied, match="Only an admin changes how backups"):
        with demo_db.session() as s:
            save_settings(s, supervisor, SettingsChange(values=dict(none_kept)))
    with demo_db.sessions() as s:
        assert settings.get(s, "backup.keep_daily") == settings.DEFAULTS["backup.keep_daily"]
    with demo_db.session() as s:  # unchanged values a supervisor's form sends back are fine
        kept = {k: settings.get(s, k) for k in none_kept}
        assert save_settings(s, supervisor, SettingsChange(values=kept)) == []
    with demo_db.session() as s:
        assert save_settings(s, admin, SettingsChange(values={"backup.keep_daily": 3})) == [
            "backup.keep_daily"
        ]


def test_at_least_one_backup_is_kept(demo_db) -> None:
    """Daily, weekly and monthly backups kept all 0 would leave the newest backup alone: refused
    whether the change sets all three or the last of them, under the field it sets."""
    admin = authenticate(demo_db.sessions, "admin", "demo")
    none_kept = {"backup.keep_daily": 0, "backup.keep_weekly": 0, "backup.keep_monthly": 0}
    said = "Keep at least one backup: daily, weekly and monthly backups kept cannot all be 0."
    with demo_db.session() as s, pytest.raises(FieldError) as refused:
        save_settings(s, admin, SettingsChange(values=dict(none_kept)))
    assert (refused.value.field, refused.value.translated("en")) == ("backup.keep_daily", said)
    assert refused.value.translated("zh_CN") == (
        "请至少保留一份备份：每日、每周和每月保留的备份数不能都为 0。"
    )
    with demo_db.session() as s:  # two of them 0 is fine
        two = {"backup.keep_daily": 0, "backup.keep_weekly": 0}
        assert save_settings(s, admin, SettingsChange(values=two)) == list(two)
    with demo_db.session() as s, pytest.raises(FieldError) as refused:
        save_settings(s, admin, SettingsChange(values={"backup.keep_monthly": 0}))
    assert refused.value.field == "backup.keep_monthly"
    with demo_db.sessions() as s:
        assert settings.get(s, "backup.keep_monthly") == settings.DEFAULTS["backup.keep_monthly"]
        assert (
            s.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.entity_id == "backup.keep_monthly"
                )
            )
            == 0
        )


def test_a_queue_date_stored_before_dates_were_checked_reads_as_today(demo_db) -> None:
    admin = authenticate(demo_db.sessions, "admin", "demo")
    with demo_db.session() as s:
        settings.put(s, admin, "queue.as_of", "notadate")  # as an older release let it be
    with demo_db.sessions() as s:
        assert settings.as_of(s) == office_today()


def test_each_user_chooses_their_own_language(demo_db) -> None:
    agent = authenticate(demo_db.sessions, "agent01", "demo")
    with demo_db.session() as s:
        assert set_user_language(s, agent, "zh_CN") is True
    with demo_db.session() as s:
        assert set_user_language(s, agent, "zh_CN") is False  # nothing to change
        assert s.scalar(select(User.language).where(User.username == "agent01")) == "zh_CN"
        assert _audits(s, "user.language")[-1].changes == {"language": [None, "zh_CN"]}
        assert s.scalar(select(User.language).where(User.username == "agent02")) is None
    with pytest.raises(FieldError), demo_db.session() as s:
        set_user_language(s, agent, "fr")


def test_admin_password_rules() -> None:
    assert password_strength("short") == 0
    assert password_strength("aaaaaaaaaaaa") == 1
    assert password_strength("Secret-2026!") == 4
    for password, repeat in (
        ("Secret-2026", "Secret-2027"),
        ("Sh0rt!", "Sh0rt!"),
        ("abcdefgh", "abcdefgh"),
        ("admin-2026x", "admin-2026x"),
    ):
        with pytest.raises(ValidationError):
            check_admin_password(password, repeat, "admin")
    check_admin_password("Secret-2026", "Secret-2026", "admin")


def test_create_office_database_is_all_or_nothing(tmp_path) -> None:
    from db.store import open_database

    path = tmp_path / "data" / "casedesk.db"
    with pytest.raises(ValidationError):
        create_office_database(
            path,
            TEST_KEY,
            office="Branch",
            admin="admin",
            password="Secret-2026",
            currency="XYZ",
            timezone="Asia/Shanghai",
            jurisdiction="cn",
            make_folder=True,
        )
    assert not path.exists()
    create_office_database(
        path,
        TEST_KEY,
        office="Branch",
        admin="boss",
        password="Secret-2026",
        currency="USD",
        timezone="America/New_York",
        jurisdiction="us",
        make_folder=True,
    )
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            office = s.scalar(select(Office))
            assert (office.currency, office.jurisdiction) == ("USD", "us")
        assert authenticate(database.sessions, "boss", "Secret-2026").role.value == "admin"
    finally:
        database.close()
    with pytest.raises(ValidationError):
        create_office_database(
            path,
            TEST_KEY,
            office="Again",
            admin="admin",
            password="Secret-2026",
            currency="CNY",
            timezone="Asia/Shanghai",
            jurisdiction="cn",
        )
