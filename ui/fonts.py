"""The bundled CJK font, registered so Chinese renders on a machine without Chinese fonts."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FONT_FILE = "wqy-microhei.ttc"  # same TrueType CJK font the PDFs embed
_registered: str | None = None


def register_cjk_font(app: QApplication) -> str | None:
    """Load the font once and make it the app font's fallback; returns its family or None."""
    global _registered
    if _registered is None:
        source = resources.files("resources.fonts").joinpath(FONT_FILE)
        with resources.as_file(source) as path:
            font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:  # e.g. a zipped install whose temporary copy is gone: load the bytes
            font_id = QFontDatabase.addApplicationFontFromData(QByteArray(source.read_bytes()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            return None
        _registered = families[0]
    font = QFont(app.font())
    if _registered not in font.families():
        # Latin text keeps the platform font; Han characters fall through to the bundled one.
        font.setFamilies([*font.families(), _registered])
        app.setFont(font)
        for family in font.families()[:-1]:
            QFont.insertSubstitution(family, _registered)
    return _registered
