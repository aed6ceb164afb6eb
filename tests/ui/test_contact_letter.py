"""A letter logged in the contact dialog shows where it goes — the borrower's addresses on file,
masked as on the borrower page, the home one first — in place of the phone number a letter does
not have (QA: the number row stayed, greyed out, and no address was shown)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete

from app.models import Address, Party, RelatedPerson
from tests.ui.test_contact_dialog import agent_case, dialog_for, pick
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui
WORK = "上海市浦东新区世纪大道100号环球金融中心20楼"
HOME = "上海市徐汇区漕溪北路88号3号楼1201室"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _with_addresses(database) -> str:  # type: ignore[no-untyped-def]
    """agent01's case, its borrower's addresses replaced by a work one (entered first, not
    verified) and a verified home one."""
    case_no, _zone, person_id = agent_case(database)
    with database.session() as s:
        borrower_id = s.get(RelatedPerson, person_id).borrower_id
        s.execute(delete(Address).where(Address.borrower_id == borrower_id))
        s.add(Address(borrower_id=borrower_id, kind="work", line=WORK, city="上海"))
        s.add(
            Address(
                borrower_id=borrower_id,
                kind="home",
                line=HOME,
                city="上海",
                verified_on=dt.date(2026, 3, 2),
            )
        )
    return case_no


def test_a_letter_shows_the_borrowers_addresses_not_a_number(qtbot, database, lang, screenshot_dir):
    case_no = _with_addresses(database)
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    assert dialog.number.isVisibleTo(dialog) and not dialog.address.isVisibleTo(dialog)
    pick(dialog.channel, "letter")
    assert not dialog.number.isVisibleTo(dialog) and dialog.address.isVisibleTo(dialog)
    assert dialog.form.labelForField(dialog.address).text() == (
        "地址：" if lang == "zh_CN" else "Address:"
    )
    lines = dialog.address.text().splitlines()
    if lang == "zh_CN":
        assert lines == [
            "住宅 · 上海市徐汇区… · 上海 · 核实于 2026-03-02",
            "单位 · 上海市浦东新… · 上海 · 未核实",
        ]
    else:
        assert lines == [
            "Home · 上海市徐汇区… · 上海 · verified on 2026-03-02",
            "Work · 上海市浦东新… · 上海 · not verified",
        ]
    assert HOME not in dialog.address.text() and WORK not in dialog.address.text()
    assert dialog.fields()["phone_number"] is None
    pick(dialog.outcome, "delivered")
    grab(dialog, screenshot_dir / f"contact_letter_{lang}.png")
    pick(dialog.party, Party.GUARANTOR.value)  # no address is kept for a related person
    assert dialog.address.text() == ("没有登记地址" if lang == "zh_CN" else "No address on file")
    pick(dialog.party, Party.BORROWER.value)
    pick(dialog.channel, "call")  # a call has its number back
    assert dialog.number.isVisibleTo(dialog) and dialog.number.isEnabled()
    assert not dialog.address.isVisibleTo(dialog)
    assert dialog.fields()["phone_number"] is not None
