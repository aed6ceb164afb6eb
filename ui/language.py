"""The window's language: the core's catalogs (app.i18n) plus Qt's own strings (standard buttons,
context menus, file and print dialogs) from the qtbase translations PySide6 ships."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.errors import ValidationError
from app.i18n import SUPPORTED, current_language, set_language, supported_language

_installed: list[QTranslator] = []  # in the application now
_made: list[QTranslator] = []  # made for `_translators_of`'s application, kept for the next switch
_translators_of: list[QCoreApplication] = []


def qt_gaps_zh() -> dict[tuple[str, str], str]:
    """Qt's own strings that the shipped qtbase_zh_CN lacks in the form this Qt asks for (its file
    dialog's "&Look in:" where the catalog has "Look in:"): the widget-based file dialog, which
    Linux uses without a desktop portal, showed them in English in the Chinese window. (Qt's
    words, not Casedesk's msgids: kept out of the module's constant tables the msgid checks read.)
    """
    return {
        ("QFileDialog", "&Look in:"): "查找范围(&L)：",
        ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
        ("QFileSystemModel", "Folder"): "文件夹",
        ("QFileIconProvider", "Folder"): "文件夹",
        # Qt 6's file dialog asks its icon provider's base class (QA s42 still saw "Folder").
        ("QAbstractFileIconProvider", "Folder"): "文件夹",
    }


class QtGaps(QTranslator):
    """A translator for the few strings of `qt_gaps_zh`, installed after qtbase's (so asked
    first); anything else goes on to qtbase's."""

    words = qt_gaps_zh()

    def translate(  # noqa: D102 -- QTranslator's
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None (a null QString) lets Qt ask the next translator; "" would be taken as the text.
        return self.words.get((str(context), source_text))

    def isEmpty(self) -> bool:  # noqa: N802 (Qt override)
        return False


def qt_translations_folder() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def _translators(app: QCoreApplication) -> list[QTranslator]:
    """qtbase_zh_CN's translator and the gaps' (empty when the .qm is missing), made once per
    application and kept: a pair made on every switch to Chinese stayed the application's
    children for good (two more QTranslators a switch, never freed)."""
    if not _translators_of or _translators_of[0] is not app:
        _translators_of[:] = [app]
        _made.clear()
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", qt_translations_folder()):
            _made.extend([translator, QtGaps(app)])  # the last installed is asked first
        else:
            translator.deleteLater()
    return _made


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
    translators = _translators(app)
    for translator in translators:
        app.installTranslator(translator)
        _installed.append(translator)
    return bool(translators)


def apply_language(lang: str | None) -> str:
    """Use `lang` (None: CASEDESK_LANG or the system's) for every new text; returns the code.

    A language Casedesk does not speak is refused, not taken as English: --lang is checked where
    it is parsed (app/cli/options.py), a user's choice where it is saved (app/office_settings.py),
    and an unknown CASEDESK_LANG is said once at the start (app/cli/main.py)."""
    code = supported_language(lang) if lang else None
    if lang and code is None:
        raise ValidationError(
            "unsupported language {name}; choose one of: {choices}",
            name=lang,
            choices=list(SUPPORTED),
        )
    set_language(code)
    code = current_language()
    install_qt_translator(code)
    return code
