"""The bundle carries what Help ▸ Third-party licences reads (app/licences.py): the dist-info
folder of every component read from its metadata, and the licence files in resources/."""

from __future__ import annotations

from pathlib import PurePosixPath
from types import ModuleType

from app.licences import SOURCES, metadata_distributions
from tests.packaging.test_bundle_data import _bundled, bd  # noqa: F401 - the fixture


def _key(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return name.lower().replace("_", "-").replace(".", "-")


def test_every_distribution_the_licences_read_is_copied(bd: ModuleType) -> None:  # noqa: F811
    copied = {_key(n) for n in (*bd.LICENCE_METADATA, *bd.METADATA)}
    every = {_key(d) for source in SOURCES for d in source.dists}
    assert every <= copied, sorted(every - copied)
    installed = {_key(n) for n in metadata_distributions()}
    assert {"pyside6-essentials", "sqlalchemy", "reportlab", "qtawesome"} <= installed
    assert installed <= copied
    assert bd.has_metadata("SQLAlchemy") and not bd.has_metadata("no-such-distribution-here")


def test_the_licence_files_in_resources_ship(bd: ModuleType) -> None:  # noqa: F811
    shipped = _bundled(bd)
    files = {str(PurePosixPath("resources") / f) for source in SOURCES for f in source.files}
    assert "resources/licences/LGPL-3.0.txt" in files
    assert "resources/fonts/LICENSE-noto-cjk.txt" in files
    assert files <= shipped, sorted(files - shipped)
