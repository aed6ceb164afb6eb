"""`payment post` of the payment that pays a loan off cancels its agreement not yet signed, with
the reason: `agreement show` says it (English and Chinese) and `agreement approve` is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.agreements import draft_plan
from tests.cli.conftest import agents_office
from tests.core.test_agreements import DEBT, _case, _today, _user, build_office


def _drafted(db: Any) -> str:
    build_office(db)
    with db.session() as s:
        start = _today() + dt.timedelta(days=10)
        return draft_plan(
            s, _user(s, "agent01"), _case(s, "L1").case_no, count=3, start=start
        ).agreement_no


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    return agents_office(template_db, tmp_path, monkeypatch, _drafted)


def test_paying_off_cancels_the_draft_with_its_reason(office, cli) -> None:
    path, number = office
    code, out, err = cli("--db", path, "payment", "post", "L1", f"{DEBT / 100:.2f}",
                         "--date", _today().isoformat())  # fmt: skip
    assert code == 0, err
    code, out, _ = cli("--db", path, "agreement", "show", number)
    assert code == 0 and "Cancelled: Loan paid off before signing." in out, out
    code, out, _ = cli("--db", path, "--lang", "zh_CN", "agreement", "show", number)
    assert "已取消：签署前贷款已还清。" in out, out
    code, _, err = cli("--db", path, "agreement", "approve", number)
    assert code != 0 and "only a draft can be approved" in err, err
