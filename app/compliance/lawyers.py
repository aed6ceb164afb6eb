"""The borrower's lawyers on file: related persons whose relation is lawyer. The stop list sends
contact to them (DOMAIN: stop list, lawyer/attorney), so a contact with one is no third-party
contact (app/compliance/third_party_rules.py), and the stop_lawyer rule's advice names one."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from app.compliance.prepared import fetch
from app.models import RelatedPerson, Relationship


@cache
def _lawyers() -> Select[*tuple[Any, ...]]:
    """The borrower's lawyers, removed ones too (kept for their contacts), oldest first."""
    r = RelatedPerson
    return (
        select(r.id, r.name, r.active)
        .where(
            r.borrower_id == bindparam("borrower_id"),
            r.relation == bindparam("lawyer", Relationship.LAWYER, type_=r.relation.type),
        )
        .order_by(r.id)
    )


def _rows(session: Session, borrower_id: int) -> list[Any]:
    return fetch(session, _lawyers(), {"borrower_id": borrower_id, "lawyer": Relationship.LAWYER})


def lawyer_ids(session: Session, borrower_id: int) -> set[int]:
    """The ids of the borrower's lawyers: contacts with them were no third-party contacts."""
    return {row[0] for row in _rows(session, borrower_id)}


def lawyer_on_file(session: Session, borrower_id: int) -> tuple[int, str] | None:
    """The borrower's first lawyer still listed, with a name: (person id, name); else None."""
    listed = ((row[0], row[1]) for row in _rows(session, borrower_id) if row[2] and row[1])
    return next(listed, None)
