"""The bundled CJK fonts, registered so Chinese renders on a machine without Chinese fonts: the
main one, and the one the PDFs fall back to for rarer characters (reports/fonts.py), so a name
such as 刘䶮 reads the same on screen as on paper."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# The PDFs' two fonts (reports/fonts.py: MAIN_FILE, EXTRA_FILE), named again here so that the
# window's start does not import ReportLab (tests/db/test_lazy_imports.py).
FONT_FILE = "wqy-microhei.ttc"
EXTRA_FILE = "casedesk-han-extra.ttf"
_registered: list[str] = []


def _load(file_name: str) -> str | None:
    """Load a bundled font file; its family, or None."""
    source = resources.files("resources.fonts").joinpath(file_name)
    with resources.as_file(source) as path:
        font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:  # e.g. a zipped install whose temporary copy is gone: load the bytes
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(source.read_bytes()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def register_cjk_font(app: QApplication) -> str | None:
    """Load the fonts once and make them the app font's fallbacks; returns the main one's
    family or None."""
    if not _registered:
        main = _load(FONT_FILE)
        if main is None:
            return None
        extra = _load(EXTRA_FILE)
        _registered.extend([main] if extra is None else [main, extra])
    font = QFont(app.font())
    if _registered[0] not in font.families():
        # Latin text keeps the platform font; Han characters fall through to the bundled ones.
        platform = font.families()
        font.setFamilies([*platform, *_registered])
        app.setFont(font)
        for family in platform:
            QFont.insertSubstitutions(family, _registered)
    return _registered[0]
