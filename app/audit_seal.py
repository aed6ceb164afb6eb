"""A borrower's personal data in the audit trail, sealed with their own key (crypto-shredding).

The trail is append-only and each entry's HMAC chains to the previous one (app/audit.py), so an
erasure (app/erasure.py) cannot blank what an entry says. Instead a value that is a borrower's
personal data (a related person's name, a typed note or reason, who agreed to a late visit) is
written as {"sealed": "<base64>", "borrower": id}: AES-GCM under a key of that borrower's own
(table borrower_key, inside the encrypted database). The chain's HMAC covers the sealed form;
erasing the borrower deletes the key, and the value then reads "(erased)" while the chain still
verifies. Entries written before migration 0023 keep their values in clear.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.i18n import tr
from app.models import BorrowerErasure, BorrowerKey

SEALED = "sealed"
BORROWER = "borrower"
# What a sealed value reads once it no longer opens: its borrower was erased (the key is gone),
# or the key does not open it (the value was altered).
SHOWN = {"erased": "(erased)", "unreadable": "(cannot be read)"}
NONCE = 12


class ErasedValue(str):
    """A sealed value that no longer opens, in the reader's words: shown as it is, never read as
    a code, a yes/no or an amount (app.audit_words.Reader)."""


def _aad(borrower_id: int) -> bytes:
    return f"casedesk-audit:borrower:{borrower_id}".encode()


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def personal(session: Session, borrower_id: int | None, value: Any) -> Any:
    """`value` (anything JSON can hold) sealed with the borrower's key, made on first use; a value
    with nothing in it, or no borrower to seal it for, stays as it is. An erased borrower has no
    key any more and gets none: the value is not kept at all (it reads "(erased)")."""
    if borrower_id is None or _empty(value):
        return value
    row = session.get(BorrowerKey, borrower_id)
    if row is None:
        if session.get(BorrowerErasure, borrower_id) is not None:
            return {SEALED: "", BORROWER: borrower_id}
        row = _new_key(session, borrower_id)
    nonce = os.urandom(NONCE)
    plain = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    sealed = AESGCM(row.key).encrypt(nonce, plain, _aad(borrower_id))
    return {SEALED: base64.b64encode(nonce + sealed).decode("ascii"), BORROWER: borrower_id}


def _new_key(session: Session, borrower_id: int) -> BorrowerKey:
    """The borrower's first key, in a savepoint: another workstation's transaction (PostgreSQL)
    may make it at the same moment, and the one committing second then uses that one."""
    try:
        with session.begin_nested():
            row = BorrowerKey(borrower_id=borrower_id, key=AESGCM.generate_key(bit_length=256))
            session.add(row)
        return row
    except IntegrityError:
        made = session.get(BorrowerKey, borrower_id, populate_existing=True)
        if made is None:
            raise
        return made


def is_sealed(value: Any) -> bool:
    """Whether `value` is a sealed value as `personal` writes it."""
    return (
        isinstance(value, dict)
        and set(value) == {SEALED, BORROWER}
        and isinstance(value[SEALED], str)
        and isinstance(value[BORROWER], int)
    )


def _sealed_in(value: Any) -> Iterable[dict[str, Any]]:
    if is_sealed(value):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _sealed_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _sealed_in(inner)


class Opener:
    """Opens the sealed values of entries' changes in one language, fetching each borrower's key
    once (a page of the Audit page at a time: `load` them all first)."""

    def __init__(self, session: Session, lang: str | None = None) -> None:
        self.session, self.lang = session, lang
        self.keys: dict[int, bytes | None] = {}

    def load(self, changes: Iterable[Any]) -> None:
        """Fetch, in one query, the keys of the borrowers whose values these changes seal."""
        wanted = {s[BORROWER] for c in changes for s in _sealed_in(c)} - set(self.keys)
        if not wanted:
            return
        found = dict(
            self.session.execute(
                select(BorrowerKey.borrower_id, BorrowerKey.key).where(
                    BorrowerKey.borrower_id.in_(wanted)
                )
            ).all()
        )
        self.keys.update({b: found.get(b) for b in wanted})

    def open(self, changes: Any) -> Any:
        """The changes with each sealed value opened: as written, or "(erased)" when the
        borrower's key is gone. Changes that seal nothing come back as they are."""
        if not any(True for _ in _sealed_in(changes)):
            return changes
        self.load([changes])
        return self._open(changes)

    def _open(self, value: Any) -> Any:
        if is_sealed(value):
            return self._one(value)
        if isinstance(value, dict):
            return {k: self._open(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._open(v) for v in value]
        return value

    def _one(self, value: dict[str, Any]) -> Any:
        borrower_id = value[BORROWER]
        key = self.keys.get(borrower_id)
        if key is None or not value[SEALED]:
            return ErasedValue(tr(SHOWN["erased"], self.lang))
        try:
            raw = base64.b64decode(value[SEALED], validate=True)
            plain = AESGCM(key).decrypt(raw[:NONCE], raw[NONCE:], _aad(borrower_id))
            return json.loads(plain.decode("utf-8"))
        except (InvalidTag, ValueError):
            return ErasedValue(tr(SHOWN["unreadable"], self.lang))


def open_changes(session: Session, changes: Any, lang: str | None = None) -> Any:
    """One entry's changes with their sealed values opened (see Opener.open)."""
    return Opener(session, lang).open(changes)


def case_borrower(session: Session, case_id: int | None) -> int | None:
    """The borrower of a case (whose key seals what is written about it); None without a case."""
    from app.models import Case, Loan

    if case_id is None:
        return None
    return session.scalar(
        select(Loan.borrower_id).join(Case, Case.loan_id == Loan.id).where(Case.id == case_id)
    )
