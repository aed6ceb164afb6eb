"""Alt+letter mnemonics for every window, given in one place (KDE's KAcceleratorManager): no msgid
carries an "&" of its own.

Each time the keyboard focus moves in a dialog or the main window, and each time one of its
stacks turns a page (a side-bar page, a tab), the visible push buttons, tool buttons with text,
check boxes, radio buttons, tab titles (ui/mnemonic_tabs.py) and form labels (a label with a
buddy that takes keys, not a read-only value) of the window that lack a mnemonic get one, unique
within the window: "&Save" in English, "保存(&S)" in Chinese (ui/mnemonic_text.py); an English
text whose letters are all taken goes without, never "Name(&6):". A mnemonic a
text already has is kept, and one given before is kept while it stays unique, so a letter does
not move under the user's fingers; the menu bar's letters (File, Edit…) are left to the menus.

OK, Cancel and Close take no letter, as on Windows: Enter and Escape press them already (a form's
own commit button, "Save draft", "Record payment", takes one). The text as written stays readable
through `plain` and the widget's "mnemonic_plain" property.
"""

from __future__ import annotations

import logging
import sys

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QWidget,
    QWizard,
)

from app.i18n import current_language, tr
from ui.accessible import describe_once
from ui.focus_hooks import follow_focus
from ui.mnemonic_tabs import TabTitle, tab_titles
from ui.mnemonic_text import english_letters, letters_of, literal, mnemonic, plain, with_mnemonic
from ui.std_buttons import words

ORIGINAL = "mnemonic_original"  # the text as the code set it
GIVEN = "mnemonic_given"  # the text with the mnemonic this manager gave it
PLAIN = "mnemonic_plain"  # the text as read, without a mnemonic
NONE = "no_mnemonic"  # a widget the code wants left alone
WATCHED = "mnemonic_watched"
INSTALLED = "mnemonics"
log = logging.getLogger(__name__)

Labelled = QAbstractButton | QLabel | TabTitle


def managed(window: QWidget) -> bool:
    """Whether `window` is one of Casedesk's dialogs, message boxes or main windows: not one of
    Qt's own dialogs (a file or print dialog), which name their controls themselves. A message
    box's buttons in Casedesk's words ("Discard", "Keep editing") get letters beside Qt's own
    (Qt's "&Yes" keeps its letter)."""
    if not isinstance(window, QDialog | QMainWindow):
        return False
    kind = type(window)
    own = (QDialog, QMainWindow, QWizard, QMessageBox)
    return kind in own or not kind.__module__.startswith("PySide6.")


def _candidate(widget: QWidget, window: QWidget) -> bool:
    if widget.window() is not window or widget.property(NONE):
        return False
    if not widget.isVisibleTo(window):
        return False
    if isinstance(widget, QLabel):
        buddy = widget.buddy()
        if buddy is None or not buddy.isVisibleTo(window) or not widget.text().strip():
            return False
        if buddy.focusPolicy() == Qt.FocusPolicy.NoFocus and buddy.focusProxy() is None:
            return False  # Alt+letter would lead nowhere (a row of fields' holder)
        if isinstance(buddy, QLabel):
            # A read-only value ("Status: Contacted"): Alt+letter put the keys on text that
            # takes none, outside the Tab chain; a case's summary in Chinese took 0–7 for them.
            return False
        form = widget.textFormat()
        if form == Qt.TextFormat.AutoText:
            return not QtGui.Qt.mightBeRichText(widget.text())
        return form != Qt.TextFormat.RichText
    if isinstance(widget, QToolButton):  # shown with its words, not an icon alone
        words = widget.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly
        return words and bool(widget.text()) and not isinstance(widget.parentWidget(), QTabBar)
    return isinstance(widget, QPushButton | QCheckBox | QRadioButton) and bool(widget.text())


def _first(widget: Labelled) -> bool:
    """A dialog's own buttons (OK, Save…) and its default one choose their letters first."""
    if isinstance(widget, TabTitle):
        return False
    default = isinstance(widget, QPushButton) and widget.isDefault()
    return default or isinstance(widget.parentWidget(), QDialogButtonBox)


def candidates(window: QWidget) -> list[Labelled]:
    """The controls of `window` that take a mnemonic: its dialog buttons and default button
    first, then the rest (tab titles among them) from top to bottom, left to right."""
    found: list[Labelled] = [
        w
        for w in [*window.findChildren(QAbstractButton), *window.findChildren(QLabel)]
        if isinstance(w, QAbstractButton | QLabel) and _candidate(w, window)
    ]
    found += tab_titles(window, NONE)

    def place(widget: Labelled) -> tuple[int, int, int]:
        if isinstance(widget, TabTitle):
            at = widget.place(window)
        else:
            at = widget.mapTo(window, widget.rect().topLeft())
        return (0 if _first(widget) else 1, at.y(), at.x())

    return sorted(found, key=place)


def reserved(window: QWidget) -> set[str]:
    """Letters taken by what this manager does not give: the menu bar's, group boxes'."""
    taken: set[str] = set()
    if isinstance(window, QMainWindow) and window.menuWidget() is not None:
        taken |= {m for a in window.menuBar().actions() if (m := mnemonic(a.text()))}
    for box in window.findChildren(QGroupBox):
        if box.window() is window and box.isVisibleTo(window) and (m := mnemonic(box.title())):
            taken.add(m)
    return taken


def standard_words() -> set[str]:
    """The words of OK, Cancel and Close, in Qt's and in Casedesk's translation."""
    english = ("OK", "Cancel", "Close")
    qt = {QCoreApplication.translate("QPlatformTheme", word) for word in english}
    return {*english, *qt, tr("Cancel"), tr("Close"), words(QMessageBox.StandardButton.Ok)}


def _exempt(widget: Labelled, window: QWidget) -> bool:
    """OK, Cancel and Close in a dialog: Enter and Escape are their keys."""
    return (
        isinstance(window, QDialog)
        and isinstance(widget, QPushButton)
        and plain(widget.text()).strip() in standard_words()
    )


def refresh(window: QWidget) -> bool:
    """Give `window`'s visible controls their mnemonics (see the module's docstring); True when
    a text changed."""
    taken = reserved(window)
    changed = False
    kept: list[Labelled] = []
    fresh: list[Labelled] = []
    for widget in candidates(window):
        text = widget.text()
        if text == widget.property(GIVEN):
            kept.append(widget)
            continue
        widget.setProperty(ORIGINAL, text)
        widget.setProperty(PLAIN, plain(text))
        widget.setProperty(GIVEN, None)
        own = mnemonic(text)
        if own is not None:
            taken.add(own)  # the text's own letter comes first, as it was written
            changed = _set(widget, literal(text)) or changed
        else:
            fresh.append(widget)
    for widget in kept:  # given before: kept while unique
        letter = mnemonic(widget.text())
        if letter is not None and letter not in taken:
            taken.add(letter)
        else:
            fresh.append(widget)
    given = _letters(window, sorted(fresh, key=_wanted), taken)
    for widget in fresh:
        original = str(widget.property(ORIGINAL))
        lettered = given.get(id(widget))
        changed = _set(widget, lettered if lettered is not None else literal(original)) or changed
        widget.setProperty(GIVEN, widget.text() if lettered is not None else None)
    return changed


def _wanted(widget: Labelled) -> bool:
    """Buttons, check boxes and tabs choose before form labels (False sorts first): when there
    are not letters enough for every English text — a case's summary has more labels than the
    alphabet has letters to spare — a read-only "Phones:" goes without before "Log contact…"."""
    return isinstance(widget, QLabel)


def _letters(window: QWidget, fresh: list[Labelled], taken: set[str]) -> dict[int, str | None]:
    """Each fresh control's text with its letter (by the control's id), None for none: English
    words take a letter of theirs, as many as can (ui/mnemonic_text.py english_letters); Chinese
    and words with no Latin letter append "(&X)", in order."""
    given: dict[int, str | None] = {}
    words: list[Labelled] = []
    for widget in fresh:
        original = str(widget.property(ORIGINAL))
        if _exempt(widget, window):
            given[id(widget)] = None
        elif current_language() == "en" and letters_of(plain(original)):
            words.append(widget)
    # The dialog's own and default buttons are matched first and alone: the matching moves a
    # letter to fit one more text in, and gave Save's S to "Supervisor override…" ("Sa&ve").
    for group in ([w for w in words if _first(w)], [w for w in words if not _first(w)]):
        texts = [str(w.property(ORIGINAL)) for w in group]
        for widget, text in zip(group, english_letters(texts, taken), strict=True):
            given[id(widget)] = text
    for widget in fresh:
        if id(widget) not in given:
            given[id(widget)] = with_mnemonic(str(widget.property(ORIGINAL)), taken)
    return given


def _set(widget: Labelled, text: str) -> bool:
    if widget.text() == text:
        return False
    widget.setText(text)
    return True


class _Watch(QObject):
    """A window's watcher: its stacks' page turns give the page shown its letters. A child of
    the window holding no Python reference to it (ui/dialog_keys.py says why)."""

    def turned(self, _index: int = 0) -> None:
        window = self.parent()
        if isinstance(window, QWidget):
            manage(window)


def watch_stacks(window: QWidget, kind: type[QObject], flag: str = WATCHED) -> None:
    """Each page turn of `window`'s stacks (a side-bar page, a tab) calls the `turned` of its
    one watcher of `kind` (made once, a child of the window; each kind a class of its own,
    none a subclass of another's: findChild would take one for the other); `flag` marks a
    stack connected."""
    watch = window.findChild(kind)
    if watch is None:
        watch = kind(window)
    for stack in window.findChildren(QStackedWidget):
        if not stack.property(flag):
            stack.setProperty(flag, True)
            stack.currentChanged.connect(watch.turned)  # type: ignore[attr-defined]


def manage(window: QWidget) -> None:
    """`refresh` a managed `window`; never raises (letters must not cost the window anything)."""
    if not managed(window):
        return
    try:
        describe_once(window)  # form labels get their buddies first (ui/accessible.py)
        watch_stacks(window, _Watch)
        layout = window.layout()
        if refresh(window) and window.isVisible() and layout is not None:
            layout.activate()  # a wider text widens the window now, not after it was painted
    except Exception:
        log.exception("Could not give mnemonics to %s", type(window).__name__)


def text_changed(widget: QWidget) -> None:
    """A control whose words the code changed while shown ("Approve" → "Ready for signing") gets
    its letter now, not at the next focus move; only where letters are given (not on macOS)."""
    app = QApplication.instance()
    if app is not None and app.property(INSTALLED):
        manage(widget.window())


class _OnFocus(QObject):
    """Led by QApplication.focusChanged, as ui/accessible.py is (which says why)."""

    def entered(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            manage(new.window())


def install(app: QApplication, platform: str = sys.platform) -> None:
    """Every managed window of `app` gets its mnemonics as the keyboard moves in it; not on
    macOS, which has no Alt+letter (Qt shows no underline there, and "保存(&S)" would read
    "保存(S)")."""
    if platform != "darwin":
        follow_focus(app, INSTALLED, _OnFocus)
