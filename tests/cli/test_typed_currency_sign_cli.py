"""An amount typed on the command line may carry the office's own currency sign or code, as the
import reads "$12,000.00" (QA15: `contact log --promise '$500.00@…'` was refused); another
currency's sign is still refused, naming the office's currency."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from app.cli.main import main
from app.models import Office, Promise
from tests.cli.test_contact_cli import _open_case, _yesterday, env  # noqa: F401 - a fixture
from tests.conftest import TEST_KEY
from tests.office_day import SHANGHAI


def _office(demo_path, currency: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """Set the demo office's currency (test data); the number of promises on file."""
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            if currency:
                s.execute(update(Office).values(currency=currency))
            return s.scalar(select(func.count(Promise.id)))
    finally:
        database.close()


@pytest.mark.parametrize(
    ("currency", "typed", "refused"),
    [("USD", "$500.00", "£500"), ("GBP", "£500.00", "$500"), ("CNY", "¥500", "$500")],
)
def test_the_offices_own_sign_is_read_anothers_refused(
    capsys,
    env,  # noqa: F811 - the contact tests' fixture
    demo_path,
    currency,
    typed,
    refused,
):
    _office(demo_path, currency)
    case = _open_case(capsys, env)
    day = dt.datetime.now(SHANGHAI).date() + dt.timedelta(days=3)
    base = [case, "--channel", "call", "--party", "borrower", "--outcome", "connected"]
    base += ["--at", _yesterday(10), *env]
    before = _office(demo_path)
    assert main(["contact", "log", *base, "--promise", f"{refused}@{day}"]) == 1
    err = capsys.readouterr().err
    assert f"is in {refused[0]}, but this office's amounts are in {currency}" in err
    assert _office(demo_path) == before
    code = main(["contact", "log", *base, "--promise", f"{typed}@{day}"])
    out, err = capsys.readouterr()
    assert code in (0, 3), err  # saved, or flagged by a rule: either way the amount was read
    if code == 0:
        assert _office(demo_path) == before + 1
