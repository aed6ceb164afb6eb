"""`casedesk export borrowers` masks a US number with its country code apart, +1 31****0134 (QA
pass Q saw +12*****0134, which reads as the country code +12); a Chinese one as before."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Borrower, Phone
from tests.conftest import TEST_KEY
from tests.core.visit_office import PASSWORD, visit_office_path


@pytest.fixture
def env(monkeypatch, template_db, tmp_path):  # type: ignore[no-untyped-def]
    from db.store import open_database

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    path = visit_office_path(template_db, tmp_path)
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            ids = list(s.scalars(select(Borrower.id).order_by(Borrower.id).limit(2)))
            phone = s.scalar(select(Phone).where(Phone.borrower_id == ids[1]))
            phone.number = "+13105550134"  # as a US office stores one
    finally:
        database.close()
    return ["--db", str(path)]


def test_the_borrowers_export_sets_the_country_code_apart(cli, env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "borrowers.csv"
    code, _out, err = cli("export", "borrowers", str(out_file), *env)
    assert code == 0, err
    text = out_file.read_text(encoding="utf-8-sig")
    assert "+1 31****0134" in text and "+13*" not in text, text
    assert "+86 1" in text  # a Chinese mobile as before: +86 138****5678
