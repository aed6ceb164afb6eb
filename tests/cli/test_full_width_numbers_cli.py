"""A loan, case or agreement number typed with a Chinese input method in full-width mode
(ＬＩ, ｃ１, ＡＧ－…) names the same record on the command line as in the window's search
(app/typed_number.py): `payment post`, `case show` and `agreement print`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.models import Case, Loan, Payment
from app.typed_number import number_key, typed_number
from db.store import open_database
from tests.cli.conftest import agents_office
from tests.conftest import TEST_KEY
from tests.core.settling_office import settling_office


def _full_width(text: str) -> str:
    """`text` as a full-width input method types it (ASCII letters, digits and signs)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    return agents_office(template_db, tmp_path, monkeypatch, settling_office)


def _run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _case_no(path: Path) -> str:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            found = s.scalar(
                select(Case.case_no).join(Loan, Loan.id == Case.loan_id).where(Loan.loan_no == "L1")
            )
            assert found is not None
            return found
    finally:
        database.close()


def _payments(path: Path) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return len(list(s.scalars(select(Payment.id))))
    finally:
        database.close()


def test_one_rule_reads_every_typed_number() -> None:
    assert _full_width("QL0001") == "ＱＬ０００１"
    assert typed_number("\u3000ｑｌ０００１ ") == "ql0001"
    assert number_key(_full_width("ag-2026-000001")) == "AG-2026-000001"
    assert number_key(None) == "" and typed_number(" V-1 ") == "V-1"


@pytest.mark.parametrize("typed", ["Ｌ１", "ｌ１", "\u3000Ｌ１\u3000", " l1 "])
def test_payment_post_finds_a_loan_typed_in_full_width(office, capsys, typed) -> None:
    path, _number = office
    before = _payments(path)
    code, out, err = _run(capsys, "--db", str(path), "payment", "post", typed, "10.00")
    assert code == 0, err
    assert "Posted 10.00 to L1" in out
    assert _payments(path) == before + 1


def test_an_unknown_full_width_number_is_still_refused(office, capsys) -> None:
    path, _number = office
    code, _out, err = _run(capsys, "--db", str(path), "payment", "post", "Ｌ９", "10.00")
    assert code == 1 and "Unknown loan number Ｌ９" in err


def test_case_show_finds_a_case_typed_in_full_width(office, capsys) -> None:
    path, _number = office
    case_no = _case_no(path)
    code, out, err = _run(capsys, "--db", str(path), "case", "show", _full_width(case_no.lower()))
    assert code == 0, err
    assert case_no in out


def test_agreement_print_finds_an_agreement_typed_in_full_width(
    office, capsys, tmp_path: Path
) -> None:
    path, number = office
    pdf = tmp_path / "agreement.pdf"
    typed = _full_width(number.lower())
    code, out, err = _run(
        capsys, "--db", str(path), "agreement", "print", typed, "--output", str(pdf)
    )
    assert code == 0, err
    assert pdf.exists() and pdf.stat().st_size > 0


def test_payment_post_refuses_a_reference_posted_in_another_case_or_width(office, capsys) -> None:
    """QA s44: `--ref tx-999` then `--ref TX-999` (or ＴＸ－９９９) posted the money twice."""
    path, _number = office
    args = ("--db", str(path), "payment", "post", "L1", "10.00", "--yes")
    code, _out, err = _run(capsys, *args, "--ref", "tx-999")
    assert code == 0, err
    before = _payments(path)
    for again in ("TX-999", _full_width("TX-999")):
        code, _out, err = _run(capsys, *args, "--ref", again)
        assert code == 1 and "A payment with reference tx-999 is already posted." in err
    assert _payments(path) == before
