"""Which office GUI and query tests run on: the shared demo office once app.demo exists, else a
tiny one built here (tests/ui/small_office.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

HAVE_DEMO = (Path(__file__).resolve().parents[2] / "app" / "demo" / "__init__.py").is_file()


def office_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A closed copy of the office database for this test."""
    if HAVE_DEMO:
        return request.getfixturevalue("demo_path")
    from tests.ui.small_office import small_office_path

    return small_office_path(request.getfixturevalue("template_db"), tmp_path)
