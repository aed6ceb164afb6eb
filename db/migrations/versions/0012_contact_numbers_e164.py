"""Contact attempts logged before numbers were compared in E.164 count toward the daily cap per
number: their numbers are written the way the core writes a number now.

Until then the number was stored as typed ("138 0013 8000", "+86-138-0013-8000") and a call or SMS
logged without one stored none, so those attempts did not count toward the cap of unanswered
attempts per number (CN: 6 a day) against the same number written another way. Each stored number
is rewritten by the core's own rule (app/contacts.py `dialled`: the numbers on file for the case's
borrower and the contact's related person matched first, else parsed as a Chinese number); one
that is not a phone number is left as it was. A number already in E.164 and on file is what that
rule gives back: only the others are read row by row (the reference office of 100,000 cases, whose
290,000 attempts need no rewriting: about 2 s; with a tenth of them typed by hand and one call or
SMS in twenty without a number: about 10 s).

A call or SMS logged without a number gets the number on file when only one can have been dialled
(the core now takes a call without a number to be to the number on file): the borrower's, when they
have exactly one (Casedesk never changes a stored number: the importer adds a borrower's mobile with
the borrower and refuses a re-import with another), and a named related person's own. A borrower
with several numbers keeps no number on those attempts: which one was dialled is not known.

Plain statements, no change of schema: the same on SQLite and PostgreSQL. Downgrading leaves the
numbers as they are (the earlier code reads an E.164 number like any other).

Revision ID: 0012_contact_numbers_e164
Revises: 0011_borrower_other_readings
"""

import re
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012_contact_numbers_e164"
down_revision = "0011_borrower_other_readings"
branch_labels = None
depends_on = None

BATCH = 5000
CHUNK = 500  # values per IN list (SQLite's bound-parameter limit, with room to spare)
E164 = re.compile(r"\+[1-9]\d{6,14}")
PHONE_CHANNELS = ("CALL", "SMS")  # as stored: SQLAlchemy's Enum stores the member's name

contact = sa.table(
    "contact_attempt",
    sa.column("id", sa.Integer()),
    sa.column("case_id", sa.Integer()),
    sa.column("channel", sa.String()),
    sa.column("party", sa.String()),
    sa.column("related_person_id", sa.Integer()),
    sa.column("phone_number", sa.String()),
)
case = sa.table("case", sa.column("id", sa.Integer()), sa.column("loan_id", sa.Integer()))
loan = sa.table("loan", sa.column("id", sa.Integer()), sa.column("borrower_id", sa.Integer()))
phone = sa.table("phone", sa.column("borrower_id", sa.Integer()), sa.column("number", sa.String()))
person = sa.table("related_person", sa.column("id", sa.Integer()), sa.column("phone", sa.String()))


def _to_rewrite(connection: sa.Connection) -> list[str]:
    """The stored numbers `dialled` might write otherwise: all but the numbers on file in E.164,
    which it gives back as they are. The borrowers' are looked up through the index on each side;
    the related persons' (only a demo office has any) are read whole when some number is not a
    borrower's."""
    values = list(
        connection.execute(
            sa.select(contact.c.phone_number).where(contact.c.phone_number.is_not(None)).distinct()
        ).scalars()
    )
    on_file: set[str] = set()
    for start in range(0, len(values), CHUNK):
        on_file.update(
            connection.execute(
                sa.select(phone.c.number).where(phone.c.number.in_(values[start : start + CHUNK]))
            ).scalars()
        )
    if any(n not in on_file for n in values):
        on_file.update(connection.execute(sa.select(person.c.phone)).scalars())
    return [n for n in values if not (n in on_file and E164.fullmatch(n))]


def _normalise(connection: sa.Connection) -> None:
    """Rewrite each number as `dialled` does when the contact is logged (once per number and
    the numbers it is matched against)."""
    values = _to_rewrite(connection)
    if not values:
        return
    from app.contacts import dialled  # loaded only when there is a number to rewrite
    from app.errors import ValidationError

    rows: list[sa.Row[int, str, int, str | None]] = []
    for start in range(0, len(values), CHUNK):
        rows += connection.execute(
            sa.select(contact.c.id, contact.c.phone_number, loan.c.borrower_id, person.c.phone)
            .select_from(contact)
            .join(case, case.c.id == contact.c.case_id)
            .join(loan, loan.c.id == case.c.loan_id)
            .outerjoin(person, person.c.id == contact.c.related_person_id)
            .where(contact.c.phone_number.in_(values[start : start + CHUNK]))
        ).all()
    borrowers = sorted({borrower_id for _id, _number, borrower_id, _person in rows})
    numbers: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(borrowers), CHUNK):
        for borrower_id, number in connection.execute(
            sa.select(phone.c.borrower_id, phone.c.number).where(
                phone.c.borrower_id.in_(borrowers[start : start + CHUNK])
            )
        ):
            numbers[borrower_id].append(number)
    written: dict[tuple[str, tuple[str, ...]], str] = {}
    changed = []
    for attempt_id, number, borrower_id, person_phone in rows:
        known = tuple(numbers[borrower_id]) + ((person_phone,) if person_phone else ())
        key = (number, known)
        if key not in written:
            try:
                written[key] = dialled(number, known)
            except ValidationError:  # not a phone number: left as it was
                written[key] = number
        if written[key] != number:
            changed.append({"aid": attempt_id, "number": written[key]})
    update = (
        contact.update()
        .where(contact.c.id == sa.bindparam("aid"))
        .values(phone_number=sa.bindparam("number"))
    )
    for start in range(0, len(changed), BATCH):
        connection.execute(update, changed[start : start + BATCH])


def _fill_missing(connection: sa.Connection) -> None:
    """A call or SMS without a number: the one number on file it can have been to."""
    unnumbered = sa.and_(contact.c.phone_number.is_(None), contact.c.channel.in_(PHONE_CHANNELS))

    def borrower_numbers(*columns: Any) -> sa.ScalarSelect[Any]:
        return (
            sa.select(*columns)
            .select_from(case)
            .join(loan, loan.c.id == case.c.loan_id)
            .join(phone, phone.c.borrower_id == loan.c.borrower_id)
            .where(case.c.id == contact.c.case_id)
            .scalar_subquery()
        )

    connection.execute(
        contact.update()
        .where(
            unnumbered,
            contact.c.party == "BORROWER",
            contact.c.related_person_id.is_(None),
            borrower_numbers(sa.func.count()) == 1,
        )
        .values(phone_number=borrower_numbers(phone.c.number))
    )
    person_number = (
        sa.select(person.c.phone)
        .where(person.c.id == contact.c.related_person_id)
        .scalar_subquery()
    )
    connection.execute(
        contact.update()
        .where(
            unnumbered,
            contact.c.party != "BORROWER",
            contact.c.related_person_id.is_not(None),
            person_number != "",
        )
        .values(phone_number=person_number)
    )


def upgrade() -> None:
    connection = op.get_bind()
    _normalise(connection)
    _fill_missing(connection)


def downgrade() -> None:
    pass  # the numbers as the core writes them read as well with the earlier code
