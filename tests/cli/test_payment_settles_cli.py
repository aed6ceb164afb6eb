"""`payment post` of a payment that completes a settlement agreement says so before posting —
the agreement completes, the loan settles, the rest is waived — and asks; a run that cannot be
asked posts it only with --yes. In English and Chinese. QA: it was posted without a word."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import common
from app.cli.main import main
from app.models import LoanStatus, Payment
from db.store import open_database
from tests.cli.conftest import agents_office
from tests.conftest import TEST_KEY
from tests.core.settling_office import AGREED, PAID, settling_office
from tests.core.test_agreements import _today

REST = f"{(AGREED - PAID) / 100:.2f}"
SAID = {
    "en": "This payment completes agreement {number} and settles loan L1: the rest of the debt",
    "zh_CN": "这笔还款将使还款协议 {number} 履行完毕，贷款 L1 随即结清：剩余欠款",
}


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    return agents_office(template_db, tmp_path, monkeypatch, settling_office)


def _post(path: Path, capsys, *more: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main(["--db", str(path), *more, "payment", "post", "L1", REST,
                 "--date", _today().isoformat()])  # fmt: skip
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _state(path: Path) -> tuple[int, LoanStatus]:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            from app.cases.payments import find_loan

            return s.scalar(select(func.count(Payment.id))), find_loan(s, "L1").status
    finally:
        database.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_script_is_told_and_refused_without_yes_then_posts_with_it(office, capsys, lang) -> None:
    path, number = office
    before = _state(path)
    code, out, err = _post(path, capsys, "--lang", lang)
    assert code == 1 and SAID[lang].format(number=number) in out, out
    refused = {"en": "Not posting without confirmation", "zh_CN": "未经确认不入账"}[lang]
    assert refused in err and "--yes" in err
    assert _state(path) == before  # nothing posted
    capsys.readouterr()
    code = main(["--db", str(path), "--lang", lang, "payment", "post", "L1", REST, "--yes"])
    out = capsys.readouterr().out
    assert code == 0 and SAID[lang].format(number=number) in out
    assert out.startswith(SAID[lang].format(number=number))  # said first, then posted
    assert _state(path) == (before[0] + 1, LoanStatus.SETTLED)


@pytest.mark.parametrize(("answer", "posted"), [("n", False), ("y", True)])
def test_a_person_at_a_terminal_is_asked(office, capsys, monkeypatch, answer, posted) -> None:
    path, number = office
    before = _state(path)
    asked: list[str] = []
    monkeypatch.setattr(common, "interactive", lambda: True)  # a person at a terminal
    monkeypatch.setattr(builtins, "input", lambda prompt: asked.append(prompt) or answer)
    code, out, _err = _post(path, capsys)
    assert asked == ["Post this payment? [y/N] "]
    assert SAID["en"].format(number=number) in out
    if posted:
        assert code == 0 and _state(path) == (before[0] + 1, LoanStatus.SETTLED)
    else:
        assert code == 1 and "Cancelled; nothing was changed." in out
        assert _state(path) == before


def test_a_payment_short_of_the_agreed_amount_is_posted_without_asking(office, capsys) -> None:
    path, _number = office
    capsys.readouterr()
    assert main(["--db", str(path), "payment", "post", "L1", "100.00"]) == 0
    out = capsys.readouterr().out
    assert "completes agreement" not in out and "Posted 100.00 to L1" in out


def test_the_whole_debt_completes_the_agreement_and_is_said_but_not_asked(
    office, capsys, monkeypatch
) -> None:
    """Nothing is waived when the payment clears the loan itself: the terminal says the agreement
    is completed and posts without asking, as the Post payment dialog does (a script included)."""
    path, number = office
    before = _state(path)
    owed = f"{(1_200_000 - PAID) / 100:.2f}"  # what L1 still owes: 12,000.00 less 5,000.00 paid
    monkeypatch.setattr(common, "interactive", lambda: True)
    monkeypatch.setattr(builtins, "input", lambda prompt: pytest.fail(f"asked: {prompt}"))
    capsys.readouterr()
    code = main(["--db", str(path), "payment", "post", "L1", owed, "--date", _today().isoformat()])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"This payment completes agreement {number}: the agreed amount is paid." in out
    assert _state(path) == (before[0] + 1, LoanStatus.PAID)
