"""Fixtures shared by the window's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.i18n import set_language


@pytest.fixture(params=["en", "zh_CN"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    """The test run once in English and once in Chinese, English again after it."""
    set_language(request.param)
    yield request.param
    set_language("en")
