"""The demo office: a whole, consistent, reproducible office for trying and benchmarking.

`build_demo` fills an empty database with borrowers, loans, payments, cases and their history.
Rows are made from the seed alone with ids assigned there (app/demo/generate.py: the big tables'
as flat lists of stored values, the rest as dicts), for a big build in a child process on the
second core (app/demo/pipeline.py), and written in one transaction by app/demo/writer.py here,
most of the big tables' secondary indexes built after the load: 100,000 loans take under a
minute on a quiet host (README, "Measured figures").
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app import audit
from app.agreements.holiday_dates import office_holiday_country
from app.cases.rebuild import rebuild_queue
from app.compliance import Action, History, Verdict, active_ruleset, check, startup_check
from app.compliance import Context as RuleContext
from app.demo.agreement_trail import record_agreement_trail
from app.demo.booking_flags import record_booking_flags
from app.demo.complaint_history import record_complaints
from app.demo.contact_trail import record_contact_trail
from app.demo.context import NO_LIMIT, OFFICE_ZONE, Progress, build_moment
from app.demo.every_state import record_every_state
from app.demo.generate import Plan
from app.demo.history import number_in_drafting_order, number_in_receiving_order
from app.demo.ledger import Product
from app.demo.legal_trail import record_legal_decisions
from app.demo.loading import build_session, sort_threads
from app.demo.number_trail import record_confirmations
from app.demo.pipeline import RowSource
from app.demo.staff import demo_logins
from app.demo.writer import Writer
from app.errors import ValidationError
from app.gcpause import gc_paused
from app.models import (
    Address,
    Base,
    Borrower,
    Case,
    Channel,
    ContactAttempt,
    Course,
    Instalment,
    Loan,
    LoanProduct,
    Outcome,
    Party,
    Payment,
    PaymentAllocation,
    Phone,
    RelatedPerson,
    User,
    VerdictKind,
)
from app.office import create_office
from app.privacy import hash_key
from db.engine import page_cache
from db.store import Database

__all__ = ["DemoLogin", "DemoSummary", "build_demo"]

OFFICE_NAME = "惠普金融 · 示范营业部"
SAFETY_CONTACT = "主管 值班电话 400-800-0000"  # whom agents on a visit call when in danger
# What the agreements print as the lender's address and phone (without them, a printed demo
# agreement had fill-in lines there and the Agreements page said the office lacked them).
OFFICE_ADDRESS = "上海市黄浦区示范路 1 号 8 楼"
OFFICE_PHONE = "021-6000 0000"

MINUTE = dt.timedelta(minutes=1)
LOAD_CACHE_KIB = -131_072  # 128 MiB: what a two-process build caches while loading


def build_cache_kib(loans: int) -> int:
    """The build's page cache (negative: KiB): 8 KiB a loan, at least 256 MiB, at most 1 GiB."""
    # A 100,000-loan office is about 500 MB: cached whole, no page is written out, and read and
    # decrypted again, before the commit (the deferred indexes read the big tables back).
    return -min(max(262_144, 8 * loans), 1_048_576)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


@dataclass
class DemoSummary:
    """What a demo build made: rows per table, time taken, and who can log in."""

    office_name: str
    seed: int
    as_of: dt.date
    counts: dict[str, int]
    seconds: float
    write_seconds: float = 0.0
    logins: list[DemoLogin] = field(default_factory=list)

    @property
    def loans(self) -> int:
        return self.counts.get("loan", 0)


def typical_findings(
    session: Session, as_of: dt.date
) -> tuple[int, list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """The rule set in force, and what it says about a third-party call, a 22:30 call and a
    third-party call before the borrower was tried three times (a supervisor's override)."""
    ruleset, version_id = active_ruleset(session)
    noon = dt.datetime.combine(as_of, dt.time(12), dt.UTC)

    def relative_called(failed_before: int) -> Verdict:
        return check(
            Action(Channel.CALL, Party.RELATIVE, noon, Outcome.CONNECTED, related_person_id=1),
            RuleContext(
                related_person_consent=True,
                third_party_consent=True,
                history=History(consecutive_failed_attempts=failed_before),
            ),
            ruleset,
        )

    third, early = relative_called(3), relative_called(1)
    late = dt.datetime.combine(as_of, dt.time(22, 30), zoneinfo.ZoneInfo("Asia/Shanghai"))
    quiet = check(
        Action(Channel.CALL, Party.BORROWER, late, Outcome.NO_ANSWER), RuleContext(), ruleset
    )
    return (
        version_id,
        [f.as_json() for f in third.findings],
        [f.as_json() for f in quiet.findings],
        # Empty when the rule set in force asks no override there: the demo then makes none.
        [f.as_json() for f in early.findings] if early.kind is VerdictKind.NEEDS_OVERRIDE else [],
    )


def paused_findings(session: Session, as_of: dt.date) -> list[dict[str, object]] | None:
    """What the rule set in force says of a call on a case an open complaint pauses: its
    findings if it blocks the call (the demo then records such a try as blocked), else None
    (a rule set without the rule: the demo makes no such try)."""
    ruleset, _ = active_ruleset(session)
    noon = dt.datetime.combine(as_of, dt.time(4), dt.UTC)  # noon in the office
    verdict = check(
        Action(Channel.CALL, Party.BORROWER, noon, Outcome.NO_ANSWER),
        RuleContext(case_paused=True),
        ruleset,
    )
    return [f.as_json() for f in verdict.findings] if verdict.kind is VerdictKind.BLOCKED else None


def wrong_number_findings(session: Session, as_of: dt.date) -> list[dict[str, object]] | None:
    """What the rule set in force says of a call to the borrower on a number a contact found
    wrong: its findings if it asks a supervisor's override (the demo's few such calls are then
    recorded as let through, app/demo/numbers.py), else None (made as any other call)."""
    ruleset, _ = active_ruleset(session)
    noon = dt.datetime.combine(as_of, dt.time(4), dt.UTC)  # noon in the office
    found = (noon - dt.timedelta(days=1), Outcome.WRONG_NUMBER.value)
    verdict = check(
        Action(Channel.CALL, Party.BORROWER, noon, Outcome.CONNECTED),
        RuleContext(history=History(number_found_invalid=found)),
        ruleset,
    )
    kind = verdict.kind
    return [f.as_json() for f in verdict.findings] if kind is VerdictKind.NEEDS_OVERRIDE else None


BULK_TABLES: list[Table] = [
    cast(Table, m.__table__)
    for m in (
        Borrower,
        Loan,
        Case,
        Instalment,
        Payment,
        PaymentAllocation,
        ContactAttempt,
        Phone,
        Address,
        RelatedPerson,
    )
]

# Secondary indexes the writing process keeps up to date during a two-process build (see
# build_demo); the others are built after the load. These take rows in key order (ids grow), at
# a few places (a status, an agent) or are small (the unpaid instalments', the payment dates'):
# kept up as rows arrive they cost the waiting writer less than a sort after the load. The big
# ones on due dates, times, names and numbers are updated all over: kept up, they would make the
# writer slower than the child (measured), so they are built once after the load.
LIVE_INDEXES = frozenset(
    (
        "ix_loan_borrower_id",
        "ix_loan_status",
        "ix_case_loan_id",
        "ix_case_agent_status",
        "ix_case_status",
        "ix_instalment_unpaid",
        "ix_instalment_unpaid_by_loan",
        "ix_payment_paid_on",
        "ix_payment_loan_paid_on",
        "ix_payment_allocation_payment_id",
        "ix_payment_allocation_instalment_id",
        "ix_payment_allocation_late",
        "ix_contact_attempt_agent_id",
        "ix_contact_attempt_case_at",
        "ix_phone_borrower_id",
        "ix_address_borrower_id",
        "ix_related_person_borrower_id",
    )
)


def build_demo(
    database: Database,
    *,
    loans: int,
    seed: int,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    new_file: bool = False,
    now: dt.datetime | None = None,
) -> DemoSummary:
    """Create the demo office in an empty database; the same seed and as_of give the same data.

    `now`: the build's moment (default the clock's); `as_of` defaults to its date on the office's
    clock. Built on its as-of day, the office's past is not stamped after that moment (its time of
    day on a later as-of day): calls, visits and complaints due later that day are still to come
    (app/demo/context.py, build_moment).

    `new_file`: the database is a brand-new file, deleted if the build fails (app.setup.building);
    the build then skips the crash protection such a file does not need (app/demo/loading.py).
    """
    if loans < 1:
        raise ValidationError("The demo needs at least one loan.")
    started = time.perf_counter()
    # Its today is the demo office's (Shanghai's), as the queue and the window count it: built on
    # a computer's clock, at 23:00 UTC its cases "due today" were due the office's yesterday.
    now = now or dt.datetime.now(dt.UTC)
    as_of = as_of or now.astimezone(OFFICE_ZONE).date()
    latest = build_moment(as_of, now)
    report = progress or (lambda stage, done, total: None)
    with (
        gc_paused(),
        RowSource(loans, seed, as_of) as source,
        build_session(database, new_file=new_file) as session,
    ):
        office, admin = create_office(
            session,
            name=OFFICE_NAME,
            admin_username="admin",
            admin_password="demo",
            admin_name="管理员",  # a Chinese office, like its staff's names
        )
        office.safety_contact = SAFETY_CONTACT  # on the visit sheet; Settings › Office edits it
        office.address, office.phone = OFFICE_ADDRESS, OFFICE_PHONE
        startup_check(session)  # checks the rule-set version create_office stored, as the app does
        version_id, third_party, quiet_hours, overridden = typical_findings(session, as_of)
        plan = Plan(
            seed=seed,
            loans=loans,
            as_of=as_of,
            key=hash_key(session),
            admin_id=admin.id,
            password_hash=admin.password_hash,
            first_user=(session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) or 0) + 1,
            products={
                p.code: Product(p.id, p.code, p.annual_rate_bp, p.schedule_type)
                for p in session.scalars(select(LoanProduct))
            },
            courses=[
                (c.id, c.validity_months, c.pass_mark, c.required_for)
                for c in session.scalars(select(Course).order_by(Course.id))
            ],
            ruleset_version_id=version_id,
            third_party_findings=third_party,
            quiet_hours_findings=quiet_hours,
            override_findings=overridden,
            latest=latest,
            holiday_country=office_holiday_country(session),
            paused_findings=paused_findings(session, as_of),
            number_findings=wrong_number_findings(session, as_of),
        )
        connection = session.connection()
        # A big page cache for this one long transaction (index pages are reread otherwise);
        # the connection goes back to the pool afterwards, so the old size is restored below.
        old_cache = page_cache(connection, build_cache_kib(loans))  # SQLite only (db/engine.py)
        parallel = source.parallel
        # Without a second process, secondary indexes of the big tables are built once after
        # the load (one sort each) instead of being updated row by row. With one, this process
        # mostly waits for rows: it keeps LIVE_INDEXES up to date while the child makes more.
        deferred = [
            ix
            for t in BULK_TABLES
            for ix in t.indexes
            if not ix.unique and not (parallel and ix.name in LIVE_INDEXES)
        ]
        for index in deferred:
            index.drop(connection)
        writer = Writer(connection)
        if parallel:
            # A small cache while loading: full pages are encrypted and written out as the
            # cache fills, while this process waits for rows anyway, not all at the commit.
            page_cache(connection, LOAD_CACHE_KIB)
        report("staff", 0, loans)
        for calls, done in source.batches(plan):
            for model, columns, rows in calls:
                if columns is None:
                    writer.add(model, rows)
                else:
                    writer.add_rows(model, columns, rows)
            if done is not None:
                report("loans", done, loans)
        report("indexes", loans, loans)
        page_cache(connection, build_cache_kib(loans))
        with sort_threads(connection, 2):  # the child is done: its core helps sort
            for index in deferred:
                index.create(connection)
        number_in_drafting_order(session)
        number_in_receiving_order(session)  # before the complaints' trail, which names them
        record_agreement_trail(session, as_of, latest)  # drafted, approved, signed, cancelled
        record_complaints(session, as_of, now if latest is NO_LIMIT else latest + MINUTE)
        record_booking_flags(session, seed, as_of, latest)
        record_contact_trail(session, as_of, latest)
        record_legal_decisions(session, as_of, latest)  # each loan sent to legal: who, when, why
        record_confirmations(session)  # numbers found wrong that their borrowers confirmed since
        # States a small office holds only by chance, through the use cases, after all else.
        record_every_state(session, seed, as_of, latest)
        audit.record(
            session,
            admin,
            "demo.build",
            "office",
            office.id,
            {"seed": seed, "as_of": as_of.isoformat(), "rows": dict(sorted(writer.counts.items()))},
        )
        report("queue", loans, loans)
        # Scores, statuses and next actions come from the one queue rebuild, as in the office.
        rebuild_queue(session, None, as_of)
        counts = {
            t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in sorted(Base.metadata.sorted_tables, key=lambda t: t.name)
        }
        page_cache(connection, old_cache)
        report("done", loans, loans)
    return DemoSummary(
        office_name=OFFICE_NAME,
        seed=seed,
        as_of=as_of,
        counts=counts,
        seconds=round(time.perf_counter() - started, 2),
        write_seconds=round(writer.seconds, 2),
        logins=[DemoLogin(*login) for login in demo_logins(loans)],
    )
