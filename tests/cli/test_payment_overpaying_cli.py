"""QA round 6 in the terminal. `payment post` of more than the loan owes in all (an extra zero)
says by how much and asks [y/N] at a terminal; a script is refused without --yes, as a settling
waiver is (finding 5). `import payments` asks nothing but names the loans it overpays. A date
before the disbursement names both dates, a decimal comma says to use a point (finding 6).
English and Chinese."""

from __future__ import annotations

import builtins
import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import common
from app.cli.main import main
from app.models import Payment
from db.store import open_database
from tests.cli.conftest import agents_office
from tests.conftest import TEST_KEY
from tests.core.test_agreements import DEBT, DISBURSED, _today, build_office

OVER = "120,000"  # L2 owes 12,000.00: an extra zero
SAID = {
    "en": "120,000.00 is 108,000.00 more than the loan owes (12,000.00).",
    "zh_CN": "120,000.00 比该贷款的全部欠款（12,000.00）多出 108,000.00。",
}
REFUSED = {
    "en": "Not posting without confirmation: run it in a terminal, or add --yes.",
    "zh_CN": "未经确认不入账：请在终端中运行，或加上 --yes。",
}


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return agents_office(template_db, tmp_path, monkeypatch, build_office)[0]


def _run(path: Path, capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main(["--db", str(path), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _payments(path: Path) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            return int(s.scalar(select(func.count(Payment.id))) or 0)
    finally:
        database.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_script_is_told_and_refused_without_yes_then_posts_with_it(office, capsys, lang) -> None:
    code, out, err = _run(office, capsys, "--lang", lang, "payment", "post", "L2", OVER)
    assert code == 1 and out.strip() == SAID[lang]
    assert REFUSED[lang] in err
    assert _payments(office) == 0
    code, out, _err = _run(office, capsys, "--lang", lang, "payment", "post", "L2", OVER, "--yes")
    assert code == 0 and out.startswith(SAID[lang])  # said first, then posted
    kept = {"en": "Kept as credit: 108,000.00.", "zh_CN": "多付部分记为溢缴款：108,000.00。"}
    assert kept[lang] in out and _payments(office) == 1


@pytest.mark.parametrize(("answer", "posted"), [("", False), ("n", False), ("y", True)])
def test_a_person_at_a_terminal_is_asked_no_the_default(
    office, capsys, monkeypatch, answer, posted
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(common, "interactive", lambda: True)  # a person at a terminal
    monkeypatch.setattr(builtins, "input", lambda prompt: asked.append(prompt) or answer)
    code, out, _err = _run(office, capsys, "payment", "post", "L2", OVER)
    assert asked == ["Post it and keep 108,000.00 as credit on the loan? [y/N] "]
    assert out.startswith(SAID["en"])
    assert (code, _payments(office)) == ((0, 1) if posted else (1, 0))
    if not posted:
        assert "Cancelled; nothing was changed." in out


def test_the_whole_debt_is_posted_without_asking(office, capsys, monkeypatch) -> None:
    monkeypatch.setattr(common, "interactive", lambda: True)
    monkeypatch.setattr(builtins, "input", lambda prompt: pytest.fail(f"asked: {prompt}"))
    code, out, _err = _run(office, capsys, "payment", "post", "L2", f"{DEBT / 100:.2f}")
    assert code == 0 and "more than the loan owes" not in out and _payments(office) == 1


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_refusals_say_what_to_write(office, capsys, lang) -> None:
    code, _out, err = _run(office, capsys, "--lang", lang, "payment", "post", "L2", "1 000,50")
    said = {
        "en": "Not an amount: 1 000,50. Use a point for the decimals: 1000.50.",
        "zh_CN": "不是有效金额：1 000,50。小数请用小数点：1000.50。",
    }
    assert code != 0 and said[lang] in err
    day = DISBURSED - dt.timedelta(days=1)
    code, _out, err = _run(
        office, capsys, "--lang", lang, "payment", "post", "L2", "100", "--date", day.isoformat()
    )
    said = {
        "en": f"The payment on {day} predates the loan's disbursement on {DISBURSED}.",
        "zh_CN": f"{day} 的还款早于贷款的放款日期 {DISBURSED}。",
    }
    assert code != 0 and said[lang] in err
    assert _payments(office) == 0


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_import_names_the_overpaid_loans(office, capsys, monkeypatch, tmp_path, lang) -> None:
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")
    statement = tmp_path / "statement.csv"
    with open(statement, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["loan_no", "paid_on", "amount", "reference", "method"])
        writer.writerow(["L2", _today().isoformat(), "120000.00", "BANK-9", ""])
    check = {
        "en": "Paid more than the loan owes, to be kept as credit on it: L2 (108,000.00).",
        "zh_CN": "还款超过贷款的全部欠款，多付部分将记为溢缴款：L2（108,000.00）。",
    }
    done = {
        "en": "Paid more than the loan owes, kept as credit on it: L2 (108,000.00).",
        "zh_CN": "还款超过贷款的全部欠款，多付部分已记为溢缴款：L2（108,000.00）。",
    }
    args = ("--lang", lang, "import", "payments", str(statement))
    code, out, _err = _run(office, capsys, *args, "--dry-run")
    assert code == 0 and check[lang] in out and _payments(office) == 0
    code, out, _err = _run(office, capsys, *args)
    assert code == 0 and done[lang] in out and _payments(office) == 1
