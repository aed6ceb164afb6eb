"""The case page's Related persons table: "May be contacted" says what the rule set decides of a
contact with each person (app.contacts_standing) — "Yes" on a contract that allows third-party
contact even when the person never agreed, and why not when not — in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import Case, CaseStatus, Loan, RelatedPerson, Relationship
from tests.ui.cells import cell_tip, header_text
from tests.ui.test_queue import open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui

# name -> (relation, agreed to be contacted, asked not to be contacted)
PEOPLE = {
    "钱七": (Relationship.GUARANTOR, False, False),
    "赵六": (Relationship.PARENT, True, False),
    "王五": (Relationship.SIBLING, False, False),
    "孙八": (Relationship.FRIEND, True, True),
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _case_with_people(database, contract_consents: bool) -> str:  # type: ignore[no-untyped-def]
    """An open case whose borrower has PEOPLE as their only related persons."""
    with database.session() as s:
        case = s.scalars(
            select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
        ).first()
        loan = s.get(Loan, case.loan_id)
        loan.third_party_consent = contract_consents
        for person in s.scalars(
            select(RelatedPerson).where(RelatedPerson.borrower_id == loan.borrower_id)
        ):
            s.delete(person)
        for n, (name, (relation, agreed, refused)) in enumerate(PEOPLE.items()):
            s.add(
                RelatedPerson(
                    borrower_id=loan.borrower_id,
                    name=name,
                    relation=relation,
                    phone=f"+861390000000{n}",
                    consent_to_contact=agreed,
                    do_not_contact=refused,
                )
            )
        return case.case_no


def _column(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    table = page.related
    assert header_text(table, 3) in ("May be contacted", "可联系")
    return {cell_text(table, r, 0): cell_text(table, r, 3) for r in range(table.rowCount())}


def test_the_column_says_what_the_rules_decide(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    case_no = _case_with_people(database, contract_consents=True)
    window = window_for(qtbot, database)
    page = window.cases
    assert page.show_case(case_no)
    assert _column(page) == {
        "钱七": "Yes",
        "赵六": "Yes",
        "王五": "Yes",  # the contract allows it: the person's own consent is not needed
        "孙八": "No — asked not to be contacted",
    }
    tip = cell_tip(page.related, 3, 3)
    assert "This person asked not to be contacted." in tip


def test_without_the_contracts_consent_cn_says_no_consent(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    case_no = _case_with_people(database, contract_consents=False)
    window = window_for(qtbot, database)
    page = window.cases
    assert page.show_case(case_no)
    assert _column(page) == {
        "钱七": "Yes",  # a guarantor is a party to the debt, not a third party
        "赵六": "Yes",  # agreed to be contacted
        "王五": "No — no consent",
        "孙八": "No — asked not to be contacted",
    }


def test_the_column_in_chinese(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    case_no = _case_with_people(database, contract_consents=False)
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        page = window.cases
        assert page.show_case(case_no)
        assert _column(page) == {
            "钱七": "是",
            "赵六": "是",
            "王五": "否——未获同意",
            "孙八": "否——本人要求不再被联系",
        }
    finally:
        set_language("en")
