"""An amount typed into a money field, read as the core reads the command line's: the office's
own currency sign or code may go with it ("$500.00" in a US office), another's is refused."""

from __future__ import annotations

from app.money import to_minor
from app.office import office_currency
from db.store import Database


def typed_money(database: Database, text: str) -> int:
    """`text` in minor units, the office's currency sign allowed (app/money.py)."""
    with database.sessions() as session:
        return to_minor(text, office_currency(session))
