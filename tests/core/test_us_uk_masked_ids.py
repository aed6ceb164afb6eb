"""A US SSN shows its last four digits (***-**-6789), a UK NI number its last two digits and
suffix (** ** ** 56 C), wherever Casedesk masks an ID number — lists, pages, exports, the import
preview; a Chinese resident ID keeps its mask (first six, last four)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.importer import import_file
from app.masking import mask_id
from app.models import User
from app.office import create_office


def test_an_ssn_shows_its_last_four_and_an_ni_number_its_last_two_and_suffix() -> None:
    assert mask_id("123456789") == "***-**-6789"
    assert mask_id("QQ123456C") == "** ** ** 56 C"
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id("12345") == "*****"  # no known shape: hidden whole, as before
    assert mask_id("ABC123456") == "*********"


def test_the_import_preview_masks_an_ssn_and_an_ni_number_as_written(db, tmp_path: Path) -> None:
    with db.session() as s:
        create_office(
            s,
            name="Office",
            admin_username="admin",
            admin_password="pw-a",
            jurisdiction="us",
            timezone="America/New_York",
            currency="USD",
        )
    path = tmp_path / "b.csv"
    path.write_text(
        "borrower_no,name,id_number,mobile\n"
        "B1,John Smith,123-45-6789,(212) 555-0134\n"
        "B2,Jane Roe,QQ 12 34 56 C,(212) 555-0135\n",
        encoding="utf-8",
    )
    with db.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        report = import_file(s, actor, "borrowers", path, dry_run=True)
    sample = next(iter(report.sample.values()))
    assert [row[2] for row in sample] == ["***-**-6789", "** ** ** 56 C"]
