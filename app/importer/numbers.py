"""Borrower and loan numbers in an import file: stored as the app's search reads a typed number
(app/borrowers.py number_spellings: NFKC, upper case), so ＱＢ0010 and qb0010 are QB0010, and
two rows that differ only so are the same record.

Numbers imported before were stored as written and are not rewritten: a number is looked up as
written first, then as normalised, then whatever its case and width (as `payment post` and the
search's lower(loan_no) find one), so a file naming ql0001 still finds a loan stored as QL0001
or as ql0001.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from app.errors import CasedeskError, ValidationError
from app.typed_number import number_key

T = TypeVar("T")


def normal(written: str) -> str:
    """A number as stored: half width, upper case, no surrounding spaces."""
    return number_key(written)


class OnFile(Generic[T]):
    """The numbers in Casedesk with what the import needs of each, found as a clerk types them."""

    def __init__(self, items: Iterable[tuple[str, T]]) -> None:
        self.stored: dict[str, T] = {}
        self._folded: dict[str, list[str]] = {}
        for number, value in items:
            self.stored[number] = value
            self._folded.setdefault(normal(number), []).append(number)

    def find(self, written: str) -> tuple[str, T] | None:
        """The stored number `written` names and its value; None when there is none. Two stored
        numbers that differ only in case (imported before numbers were normalised), neither as
        written, are refused: which one is meant cannot be told."""
        for number in (written, normal(written)):
            if number in self.stored:
                return number, self.stored[number]
        numbers = self._folded.get(normal(written), [])
        if len(numbers) > 1:
            raise ValidationError(
                "{number} may be any of {numbers} in Casedesk: write it exactly as stored.",
                number=written,
                numbers=", ".join(sorted(numbers)),
            )
        return (numbers[0], self.stored[numbers[0]]) if numbers else None

    def find_or_say(
        self, written: str | None, bad: Callable[[CasedeskError], None]
    ) -> tuple[str, T] | None:
        """As `find`, a number that may be two told to `bad` (a row's problem)."""
        if not written:
            return None
        try:
            return self.find(written)
        except CasedeskError as exc:
            bad(exc)
            return None

    def each(self, numbers: Iterable[str]) -> dict[str, T]:
        """The values of those of `numbers` in Casedesk, by the number as given (one that may be
        two is left out: it is said where the number is read)."""
        found: dict[str, T] = {}
        for number in numbers:
            try:
                hit = self.find(number)
            except CasedeskError:
                continue
            if hit is not None:
                found[number] = hit[1]
        return found
