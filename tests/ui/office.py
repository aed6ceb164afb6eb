"""Which office GUI and query tests run on: the shared demo office once app.demo exists, else a
tiny one built here (tests/ui/small_office.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HAVE_DEMO = (Path(__file__).resolve().parents[2] / "app" / "demo" / "__init__.py").is_file()


def office_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A closed copy of the office database for this test."""
    if HAVE_DEMO:
        return request.getfixturevalue("demo_path")
    from tests.ui.small_office import small_office_path

    return small_office_path(request.getfixturevalue("template_db"), tmp_path)


def shared_office(demo_template: Path, folder: Path) -> Iterator[Any]:
    """A copy of the demo office in `folder`, its queue rebuilt, for a module's tests that only
    read it (the big-text and scaled-display walks): opened once, closed after them."""
    from app.cases.rebuild import rebuild_queue
    from db.store import open_database
    from tests.conftest import TEST_KEY, _copy_db
    from ui.app import application

    application()
    db = open_database(_copy_db(demo_template, folder / "demo.db"), TEST_KEY)
    with db.session() as s:
        rebuild_queue(s, None)
    yield db
    db.close()
