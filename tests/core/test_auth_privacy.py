"""Accounts, permissions, masking and the audit chain."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import audit
from app.audit_seal import is_sealed, open_changes
from app.auth import Permission, add_user, authenticate, can, require
from app.errors import AuthenticationError, PermissionDenied, ValidationError
from app.models import AuditEntry, Role, User
from app.office import create_office
from app.privacy import mask_id, mask_phone, normalise_mobile, normalise_resident_id

COMMON = r"The password is one of the first that anyone tries \(a common word or keyboard run"


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


def test_an_older_hash_still_logs_in_and_is_rehashed(office, office_hasher):
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
        # The typed reason is sealed with the borrower's key (app/audit_seal.py), and opens.
        assert is_sealed(entry.changes["reason"])
        assert "Checking identity" not in str(entry.changes)
        assert open_changes(s, entry.changes) == {
            "what": "national_id",
            "reason": "Checking identity for a visit",
        }
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


def test_a_display_name_is_held_to_its_limit_when_an_account_is_added(office) -> None:
    """Adding an account refuses a display name over MAX_DISPLAY_NAME characters (counted as
    characters: 100 Chinese ones fit), in the reader's language; nothing is saved."""
    from app.accounts import add_account
    from app.auth import MAX_DISPLAY_NAME
    from app.i18n import set_language

    assert MAX_DISPLAY_NAME == 100
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        with pytest.raises(ValidationError, match=r"too long \(at most 100 characters\)"):
            add_account(s, admin, "longname", "agent", "Kestrel-42", "张" * 101)
        with pytest.raises(ValidationError, match="too long"):
            add_user(s, admin, "longname", "agent", "pw-agent", "x" * 101)
        set_language("zh_CN")
        try:
            with pytest.raises(ValidationError) as refused:
                add_account(s, admin, "longname", "agent", "Kestrel-42", "张" * 101)
            assert refused.value.translated() == "显示名称过长（最多 100 个字符）。"
        finally:
            set_language(None)
        assert s.scalar(select(User.id).where(User.username == "longname")) is None
        fits = add_account(s, admin, "fits", "agent", "Kestrel-42", "  " + "张" * 100 + " ")
        assert fits.display_name == "张" * 100
        assert add_account(s, admin, "blank", "agent", "Kestrel-42", "   ").display_name == "blank"


def test_the_first_admins_display_name_is_held_to_the_same_limit(db) -> None:
    with db.session() as s, pytest.raises(ValidationError, match="display name is too long"):
        create_office(
            s, name="网点", admin_username="boss", admin_password="pw-a", admin_name="周" * 101
        )


# --- one password rule on every route; wrong current passwords count; activation -------------


def _user_row(db, name: str) -> User:
    with db.session() as s:
        user = s.scalar(select(User).where(User.username == name))
        s.expunge(user)
        return user


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("abcd", "The password needs at least 8 characters."),
        (" " * 8, "The password is too simple: mix letters with digits or other characters."),
        (" \t\u3000\u2003" * 3, "The password is too simple"),  # only spaces, of four kinds
        ("aaaaaaaaaaaa", "The password is too simple"),
        ("xx-Agent01X-9", "The password must not contain the user name."),
        # Found by QA: the first passwords anyone tries mix kinds of characters, and passed.
        ("Password1", COMMON),
        ("P@ssw0rd!", COMMON),
        ("qwerty2026", COMMON),
        ("1qaz2wsx", COMMON),
        ("Welcome-2026", COMMON),
    ],
)
def test_every_route_holds_a_chosen_password_to_the_one_rule(office, password, message) -> None:
    """Adding an account, an admin's reset and changing one's own password refuse what the
    first-run wizard refuses (app.setup.check_admin_password), and save nothing."""
    from app.accounts import add_account, change_own_password, reset_password

    before = _user_row(office, "agent01").password_hash
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        with pytest.raises(ValidationError, match=message):
            add_account(s, admin, "agent01x", "agent", password)
        with pytest.raises(ValidationError, match=message):
            reset_password(s, admin, "agent01", password)
    user_id = _user_row(office, "agent01").id
    with pytest.raises(ValidationError, match=message):
        change_own_password(office.sessions, user_id, "pw-agent", password)
    assert _user_row(office, "agent01").password_hash == before
    with office.session() as s:
        assert s.scalar(select(User.id).where(User.username == "agent01x")) is None


def test_a_good_password_passes_every_route(office) -> None:
    from app.accounts import add_account, change_own_password, reset_password

    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        add_account(s, admin, "agent02", "agent", "Kestrel-42")
        reset_password(s, admin, "agent01", "Falcon-77x")
    change_own_password(office.sessions, _user_row(office, "agent01").id, "Falcon-77x", "Osprey-51")
    assert authenticate(office.sessions, "agent01", "Osprey-51").username == "agent01"
    assert authenticate(office.sessions, "agent02", "Kestrel-42").username == "agent02"


def test_a_wrong_current_password_counts_and_locks_the_account(office) -> None:
    """As at the login box: each wrong current password is committed to failed_logins though the
    change is refused; after the office's number in a row the account is locked, and a locked
    account cannot change its password even with the right one."""
    from app.accounts import change_own_password

    user_id = _user_row(office, "agent01").id
    for count in range(1, 5):
        with pytest.raises(AuthenticationError, match="current password is wrong"):
            change_own_password(office.sessions, user_id, "wrong", "Osprey-51")
        assert _user_row(office, "agent01").failed_logins == count
    with pytest.raises(
        AuthenticationError, match="wrong; nothing was changed. This account is now locked until"
    ):
        change_own_password(office.sessions, user_id, "wrong", "Osprey-51")
    locked = _user_row(office, "agent01")
    assert locked.locked_until is not None and locked.failed_logins == 0
    with pytest.raises(AuthenticationError, match="locked until"):
        change_own_password(office.sessions, user_id, "pw-agent", "Osprey-51")
    with pytest.raises(AuthenticationError, match="locked until"):
        authenticate(office.sessions, "agent01", "pw-agent")
    with office.session() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert "user.locked" in actions and "user.password_change" not in actions


def test_a_right_current_password_clears_the_count(office) -> None:
    from app.accounts import change_own_password

    user_id = _user_row(office, "agent01").id
    with pytest.raises(AuthenticationError):
        change_own_password(office.sessions, user_id, "wrong", "Osprey-51")
    change_own_password(office.sessions, user_id, "pw-agent", "Osprey-51")
    assert _user_row(office, "agent01").failed_logins == 0


def test_a_deactivated_account_is_activated_again(office) -> None:
    from app.accounts import activate_user, add_account, deactivate_user, reset_password

    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        agent = s.scalar(select(User).where(User.username == "agent01"))
        with pytest.raises(ValidationError, match="agent01 is already active."):
            activate_user(s, admin, "agent01")
        deactivate_user(s, admin, "agent01")
        assert reset_password(s, admin, "agent01", "Falcon-77x") is False  # stays inactive
        with pytest.raises(ValidationError, match="belongs to an inactive account"):
            add_account(s, admin, "agent01", "agent", "Kestrel-42")
        with pytest.raises(PermissionDenied):
            activate_user(s, agent, "agent01")
    with pytest.raises(AuthenticationError):
        authenticate(office.sessions, "agent01", "Falcon-77x")
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        activate_user(s, admin, "agent01")
    assert authenticate(office.sessions, "agent01", "Falcon-77x").active
    with office.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "user.activate")).one()
        assert entry.entity == "user" and "Falcon" not in str(entry.changes)
