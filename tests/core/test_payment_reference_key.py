"""One bank reference, however it is typed: tx-999, TX-999 and ＴＸ－９９９ are one transaction
(app/typed_number.py's reference_key), so posting by hand and the payments import refuse or skip
the second, whichever came first (QA s44: the money was counted twice)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.importer import import_file
from app.loans.service import post_payment
from app.models import Payment, User
from app.typed_number import reference_key
from tests.core import importer_files as f
from tests.core.test_payments import _loan
from tests.core.test_payments import office as office  # noqa: F401 (the fixture)

DAY = dt.date(2026, 2, 5)
TODAY = dt.date(2026, 12, 7)


def _count(db) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(Payment))


def _import(db, tmp_path, rows: list[list[str]]):
    path = f.write_csv(tmp_path / "p.csv", f.PAYMENT_ZH, rows)
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        return import_file(s, admin, "payments", path, today=TODAY, rebuild=False)


def test_the_key_is_half_width_upper_case_and_trimmed() -> None:
    assert reference_key(" ｂａｎｋ７７７\u3000") == "BANK777" == reference_key("bank777")
    assert reference_key("ＴＸ－９９９") == "TX-999" and reference_key("  ") is None


@pytest.mark.parametrize("again", ["tx-999", "ＴＸ－９９９", " Tx-999 "])
def test_posting_the_same_reference_in_another_case_or_width_is_refused(office, again) -> None:
    with office.session() as s:
        post_payment(s, None, _loan(s), 3_000, DAY, reference="TX-999")
    with pytest.raises(ValidationError) as refused, office.session() as s:
        post_payment(s, None, _loan(s), 3_000, DAY, reference=again)
    assert refused.value.params["ref"] == "TX-999"  # named as it was posted
    assert _count(office) == 1


def test_an_import_skips_a_payment_posted_by_hand_in_full_width(office, tmp_path) -> None:
    with office.session() as s:
        post_payment(s, None, _loan(s), 2_500, DAY, reference="ｂａｎｋ７７７")
    report = _import(office, tmp_path, [["L000001", "2026-02-05", "25.00", "BANK777", ""]])
    assert report.ok and (report.new, report.unchanged) == (0, 1)
    report = _import(office, tmp_path, [["L000001", "2026-02-06", "25.00", "bank777", ""]])
    assert not report.ok and "already posted" in report.errors[0].message
    assert _count(office) == 1


def test_an_import_refuses_one_reference_twice_in_its_file_and_posting_after_it(
    office, tmp_path
) -> None:
    rows = [["L000001", "2026-02-05", "25.00", "IMP-1", ""]]
    twice = _import(office, tmp_path, [*rows, ["L000001", "2026-02-06", "25.00", "imp-1", ""]])
    assert not twice.ok and "also on row" in twice.errors[0].message
    assert _count(office) == 0
    assert _import(office, tmp_path, rows).ok
    with pytest.raises(ValidationError, match="already posted"), office.session() as s:
        post_payment(s, None, _loan(s), 2_500, DAY, reference="ｉｍｐ－１")
    with office.sessions() as s:
        stored = s.execute(select(Payment.reference, Payment.reference_key)).all()
        assert [tuple(r) for r in stored] == [("IMP-1", "IMP-1")]
