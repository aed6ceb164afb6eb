"""Accounts, permissions, masking and the audit chain."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import audit
from app.auth import Permission, add_user, authenticate, can, require
from app.errors import AuthenticationError, PermissionDenied, ValidationError
from app.models import AuditEntry, Role, User
from app.office import create_office
from app.privacy import mask_id, mask_phone, normalise_mobile, normalise_resident_id


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "agent01", "agent", "pw-agent")
    return db


def test_login_and_wrong_password_counted(office):
    user = authenticate(office.sessions, "admin", "pw-admin")
    assert user.role is Role.ADMIN and user.last_login_at is not None
    with pytest.raises(AuthenticationError):
        authenticate(office.sessions, "admin", "nope")
    with office.session() as s:
        assert s.scalar(select(User.failed_logins).where(User.username == "admin")) == 1
    with pytest.raises(AuthenticationError):
        authenticate(office.sessions, "ghost", "x")


def test_an_older_hash_still_logs_in_and_is_rehashed(office):
    """A hash made with argon2-cffi's old default (64 MiB, 3 passes, 4 lanes) verifies, and the
    login stores a new one with the office's parameters; a wrong password changes nothing."""
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash("pw-agent")
    with office.session() as s:
        s.scalars(select(User).where(User.username == "agent01")).one().password_hash = old
    with pytest.raises(AuthenticationError):
        authenticate(office.sessions, "agent01", "wrong")
    with office.session() as s:
        assert s.scalar(select(User.password_hash).where(User.username == "agent01")) == old
    authenticate(office.sessions, "agent01", "pw-agent")
    with office.session() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "agent01"))
    assert stored != old and stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert authenticate(office.sessions, "agent01", "pw-agent").username == "agent01"


def test_lockout_after_five_failures(office):
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            authenticate(office.sessions, "agent01", "bad")
    with pytest.raises(AuthenticationError, match="locked"):
        authenticate(office.sessions, "agent01", "pw-agent")  # even the right one, for now
    with office.session() as s:
        user = s.scalar(select(User).where(User.username == "agent01"))
        assert user.locked_until > dt.datetime.now(dt.UTC)


def test_role_checks_in_the_core(office):
    agent = authenticate(office.sessions, "agent01", "pw-agent")
    assert not can(agent, Permission.MANAGE_USERS)
    with pytest.raises(PermissionDenied):
        require(agent, Permission.VIEW_ALL_CASES)
    with pytest.raises(PermissionDenied), office.session() as s:
        add_user(s, agent, "sneaky", "admin", "pw-sneaky")
    with pytest.raises(ValidationError, match="Unknown role"), office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        add_user(s, admin, "bob", "boss", "pw-bob")
    with office.session() as s:
        assert s.scalar(select(User).where(User.username.in_(["sneaky", "bob"]))) is None


def test_audit_chain_links(office):
    with office.session() as s:
        audit.record(s, None, "test.action", "thing", 1, {"a": 1})
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert entries[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))


def test_masking_and_validation():
    assert normalise_resident_id("11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValidationError):
        normalise_resident_id("110105194912310021")
    assert mask_id("11010519491231002X") == "110105********002X"
    assert normalise_mobile("138 1234 5678") == "+8613812345678"
    assert mask_phone("+8613812345678") == "+86 138****5678"
    with pytest.raises(ValidationError):
        normalise_mobile("010 6552 9988")  # a Beijing landline is not a mobile


def test_reveal_needs_the_role_and_a_reason_and_is_audited(office):
    from app.models import Borrower, Phone, Segment
    from app.privacy import hash_key, id_hash, reveal

    nid = "11010519491231002X"
    with office.session() as s:
        b = Borrower(
            borrower_no="B1",
            name="张三",
            national_id=nid,
            national_id_hash=id_hash(hash_key(s), nid),
            segment=Segment.YOUNG,
            phones=[Phone(number="+8613812345678")],
        )
        s.add(b)
        s.flush()
        admin = s.scalar(select(User).where(User.username == "admin"))
        agent = s.scalar(select(User).where(User.username == "agent01"))
        assert reveal(s, admin, b.id, "national_id", "Checking identity for a visit") == [nid]
        assert reveal(s, admin, b.id, "phones", "Borrower asked to verify") == ["+8613812345678"]
        entry = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "personal_data.reveal")
            .order_by(AuditEntry.id)
        ).first()
        assert entry.changes == {"what": "national_id", "reason": "Checking identity for a visit"}
        assert nid not in str(entry.changes)
        with pytest.raises(PermissionDenied):
            reveal(s, agent, b.id, "national_id", "I would like to see it")
        with pytest.raises(ValidationError):
            reveal(s, admin, b.id, "national_id", "why")
        with pytest.raises(ValidationError):
            reveal(s, admin, b.id, "salary", "Checking identity for a visit")


def test_lockout_policy_is_an_office_setting(office):
    from app import settings

    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "security.max_failed_logins", 2)
        settings.put(s, admin, "security.lockout_minutes", 60)
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            authenticate(office.sessions, "agent01", "bad")
    with office.session() as s:
        user = s.scalar(select(User).where(User.username == "agent01"))
        left = user.locked_until - dt.datetime.now(dt.UTC)
        assert dt.timedelta(minutes=59) < left <= dt.timedelta(minutes=60)


@pytest.mark.parametrize(("lang", "name"), [("en", "Administrator"), ("zh_CN", "管理员")])
def test_the_first_admin_is_named_in_the_language_of_whoever_sets_up(db, lang, name) -> None:
    from app.i18n import set_language

    set_language(lang)
    try:
        with db.session() as s:
            _, admin = create_office(s, name="网点", admin_username="boss", admin_password="pw-a")
            assert admin.display_name == name
    finally:
        set_language(None)


def test_the_first_admin_can_be_given_a_name(db) -> None:
    with db.session() as s:
        _, admin = create_office(
            s, name="网点", admin_username="boss", admin_password="pw-a", admin_name="  周敏 "
        )
        assert admin.display_name == "周敏"
