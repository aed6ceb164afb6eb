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


@pytest.fixture(autouse=True)
def _mnemonics_as_in_the_app(request: pytest.FixtureRequest) -> None:
    """Every window gets its Alt+letters as the keyboard enters it, as ui/app.py's application()
    has it, whichever test ran first (tests read a control's words through ui.mnemonic_text's
    `plain`)."""
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        from ui.mnemonics import install
        from ui.tab_order import install as install_tab_order

        install(request.getfixturevalue("qapp"))
        install_tab_order(request.getfixturevalue("qapp"))
