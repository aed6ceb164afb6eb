"""Switching language back and forth keeps one qtbase translator and one for Qt's gaps: a new
pair made on every switch to Chinese stayed the application's children for good."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTranslator
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def _translators(app: QApplication) -> int:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return len(app.findChildren(QTranslator))


def test_switching_language_again_and_again_makes_no_more_translators(qapp) -> None:
    from ui.language import apply_language

    counts = []
    try:
        for _round in range(5):
            apply_language("zh_CN")
            assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
            assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
            counts.append(_translators(qapp))
            apply_language("en")
            assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
            counts.append(_translators(qapp))
    finally:
        apply_language("en")
    assert counts == [counts[0]] * len(counts), counts
    assert counts[0] <= 2  # qtbase_zh_CN's and the gaps'
