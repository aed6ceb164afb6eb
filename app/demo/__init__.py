"""The demo office: a whole, consistent, reproducible office for trying and benchmarking.

`build_demo` fills an empty database with borrowers, loans, payments, cases and their history.
Rows are made with ids assigned here (the big tables' as flat tuples of stored values, the rest
as dicts) and written in one transaction by app/demo/writer.py, with the big tables' secondary
indexes built after the load: 100,000 loans take about a minute (README, "Measured figures").
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo
from dataclasses import dataclass, field

from faker import Faker
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit
from app.cases.rebuild import rebuild_queue
from app.compliance import Action, History, active_ruleset, check, startup_check
from app.compliance import Context as RuleContext
from app.demo.activity import ActivityBuilder
from app.demo.cases import CaseBuilder
from app.demo.context import Context, Progress, Writer, gc_paused
from app.demo.fieldwork import FieldworkBuilder
from app.demo.ledger import LedgerBuilder, Product
from app.demo.loading import build_session
from app.demo.people import PeopleBuilder, Person, make_pools
from app.demo.staff import add_sequences_and_settings, add_staff, add_training
from app.errors import ValidationError
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
)
from app.office import create_office
from app.privacy import hash_key
from db.engine import page_cache
from db.store import Database

__all__ = ["DemoLogin", "DemoSummary", "build_demo"]

OFFICE_NAME = "惠普金融 · 示范营业部"
BATCH_LOANS = 2_000
SECOND_LOAN_SHARE = 0.03


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
) -> tuple[int, list[dict[str, object]], list[dict[str, object]]]:
    """The rule set in force, and what it says about a third-party call and a 22:30 call."""
    ruleset, version_id = active_ruleset(session)
    noon = dt.datetime.combine(as_of, dt.time(12), dt.UTC)
    third = check(
        Action(Channel.CALL, Party.RELATIVE, noon, Outcome.CONNECTED, related_person_id=1),
        RuleContext(
            related_person_consent=True,
            third_party_consent=True,
            history=History(consecutive_failed_attempts=3),
        ),
        ruleset,
    )
    late = dt.datetime.combine(as_of, dt.time(22, 30), zoneinfo.ZoneInfo("Asia/Shanghai"))
    quiet = check(
        Action(Channel.CALL, Party.BORROWER, late, Outcome.NO_ANSWER), RuleContext(), ruleset
    )
    return (
        version_id,
        [f.as_json() for f in third.findings],
        [f.as_json() for f in quiet.findings],
    )


BULK_TABLES = [
    m.__table__
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


def build_demo(
    database: Database,
    *,
    loans: int,
    seed: int,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    new_file: bool = False,
) -> DemoSummary:
    """Create the demo office in an empty database; the same seed and as_of give the same data.

    `new_file`: the database is a brand-new file, deleted if the build fails (app.setup.building);
    the build then skips the crash protection such a file does not need (app/demo/loading.py).
    """
    if loans < 1:
        raise ValidationError("The demo needs at least one loan.")
    started = time.perf_counter()
    as_of = as_of or dt.date.today()
    report = progress or (lambda stage, done, total: None)
    rng = random.Random(seed)
    faker = Faker("zh_CN")
    faker.seed_instance(seed)
    with gc_paused(), build_session(database, new_file=new_file) as session:
        office, admin = create_office(
            session, name=OFFICE_NAME, admin_username="admin", admin_password="demo"
        )
        key = hash_key(session)
        startup_check(session)  # stores the office's first rule-set version, as the app does
        products = {
            p.code: Product(p.id, p.code, p.annual_rate_bp, p.schedule_type)
            for p in session.scalars(select(LoanProduct))
        }
        courses = [
            (c.id, c.validity_months, c.pass_mark)
            for c in session.scalars(select(Course).order_by(Course.id))
        ]
        first_user = (session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) or 0) + 1
        connection = session.connection()
        # A big page cache for this one long transaction (index pages are reread otherwise);
        # the connection goes back to the pool afterwards, so the old size is restored below.
        old_cache = page_cache(connection, build_cache_kib(loans))  # SQLite only (db/engine.py)
        # Secondary indexes of the big tables are built once after the load (one sort each)
        # instead of being updated row by row; same definitions, from the models.
        deferred = [ix for t in BULK_TABLES for ix in t.indexes if not ix.unique]
        for index in deferred:
            index.drop(connection)
        ctx = Context(rng, as_of, Writer(connection))
        ctx.ruleset_version_id, ctx.third_party_findings, ctx.quiet_hours_findings = (
            typical_findings(session, as_of)
        )
        report("staff", 0, loans)
        pools = make_pools(faker)
        logins = add_staff(ctx, pools, admin.id, admin.password_hash, loans, first_user)
        add_training(ctx, courses)
        people = PeopleBuilder(ctx, pools, key)
        ledger = LedgerBuilder(ctx, products)
        activity = ActivityBuilder(ctx)
        cases = CaseBuilder(ctx, activity, FieldworkBuilder(ctx, activity))
        previous: tuple[Person, dt.date] | None = None
        for done in range(1, loans + 1):
            if (
                previous is not None
                and previous[1] < as_of - dt.timedelta(days=90)
                and rng.random() < SECOND_LOAN_SHARE
            ):
                person, first = previous
                disbursed = ctx.day_between(
                    first + dt.timedelta(days=60), as_of - dt.timedelta(days=1)
                )
                previous = None
            else:
                disbursed = ledger.disbursement_date()
                person = people.borrower(disbursed - dt.timedelta(days=rng.randint(1, 20)))
                previous = (person, disbursed)
            cases.add(ledger.book(person, disbursed))
            if done % BATCH_LOANS == 0 or done == loans:
                people.flush()
                ledger.flush()
                cases.flush()
                report("loans", done, loans)
        add_sequences_and_settings(ctx, seed, loans)
        report("indexes", loans, loans)
        for index in deferred:
            index.create(connection)
        audit.record(
            session,
            admin,
            "demo.build",
            "office",
            office.id,
            {
                "seed": seed,
                "as_of": as_of.isoformat(),
                "rows": dict(sorted(ctx.writer.counts.items())),
            },
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
        write_seconds = ctx.writer.seconds
    return DemoSummary(
        office_name=OFFICE_NAME,
        seed=seed,
        as_of=as_of,
        counts=counts,
        seconds=round(time.perf_counter() - started, 2),
        write_seconds=round(write_seconds, 2),
        logins=[DemoLogin(*login) for login in logins],
    )
