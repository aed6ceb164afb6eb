"""Each page of the main window shown in turn, as a user opens it: the Cases page with a case in
it and the dashboard with its charts built (they come after the first paint otherwise). The dark
and the big-text tests judge every page this way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtWidgets import QWidget


def each_page(window: Any) -> Iterator[tuple[str, QWidget]]:
    """(name, page) for every page of `window` (a MainWindow), each shown before it is given."""
    for name in window.page_names:
        page = window.page(name)
        window.show_page(page)
        if name == "cases":
            page.show_case(1)
        if name == "dashboard":
            page.charts()
        yield name, page
