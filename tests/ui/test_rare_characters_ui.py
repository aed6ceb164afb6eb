"""The window has the PDFs' fallback font for rarer Chinese characters too (ui/fonts.py), so a
name such as 刘䶮 reads on screen as on paper on a machine with no font for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QLabel

from ui.app import application

pytestmark = pytest.mark.gui


def test_the_fallback_font_is_the_app_fonts_last(qtbot, screenshot_dir) -> None:
    app = application()
    assert "Casedesk Han Extra" in QFontDatabase.families()
    assert app.font().families()[-2:] == ["WenQuanYi Micro Hei", "Casedesk Han Extra"]
    assert QFontMetrics(QFont("Casedesk Han Extra")).inFontUcs4(0x4DAE)  # 䶮
    label = QLabel("借款人：刘䶮 𬭚")
    qtbot.addWidget(label)
    label.show()
    label.grab().save(str(Path(screenshot_dir) / "rare_characters_label.png"))


def test_the_window_loads_the_files_the_pdfs_embed() -> None:
    from reports import fonts as pdf_fonts
    from ui import fonts

    assert (fonts.FONT_FILE, fonts.EXTRA_FILE) == (pdf_fonts.MAIN_FILE, pdf_fonts.EXTRA_FILE)
