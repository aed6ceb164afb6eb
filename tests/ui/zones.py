"""An office on one time zone and this computer on another, for the tests of what takes the
office's today rather than the computer's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Office
from tests.conftest import TEST_KEY


def office_apart(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, office: str, computer: str
) -> Iterator:
    """The demo office kept on `office`'s time, the process on `computer`'s (TZ), restored after."""
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    with db.session() as s:
        s.scalar(select(Office)).timezone = office
    monkeypatch.setenv("TZ", computer)
    time.tzset()
    yield db
    monkeypatch.delenv("TZ")
    time.tzset()
    db.close()
