"""The command line reads typed numbers by the core's one rule (tests/core/test_typed_numbers.py):
`payment post L1 "1 000.00"` posts a thousand, whichever space groups it; "٣٤٥" is refused with
the digit named, in English and Chinese, and nothing is posted; so are --instalments and --limit
in Arabic-Indic digits (int() read them as 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.models import Payment
from db.store import open_database
from tests.cli.conftest import agents_office
from tests.conftest import TEST_KEY
from tests.core.settling_office import settling_office


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return agents_office(template_db, tmp_path, monkeypatch, settling_office)[0]


def _run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _payments(path: Path) -> list[int]:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return list(s.scalars(select(Payment.amount).order_by(Payment.id)))
    finally:
        database.close()


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", "\u3000"])
def test_a_thousand_grouped_with_a_space_is_posted(office, capsys, space) -> None:
    code, out, err = _run(capsys, "--db", str(office), "payment", "post", "L1", f"1{space}000.00")
    assert code == 0, err
    assert "Posted 1,000.00 to L1" in out
    assert _payments(office)[-1] == 100_000


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Write numbers with the digits 0–9: ٣ (U+0663) in ٣٤٥ is not one."),
        ("zh_CN", "请用数字 0–9 书写数字：٣٤٥ 中的 ٣ (U+0663) 不是其中之一。"),
    ],
)
def test_arabic_indic_digits_are_refused_by_name(office, capsys, lang, said) -> None:
    before = _payments(office)
    code, _out, err = _run(
        capsys, "--lang", lang, "--db", str(office), "payment", "post", "L1", "٣٤٥"
    )
    assert code == 1 and said in err
    assert _payments(office) == before
    code, _out, err = _run(capsys, "--lang", lang, "queue", "--limit", "٣", "--db", str(office))
    assert code == 2 and said.replace("٣٤٥", "٣") in err
    code, _out, err = _run(
        capsys,
        "--lang",
        lang,
        "agreement",
        "draft",
        "C1",
        "--instalments",
        "٣",
        "--db",
        str(office),
    )
    assert code == 2 and said.replace("٣٤٥", "٣") in err


def test_full_width_whole_numbers_are_still_read(office, capsys) -> None:
    code, _out, err = _run(capsys, "queue", "--limit", "２", "--db", str(office), "--json")
    assert code == 0, err
