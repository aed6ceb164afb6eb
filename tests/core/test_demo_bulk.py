"""The demo builder's fast paths give exactly what the slow, general ones give."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from app.demo.context import Context, local_to_utc
from app.demo.people import check_digit
from app.demo.writer import Writer, utc_text
from app.models import Phone
from app.privacy import id_hash, id_hasher
from db.store import Database

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_utc_text_is_isoformat_of_utc() -> None:
    rng = random.Random(5)
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    for _ in range(2000):
        value = start + dt.timedelta(minutes=rng.randrange(3_000_000))
        if rng.random() < 0.5:
            value += dt.timedelta(seconds=rng.randrange(60), microseconds=rng.randrange(10**6))
        if rng.random() < 0.3:
            value = value.astimezone(SHANGHAI)
        assert utc_text(value) == value.astimezone(dt.UTC).isoformat(" ", "microseconds")[:26]


def test_local_to_utc_is_shanghai_wall_clock() -> None:
    day = dt.date(2025, 3, 1)
    for minute in (0, 479, 480, 600, 1439, 1440, 2879, 2880, 4000):
        local = dt.datetime.combine(day, dt.time(), SHANGHAI) + dt.timedelta(minutes=minute)
        made = local_to_utc(day, minute)
        assert made == local and made.tzinfo is dt.UTC


def test_weighted_draws_what_random_choices_draws() -> None:
    ours = Context(random.Random(9), dt.date(2025, 1, 1), None)  # type: ignore[arg-type]
    theirs = random.Random(9)
    items = ("a", "b", "c", "d")
    for weights in ((0.5, 0.2, 0.2, 0.1), [3, 0, 1, 6], (1, 1, 1, 1)):
        for _ in range(500):
            assert ours.weighted(items, weights) == theirs.choices(items, weights)[0]


def test_check_digit_and_keyed_id_hash() -> None:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    rng = random.Random(3)
    for _ in range(1000):
        body = "".join(str(rng.randrange(10)) for _ in range(17))
        total = sum(int(c) * w for c, w in zip(body, weights, strict=True))
        assert check_digit(body) == "10X98765432"[total % 11]
    with pytest.raises(ValueError):
        check_digit("1234")
    key = bytes(range(32))
    hashed = id_hasher(key)
    for number in ("11010119900307123X", " 11010119900307123x ", "440106198001011234"):
        assert hashed(number) == id_hash(key, number)


@pytest.mark.sqlite_only  # the chunked INSERTs are the SQLite path
def test_add_rows_takes_flat_rows_in_chunks(db: Database) -> None:
    """More rows than one statement takes (6 columns: 5461), then the smaller chunks."""
    count = 5461 + 512 + 64 + 8 + 3
    columns = ("id", "borrower_id", "number", "kind", "is_primary", "valid")
    values: list[object] = []
    for n in range(1, count + 1):
        values += (n, 1, f"+8613800{n:06d}", "mobile", n % 2 == 0, n % 3 == 0)
    with db.session() as s:
        s.execute(text("PRAGMA defer_foreign_keys = ON"))  # no borrower 1: rolled back below
        writer = Writer(s.connection())
        with pytest.raises(ValueError, match="do not make rows"):
            writer.add_rows(Phone, columns, values[:-1])
        writer.add_rows(Phone, columns, values)
        rows = s.execute(
            text("SELECT id, number, typeof(is_primary), is_primary, valid FROM phone ORDER BY id")
        ).all()
        s.rollback()
    assert writer.counts["phone"] == count == len(rows)
    assert [row[0] for row in rows] == list(range(1, count + 1))
    assert rows[5999] == (6000, "+8613800006000", "integer", 1, 1)
    assert rows[0][2:] == ("integer", 0, 0)
