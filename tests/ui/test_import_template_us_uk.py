"""Download template… in the Import dialog of a US office writes a US example row (SSN, +1
mobile, New York time), in the header language the window speaks."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import User
from app.office import create_office
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.gui


@pytest.fixture
def us_office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    with db.session() as s:
        create_office(
            s,
            name="Main Street Lending",
            admin_username="admin",
            admin_password="demo",
            jurisdiction="us",
            timezone="America/New_York",
            currency="USD",
        )
    yield db
    db.close()


def test_a_us_offices_template_has_a_us_example_row(qtbot, us_office, tmp_path) -> None:
    from ui.dialogs.import_data import ImportDialog

    with us_office.sessions() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        s.expunge(admin)
    dialog = ImportDialog(us_office, admin, kind="borrowers")
    qtbot.addWidget(dialog)
    saved = dialog.save_template(tmp_path / "borrowers.csv")
    assert saved is not None
    with open(saved, encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    example = dict(zip(header, row, strict=True))
    assert example["id_number"] == "123-45-6789"
    assert example["phone"] == "(212) 555-0134"  # a mobile or a landline
    assert example["timezone"] == "America/New_York"
    assert example["name"] == "John Smith"
