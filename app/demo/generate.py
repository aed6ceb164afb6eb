"""The demo office's rows, made from the seed alone: a generator of batches of writer calls.

`generate` runs in a child process during a build (app/demo/pipeline.py) or in the building
process itself; it never touches the database, so everything it needs comes in a `Plan`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from faker import Faker

from app.demo.activity import ActivityBuilder
from app.demo.cases import CaseBuilder
from app.demo.context import NO_LIMIT, Context
from app.demo.fieldwork import FieldworkBuilder
from app.demo.ledger import LedgerBuilder, Product
from app.demo.people import (
    SEGMENT_AGES,
    PeopleBuilder,
    Person,
    Pools,
    areas_for,
    make_pools,
)
from app.demo.staff import add_sequences_and_settings, add_staff, add_training
from app.models import Base

BATCH_LOANS = 2_000
SECOND_LOAN_SHARE = 0.03

# One writer call: (model, None, dict rows) for Writer.add, (model, columns, flat values) for
# Writer.add_rows. A batch is the calls since the last one, and the loans made so far (or None).
Call = tuple[type[Base], Sequence[str] | None, list[Any]]
Batch = tuple[list[Call], int | None]


@dataclass(frozen=True)
class Plan:
    """What the generator needs from the office made before it (all picklable)."""

    seed: int
    loans: int
    as_of: dt.date
    key: bytes  # the office's hash key (resident ID hashes)
    admin_id: int
    password_hash: str  # every demo user shares the admin's
    first_user: int
    products: dict[str, Product]
    courses: list[tuple[int, int, int, str]]  # id, validity months, pass mark, required for
    ruleset_version_id: int
    third_party_findings: list[dict[str, Any]]
    quiet_hours_findings: list[dict[str, Any]]
    override_findings: list[dict[str, Any]]
    latest: dt.datetime = NO_LIMIT  # the build's moment: nothing done is stamped after it
    holiday_country: str | None = None  # whose public holidays agreement plans keep off
    paused_findings: list[dict[str, Any]] | None = None  # a try on a case a complaint pauses
    number_findings: list[dict[str, Any]] | None = None  # a call on a number found wrong


class Recorder:
    """Stands in for app/demo/writer.py's Writer: keeps the calls for the process that writes."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def add(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        if rows:
            self.calls.append((model, None, rows))

    def add_rows(self, model: type[Base], columns: Sequence[str], values: list[Any]) -> None:
        if values:
            self.calls.append((model, columns, values))

    def take(self) -> list[Call]:
        """The calls recorded since the last take."""
        calls, self.calls = self.calls, []
        return calls


def prepare(seed: int, as_of: dt.date | None = None) -> Pools:
    """What the rows are drawn from that needs only the seed (can be made before the office).

    With `as_of`, the areas valid in each birth year a borrower can have are looked up now too
    (else when first needed).
    """
    faker = Faker("zh_CN")
    faker.seed_instance(seed)
    pools = make_pools(faker)
    if as_of is not None:
        oldest = max(high for _, high in SEGMENT_AGES.values()) + 2  # + up to a year of days
        youngest = min(low for low, _ in SEGMENT_AGES.values())
        for year in range(as_of.year - oldest, as_of.year - youngest + 1):
            areas_for(year, False)
            areas_for(year, True)
    return pools


def generate(plan: Plan, pools: Pools | None = None) -> Iterator[Batch]:
    """Staff, training, then the loans in batches of BATCH_LOANS, then sequences and settings.

    `pools`: what `prepare(plan.seed)` returned, if it was made already.
    """
    rng = random.Random(plan.seed)
    pools = pools or prepare(plan.seed)
    recorder = Recorder()
    ctx = Context(rng, plan.as_of, recorder)  # type: ignore[arg-type]  # the writer's two calls
    ctx.ruleset_version_id = plan.ruleset_version_id
    ctx.third_party_findings = plan.third_party_findings
    ctx.quiet_hours_findings = plan.quiet_hours_findings
    ctx.override_findings = plan.override_findings
    ctx.paused_findings = plan.paused_findings
    ctx.number_findings = plan.number_findings
    ctx.latest = plan.latest
    ctx.holiday_country = plan.holiday_country
    as_of, loans = plan.as_of, plan.loans
    add_staff(ctx, pools, plan.admin_id, plan.password_hash, loans, plan.first_user)
    add_training(ctx, plan.courses)
    yield recorder.take(), None
    people = PeopleBuilder(ctx, pools, plan.key)
    ledger = LedgerBuilder(ctx, plan.products)
    activity = ActivityBuilder(ctx)
    cases = CaseBuilder(ctx, activity, FieldworkBuilder(ctx, activity))
    previous: tuple[Person, dt.date] | None = None
    early = as_of - dt.timedelta(days=90)
    for done in range(1, loans + 1):
        if previous is not None and previous[1] < early and rng.random() < SECOND_LOAN_SHARE:
            person, first = previous
            disbursed = ctx.day_between(first + dt.timedelta(days=60), as_of - dt.timedelta(days=1))
            previous = None
        else:
            disbursed = ledger.disbursement_date()
            person = people.borrower(disbursed - dt.timedelta(days=rng.randint(1, 20)))
            previous = (person, disbursed)
        cases.add(ledger.book(person, disbursed))
        if done % BATCH_LOANS == 0 or done == loans:
            # The phones of a borrower with a case still to come (the next loan may be theirs,
            # a reinstated loan's new case comes at the end) are written after it.
            later = {facts.person.id for facts in cases.reinstated}
            if previous is not None:
                later.add(previous[0].id)
            people.flush(later)
            ledger.flush()
            cases.flush()
            yield recorder.take(), done
    cases.open_reinstated()
    people.flush()
    cases.flush()
    yield recorder.take(), None
    add_sequences_and_settings(ctx, plan.seed, loans)
    yield recorder.take(), None
