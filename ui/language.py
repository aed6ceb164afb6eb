"""The window's language: the core's catalogs (app.i18n) plus Qt's own strings (standard buttons,
context menus, file and print dialogs) from the qtbase translations PySide6 ships."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.i18n import current_language, normalise, set_language

_installed: list[QTranslator] = []


def qt_translations_folder() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_qt_translator(lang: str) -> bool:
    """Replace Qt's translator with `lang`'s (none for English); True when one was loaded."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    while _installed:
        app.removeTranslator(_installed.pop())
    if lang != "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if not translator.load("qtbase_zh_CN", qt_translations_folder()):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def apply_language(lang: str | None) -> str:
    """Use `lang` (None: CASEDESK_LANG or the system's) for every new text; returns the code."""
    set_language(normalise(lang) if lang else None)
    code = current_language()
    install_qt_translator(code)
    return code
