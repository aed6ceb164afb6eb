"""Alembic in-process: upgrades from every earlier revision keep the data and back up first; the
models match the migrated schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from db.engine import make_engine
from db.migrate import current_revision, head_revision, known_revisions, upgrade
from db.store import open_database
from tests.conftest import TEST_KEY


def _revisions_oldest_first() -> list[str]:
    from alembic.script import ScriptDirectory

    from db.migrate import _config

    walked = [s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()]
    return list(reversed(walked))


REVISIONS = _revisions_oldest_first()
FIRST = REVISIONS[0]

# Written against the FIRST revision's schema; later migrations must carry these rows forward.
SEED_SQL = [
    "INSERT INTO office (id, name, legal_name, address, phone, currency, timezone, jurisdiction,"
    " safety_contact, created_at) VALUES (1, '东城网点', '', '', '', 'CNY', 'Asia/Shanghai', 'cn',"
    " '', '2025-01-02 03:04:05')",
    "INSERT INTO user (id, username, display_name, role, password_hash, active, phone,"
    " field_capacity, failed_logins, created_at, version) VALUES (1, 'zhang', '张伟', 'AGENT',"
    " 'x', 1, '', 0, 2, '2025-01-02 03:04:05', 1)",
    "INSERT INTO borrower (id, borrower_no, name, national_id, national_id_hash, gender, segment,"
    " timezone, employer, contact_refused, has_lawyer, do_not_visit, do_not_call_at_work,"
    " e_opt_out, vulnerable, quiet_hours_consent, created_at, version) VALUES (1, 'B0001',"
    " '李娜', '11010519491231002X', 'h', 'F', 'MATURE', 'Asia/Shanghai', '', 0, 0, 1, 0, 0, 0, 0,"
    " '2025-01-02 03:04:05', 1)",
    "INSERT INTO phone (id, borrower_id, number, kind, is_primary, valid) VALUES"
    " (1, 1, '13812345678', 'mobile', 1, 1)",
    "INSERT INTO loan_product (id, code, kind, name_zh, name_en, schedule_type, annual_rate_bp,"
    " late_fee) VALUES (1, 'PCL', 'CONSUMER', '个人消费贷款', 'Personal consumer loan',"
    " 'EQUAL_INSTALMENT', 1440, 5000)",
    "INSERT INTO loan (id, loan_no, borrower_id, product_id, principal, annual_rate_bp,"
    " term_months, schedule_type, disbursed_on, first_due_on, home_visit_consent,"
    " third_party_consent, status, credit_balance, created_at) VALUES (1, 'L0001', 1, 1,"
    " 1200000, 1440, 12, 'EQUAL_INSTALMENT', '2024-01-15', '2024-02-15', 1, 0, 'ACTIVE', 0,"
    " '2025-01-02 03:04:05')",
    "INSERT INTO instalment (id, loan_id, seq, due_on, principal_due, interest_due, fee_due,"
    " principal_paid, interest_paid, fee_paid) VALUES (1, 1, 1, '2024-02-15', 100000, 14400, 0,"
    " 50000, 14400, 0)",
    "INSERT INTO instalment (id, loan_id, seq, due_on, principal_due, interest_due, fee_due,"
    " principal_paid, interest_paid, fee_paid) VALUES (2, 1, 2, '2024-03-15', 100000, 14400, 0,"
    " 0, 0, 0)",
    # Paid on 2024-03-15: to the first instalment late (due 02-15), to the second on its day.
    "INSERT INTO payment (id, loan_id, paid_on, amount, method, reference, credit_amount,"
    " created_at, created_by_id) VALUES (1, 1, '2024-03-15', 60000, 'transfer', NULL, 0,"
    " '2025-01-02 03:04:05', NULL)",
    "INSERT INTO payment_allocation (id, payment_id, instalment_id, fee, interest, principal)"
    " VALUES (1, 1, 1, 0, 0, 50000), (2, 1, 2, 0, 10000, 0)",
]

CHECK_SQL = {
    "SELECT name, timezone FROM office": [("东城网点", "Asia/Shanghai")],
    "SELECT username, display_name, role, failed_logins FROM user": [("zhang", "张伟", "AGENT", 2)],
    # Accounts stored before 0021 are not asked to change their password.
    "SELECT username, must_change_password FROM user": [("zhang", 0)],
    # No borrower stored before 0022 is erased.
    "SELECT count(*) FROM borrower_erasure": [(0,)],
    # No borrower stored before 0023 has a data key: one is made when a value is first sealed.
    "SELECT count(*) FROM borrower_key": [(0,)],
    # No case stored before 0025 has a note.
    "SELECT count(*) FROM case_note": [(0,)],
    "SELECT borrower_no, name, national_id, do_not_visit FROM borrower": [
        ("B0001", "李娜", "11010519491231002X", 1)
    ],
    # The name in pinyin and its initials (0010) are filled for borrowers stored before it.
    "SELECT name_pinyin, name_typed FROM borrower": [("li na", "lina ln")],
    "SELECT borrower_id, number FROM phone": [(1, "13812345678")],
    "SELECT loan_no, principal, term_months, home_visit_consent FROM loan": [
        ("L0001", 1200000, 12, 1)
    ],
    "SELECT seq, principal_due, principal_paid FROM instalment": [
        (1, 100000, 50000),
        (2, 100000, 0),
    ],
    "SELECT paid_on, amount FROM payment": [("2024-03-15", 60000)],
    # The payment's date and the late flag (0009) are filled for allocations made before it.
    "SELECT id, principal, interest, paid_on, late FROM payment_allocation ORDER BY id": [
        (1, 50000, 0, "2024-03-15", 1),
        (2, 0, 10000, "2024-03-15", 0),
    ],
}


def seeded_at(path: Path, revision: str) -> Engine:
    """A new office file holding SEED_SQL's rows, upgraded to `revision` (the engine left open)."""
    engine = make_engine(path, TEST_KEY, must_exist=False)
    upgrade(engine, FIRST)
    with engine.begin() as conn:
        for sql in SEED_SQL:
            conn.execute(text(sql))
    upgrade(engine, revision)
    return engine


def test_head_constant_names_the_newest_revision() -> None:
    from db.migrations import HEAD

    assert HEAD == head_revision()
    assert REVISIONS[-1] == head_revision()
    assert set(REVISIONS) == known_revisions()


@pytest.mark.parametrize("start", REVISIONS)
def test_upgrade_from_every_revision_keeps_the_data(start: str, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = seeded_at(path, start)
    assert current_revision(engine) == start
    engine.dispose()

    database = open_database(path, TEST_KEY)  # upgrades in-process, backing up first
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            for sql, expected in CHECK_SQL.items():
                assert [tuple(r) for r in conn.execute(text(sql))] == expected, sql
        backups = sorted(tmp_path.glob("old.db.before-*.bak"))
        if start == head_revision():
            assert database.backup_before_upgrade is None and backups == []
        else:
            assert database.backup_before_upgrade in backups and len(backups) == 1
    finally:
        database.close()
    if start != head_revision():  # the backup is the old database, still at the old revision
        old = open_database(backups[0], TEST_KEY, upgrade=False)
        try:
            assert current_revision(old.engine) == start
        finally:
            old.close()


def test_0011_spells_the_other_readings_of_stored_names(tmp_path: Path) -> None:
    """Borrowers spelled by 0010 (the sorting reading only) are found by their other readings
    after 0011; a name without such characters is left as it was."""
    path = tmp_path / "old.db"
    engine = seeded_at(path, "0010_borrower_name_pinyin")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO borrower (id, borrower_no, name, name_pinyin, name_typed,"
                " national_id, national_id_hash, gender, segment, timezone, employer,"
                " contact_refused, has_lawyer, do_not_visit, do_not_call_at_work, e_opt_out,"
                " vulnerable, quiet_hours_consent, created_at, version) VALUES (2, 'B0002',"
                " '张长生', 'zhang zhang sheng', 'zhangzhangsheng zzs', '110105194912310038',"
                " 'h2', 'M', 'MATURE', 'Asia/Shanghai', '', 0, 0, 0, 0, 0, 0, 0,"
                " '2025-01-02 03:04:05', 1)"
            )
        )
    engine.dispose()
    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, name_typed FROM borrower ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [
            (1, "lina ln"),
            (2, "zhangzhangsheng zzs zhangchangsheng zcs"),
        ]
    finally:
        database.close()


# Borrower 2 has one number on file, borrower 3 two; related person 1 (borrower 2's) has one.
CONTACT_SEED_SQL = [
    "INSERT INTO borrower (id, borrower_no, name, name_pinyin, name_typed, national_id,"
    " national_id_hash, gender, segment, timezone, employer, contact_refused, has_lawyer,"
    " do_not_visit, do_not_call_at_work, e_opt_out, vulnerable, quiet_hours_consent, created_at,"
    " version) VALUES (2, 'B0002', '王芳', 'wang fang', 'wangfang wf', '110105194912310038',"
    " 'h2', 'F', 'MATURE', 'Asia/Shanghai', '', 0, 0, 0, 0, 0, 0, 0, '2025-01-02 03:04:05', 1),"
    " (3, 'B0003', '赵磊', 'zhao lei', 'zhaolei zl', '110105194912310046', 'h3', 'M', 'MATURE',"
    " 'Asia/Shanghai', '', 0, 0, 0, 0, 0, 0, 0, '2025-01-02 03:04:05', 1)",
    "INSERT INTO phone (id, borrower_id, number, kind, is_primary, valid) VALUES"
    " (2, 2, '+8613800138000', 'mobile', 1, 1), (3, 3, '+8613900139000', 'mobile', 1, 1),"
    " (4, 3, '+8610612345678', 'home', 0, 1)",
    "INSERT INTO related_person (id, borrower_id, name, relation, phone, consent_to_contact,"
    " do_not_contact) VALUES (1, 2, '王强', 'SIBLING', '+8613700137000', 0, 0)",
    "INSERT INTO loan (id, loan_no, borrower_id, product_id, principal, annual_rate_bp,"
    " term_months, schedule_type, disbursed_on, first_due_on, home_visit_consent,"
    " third_party_consent, status, credit_balance, created_at) VALUES (2, 'L0002', 2, 1,"
    " 1200000, 1440, 12, 'EQUAL_INSTALMENT', '2024-01-15', '2024-02-15', 1, 1, 'ACTIVE', 0,"
    " '2025-01-02 03:04:05'), (3, 'L0003', 3, 1, 1200000, 1440, 12, 'EQUAL_INSTALMENT',"
    " '2024-01-15', '2024-02-15', 1, 1, 'ACTIVE', 0, '2025-01-02 03:04:05')",
    'INSERT INTO "case" (id, case_no, loan_id, status, opened_on, dpd, bucket, amount_overdue,'
    " score, paused, created_at, version) VALUES"
    " (1, 'C2024-000001', 1, 'CONTACTED', '2024-02-16', 30, 'M1', 64400, 0, 0,"
    " '2024-02-16 01:00:00', 1),"
    " (2, 'C2024-000002', 2, 'CONTACTED', '2024-02-16', 30, 'M1', 114400, 0, 0,"
    " '2024-02-16 01:00:00', 1),"
    " (3, 'C2024-000003', 3, 'CONTACTED', '2024-02-16', 30, 'M1', 114400, 0, 0,"
    " '2024-02-16 01:00:00', 1)",
]
# (id, case, channel, party, related person, number as logged) -> the number after 0012.
CONTACTS = {
    (1, 2, "CALL", "BORROWER", None, "138 0013 8000"): "+8613800138000",
    (2, 2, "CALL", "BORROWER", None, "+86-138-0013-8000"): "+8613800138000",
    (3, 2, "SMS", "BORROWER", None, "(0086) 138 0013 8000"): "+8613800138000",
    (4, 2, "CALL", "BORROWER", None, "+8613800138000"): "+8613800138000",
    (5, 2, "CALL", "BORROWER", None, "159 1234 5678"): "+8615912345678",  # not on file
    (6, 2, "CALL", "BORROWER", None, "12345"): "12345",  # not a phone number: as it was
    (7, 2, "CALL", "BORROWER", None, "ask the neighbour"): "ask the neighbour",
    (8, 2, "CALL", "BORROWER", None, None): "+8613800138000",  # the one number on file
    (9, 2, "SMS", "BORROWER", None, None): "+8613800138000",
    (10, 2, "LETTER", "BORROWER", None, None): None,
    (11, 2, "VISIT", "BORROWER", None, None): None,
    (12, 2, "CALL", "RELATIVE", 1, None): "+8613700137000",  # the person's own number
    (13, 2, "CALL", "RELATIVE", 1, "137-0013-7000"): "+8613700137000",
    (14, 2, "CALL", "OTHER", None, None): None,  # nobody named: no number known
    (15, 3, "CALL", "BORROWER", None, None): None,  # two numbers on file: which one is unknown
    (16, 3, "CALL", "BORROWER", None, "010 1234 5678"): "+861012345678",
    # Borrower 1's number is on file as '13812345678': the core matches it as stored.
    (17, 1, "CALL", "BORROWER", None, "138-1234-5678"): "13812345678",
}


def test_0012_writes_stored_contact_numbers_as_the_core_does(tmp_path: Path) -> None:
    """Numbers logged as typed are stored in E.164 after 0012 (so they count toward the daily
    cap per number), matched first to the numbers on file as the core does; a text that is no
    phone number stays; a call without a number gets the only number on file it can have been
    to, and none when the borrower has several."""
    from app.contacts import dialled

    path = tmp_path / "old.db"
    engine = seeded_at(path, "0011_borrower_other_readings")
    with engine.begin() as conn:
        for sql in CONTACT_SEED_SQL:
            conn.execute(text(sql))
        for attempt_id, case_id, channel, party, person, number in CONTACTS:
            conn.execute(
                text(
                    "INSERT INTO contact_attempt (id, case_id, agent_id, channel, party,"
                    " related_person_id, phone_number, at, outcome, notes, verdict, created_at)"
                    " VALUES (:id, :case, 1, :channel, :party, :person, :number,"
                    " '2024-03-01 02:00:00', 'NO_ANSWER', '', 'ALLOWED', '2024-03-01 02:00:00')"
                ),
                {
                    "id": attempt_id,
                    "case": case_id,
                    "channel": channel,
                    "party": party,
                    "person": person,
                    "number": number,
                },
            )
    engine.dispose()
    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, phone_number FROM contact_attempt ORDER BY id"))
            stored = {attempt_id: number for attempt_id, number in rows}
        assert stored == {key[0]: number for key, number in CONTACTS.items()}
    finally:
        database.close()
    # What the core logs for the same typing today (the daily cap counts the same number).
    assert dialled("138 0013 8000", ("+8613800138000",)) == stored[1]
    assert dialled("138-1234-5678", ("13812345678",)) == stored[17]


# Loan 1: promises 1 and 2 were both judged kept by the one payment of 600.00 on 2024-03-15 (the
# earlier rule: each promise counted every payment in its window). Loan 2: promise 3 was judged
# broken before the transfer of 2024-04-05 was posted, promise 4 kept by it: not how the core
# would share them now, but no payment counts twice. Loan 3: promise 5 was made at 07:30 in
# Beijing (23:30 the day before in UTC) and judged kept by a payment made the evening before.
PROMISE_SEED_SQL = [
    "INSERT INTO payment (id, loan_id, paid_on, amount, method, reference, credit_amount,"
    " created_at, created_by_id) VALUES"
    " (2, 2, '2024-04-05', 50000, 'transfer', NULL, 0, '2024-04-09 02:00:00', NULL),"
    " (3, 3, '2024-05-09', 40000, 'transfer', NULL, 0, '2024-05-09 12:00:00', NULL)",
    "INSERT INTO promise (id, case_id, amount, due_on, status, paid_amount, evaluated_on,"
    " created_at) VALUES"
    " (1, 1, 60000, '2024-03-16', 'KEPT', 60000, '2024-03-17', '2024-03-10 02:00:00'),"
    " (2, 1, 60000, '2024-03-20', 'KEPT', 60000, '2024-03-21', '2024-03-12 02:00:00'),"
    " (3, 2, 50000, '2024-04-06', 'BROKEN', 0, '2024-04-07', '2024-04-01 02:00:00'),"
    " (4, 2, 50000, '2024-04-10', 'KEPT', 50000, '2024-04-11', '2024-04-02 02:00:00'),"
    " (5, 3, 40000, '2024-05-15', 'KEPT', 40000, '2024-05-16', '2024-05-09 23:30:00')",
    "UPDATE \"case\" SET computed_as_of = '2024-05-20'",
]
PROMISES_BEFORE = {
    1: ("KEPT", 60000, "2024-03-17"),
    2: ("KEPT", 60000, "2024-03-21"),
    3: ("BROKEN", 0, "2024-04-07"),
    4: ("KEPT", 50000, "2024-04-11"),
    5: ("KEPT", 40000, "2024-05-16"),
}


def _office_at_0012_with_promises(path: Path) -> None:
    """A database at 0012 holding the promises above and one audit entry (chained with the key)."""
    from sqlalchemy.orm import Session

    from app import audit
    from db.engine import audit_key

    engine = seeded_at(path, "0012_contact_numbers_e164")
    with engine.begin() as conn:
        for sql in CONTACT_SEED_SQL + PROMISE_SEED_SQL:
            conn.execute(text(sql))
    with Session(engine, info={"audit_key": audit_key(TEST_KEY)}) as session:
        audit.record(session, None, "queue.rebuild", "case", "", {"as_of": "2024-05-20"})
        session.commit()
    engine.dispose()


def _promises(conn) -> dict[int, tuple[str, int, str]]:
    rows = conn.execute(text("SELECT id, status, paid_amount, evaluated_on FROM promise"))
    return {pid: (status, paid, str(on)) for pid, status, paid, on in rows}


def test_0013_judges_again_promises_that_counted_one_payment_twice(tmp_path: Path) -> None:
    """Two promises both judged kept by one payment: the later-due one is judged again (broken),
    as is a promise kept by a payment made before the office-local day it was made; each change
    is a system entry on the case's audit trail, whose chain still verifies; the loan whose
    judgements its payments can give is left as it was. The cases changed are rebuilt on the
    first start, their broken promises counted."""
    from zoneinfo import ZoneInfo

    from app.audit import verify_chain
    from app.audit_words import Reader
    from app.cases.daily import rebuild_due, rebuild_if_due
    from app.labels import AUDIT_ACTION, label
    from app.models import AuditEntry, Case, CaseStatus

    path = tmp_path / "old.db"
    _office_at_0012_with_promises(path)
    database = open_database(path, TEST_KEY)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            assert _promises(conn) == {
                **PROMISES_BEFORE,
                2: ("BROKEN", 0, "2024-03-21"),  # the day it was judged is kept
                5: ("BROKEN", 0, "2024-05-16"),
            }
            cleared = conn.execute(text('SELECT id, computed_as_of FROM "case" ORDER BY id'))
            assert [tuple(r) for r in cleared] == [(1, None), (2, "2024-05-20"), (3, None)]
        with database.session() as s:
            assert verify_chain(s).intact and verify_chain(s).checked == 3
            entries = s.scalars(
                select(AuditEntry).where(AuditEntry.action == "promise.rejudge")
            ).all()
            assert [(e.user_id, e.entity, e.entity_id, e.changes) for e in entries] == [
                (
                    None,
                    "case",
                    "C2024-000001",
                    {
                        "promise_id": 2,
                        "due_on": "2024-03-20",
                        "amount": 60000,
                        "old": {"status": "kept", "paid": 60000},
                        "new": {"status": "broken", "paid": 0},
                        "revision": "0013_promises_rejudged",
                    },
                ),
                (
                    None,
                    "case",
                    "C2024-000003",
                    {
                        "promise_id": 5,
                        "due_on": "2024-05-15",
                        "amount": 40000,
                        "old": {"status": "kept", "paid": 40000},
                        "new": {"status": "broken", "paid": 0},
                        "revision": "0013_promises_rejudged",
                    },
                ),
            ]
            # The Audit page and the case's timeline say it in words.
            reader = Reader("en", ZoneInfo("Asia/Shanghai"))
            assert label(AUDIT_ACTION, entries[0].action, "en") == "Promise judged again"
            assert reader.describe(entries[0].action, entries[0].changes) == (
                "Status: Kept → Broken; Paid: 600.00 → 0.00; Due on: 2024-03-20; "
                "Amount: 600.00; Database version: 13"
            )
            assert rebuild_due(s)  # the cases changed are not current: the first start rebuilds
        assert rebuild_if_due(database) is not None
        with database.session() as s:
            case = s.scalar(select(Case).where(Case.id == 1))
            assert case.status is CaseStatus.PROMISE_BROKEN
            assert case.score_breakdown["broken_promises"] > 0
            assert not rebuild_due(s)
    finally:
        database.close()


def test_0013_without_the_office_key_changes_nothing(tmp_path: Path) -> None:
    """Judging promises again must be audited: an upgrade given no key to chain the entries with
    stops, and the database stays at 0012 as it was."""
    from app.errors import DatabaseError

    path = tmp_path / "old.db"
    _office_at_0012_with_promises(path)
    engine = make_engine(path, TEST_KEY)
    try:
        with pytest.raises(DatabaseError):
            upgrade(engine)
        assert current_revision(engine) == "0012_contact_numbers_e164"
        with engine.connect() as conn:
            assert _promises(conn) == PROMISES_BEFORE
            assert conn.execute(text("SELECT count(*) FROM audit_entry")).scalar() == 1
    finally:
        engine.dispose()


# SQLite's reflection cannot read an index on an expression (ix_loan_loan_no_lower), so the
# comparison leaves it out and says so; tests/db/test_migration_0026.py checks it is there.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_models_match_the_migrated_schema(db) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.models import Base

    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_an_upgrade_backs_up_first_and_the_backup_opens(
    template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup-then-upgrade path, run for real even while there is one revision: the program
    is told its head is newer than the file, so it must copy the file before migrating."""
    import shutil

    import db.migrations

    path = Path(shutil.copyfile(template_db, tmp_path / "c.db"))
    seed = open_database(path, TEST_KEY)
    with seed.session() as session:
        session.execute(text(SEED_SQL[0]))
    seed.close()
    monkeypatch.setattr(db.migrations, "HEAD", "a_newer_head")
    database = open_database(path, TEST_KEY)
    try:
        backup = database.backup_before_upgrade
        assert backup is not None and backup.parent == tmp_path
        assert backup.name.startswith("c.db.before-" + head_revision())
    finally:
        database.close()
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"
    copy = open_database(backup, TEST_KEY, upgrade=False)
    try:
        with copy.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM office")).scalar() == "东城网点"
    finally:
        copy.close()
