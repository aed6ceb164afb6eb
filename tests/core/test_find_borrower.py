"""Finding a borrower by the number a user typed (app.borrowers.find_borrower), the one lookup
every use case shares: spaces, lower case and full width forgiven, a number stored in lower case
found as stored, an unknown number said in the same words in both languages, and the row read
anew on request. Real database files (the one-borrower office of test_edges_qa)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.borrowers import find_borrower
from app.errors import NotFound
from app.models import Borrower, Segment
from tests.compliance.test_edges_qa import build


@pytest.mark.parametrize("typed", ["B1", "  B1 ", "b1", " b1\t", "Ｂ１", "\u3000ｂ１"])
def test_the_number_is_found_however_it_was_typed(db, typed: str) -> None:
    build(db)
    with db.sessions() as s:
        assert find_borrower(s, typed).borrower_no == "B1"


def test_a_number_stored_in_lower_case_is_found_as_stored_before_upper_case(db) -> None:
    build(db)
    with db.session() as s:
        for number in ("b1", "x7"):  # b1 beside B1: each is found by its own spelling
            s.add(
                Borrower(
                    borrower_no=number,
                    name="王五",
                    national_id="",
                    national_id_hash="",
                    segment=Segment.YOUNG,
                )  # fmt: skip
            )
    with db.sessions() as s:
        assert find_borrower(s, "b1").borrower_no == "b1"
        assert find_borrower(s, " B1").borrower_no == "B1"
        assert find_borrower(s, "x7 ").borrower_no == "x7"


@pytest.mark.parametrize("typed", ["B99", " b99 "])
def test_an_unknown_number_is_said_in_words(db, typed: str) -> None:
    build(db)
    with db.sessions() as s, pytest.raises(NotFound) as raised:
        find_borrower(s, typed)
    assert raised.value.translated("en") == f"Unknown borrower {typed.strip()}."
    assert raised.value.translated("zh_CN") == f"未知借款人 {typed.strip()}。"


def test_populate_existing_reads_the_row_anew(db) -> None:
    build(db)
    with db.session() as s:
        held = find_borrower(s, "B1")  # held: the session keeps only the rows still in use
        before = held.version
        s.execute(text("UPDATE borrower SET version = version + 1"))  # behind the session's back
        assert find_borrower(s, "B1").version == before  # the session's copy
        assert find_borrower(s, "B1", populate_existing=True) is held
        assert held.version == before + 1
        assert s.scalar(select(Borrower.version)) == before + 1
