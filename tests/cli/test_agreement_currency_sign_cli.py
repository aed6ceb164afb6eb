"""`casedesk agreement draft --settle` and `edit --amount` (and `--row`'s amounts) read an amount
written with the office's own currency sign ("¥1,000.00", "1000元" in the demo's yuan office), as
payments and contact promises do; another currency's sign is refused, naming the office's, and
nothing is drafted or changed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.cli.test_agreement_cli import _free_cases, _number, office  # noqa: F401

REFUSED = "is in $, but this office's amounts are in CNY"


def test_settle_amount_and_rows_take_the_offices_sign(office: Path, cli) -> None:  # noqa: F811
    case_no = _free_cases(office, "agent01", 1)[0]
    db = ["--db", office, "--user", "agent01"]
    code, out, err = cli("agreement", "draft", case_no, "--settle", "$1,000.00", *db)
    assert (code, out) == (1, "") and REFUSED in err
    code, out, err = cli("agreement", "draft", case_no, "--settle", "¥1,000.00", *db)
    assert code == 0, err
    number = _number(out)
    code, out, _ = cli("agreement", "show", number, "--json", *db)
    assert json.loads(out)["settled"] == 100_000

    code, _, err = cli("agreement", "edit", number, "--amount", "$1200", *db)
    assert code == 1 and REFUSED in err
    code, out, err = cli("agreement", "edit", number, "--amount", "1200元", *db)
    assert code == 0 and f"Changed agreement {number}." in out, err
    code, out, _ = cli("agreement", "show", number, "--json", *db)
    assert json.loads(out)["settled"] == 120_000

    due = dt.date.fromisoformat(json.loads(out)["plan"][0]["due_on"]) + dt.timedelta(days=1)
    code, out, err = cli("agreement", "edit", number, "--row", f"{due}=RMB 1,200", *db)
    assert code == 0 and f"Changed agreement {number}." in out, err
    code, out, _ = cli("agreement", "show", number, "--json", *db)
    assert [(p["due_on"], p["amount"]) for p in json.loads(out)["plan"]] == [
        (due.isoformat(), 120_000)
    ]
