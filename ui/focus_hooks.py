"""Following the keyboard through every window: a hook object with an `entered(old, new)` slot,
made a child of the application and led by QApplication.focusChanged — a signal, not an
application-wide event filter, which would run Python on every event the application handles.
The Alt+letters, the Tab order, the screen-reader names, a dialog's keys and its size at the
user's text size each install one (ui/mnemonics.py, ui/tab_order.py, ui/accessible.py,
ui/dialog_keys.py, ui/screen_fit.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication


def follow_focus(app: QApplication, flag: str, kind: type[QObject]) -> None:
    """Lead a `kind` hook, made a child of `app`, by every focus change; once per application
    (the application's property `flag` says it is done)."""
    if app.property(flag):
        return
    hook = kind(app)
    app.focusChanged.connect(hook.entered)  # type: ignore[attr-defined]
    app.setProperty(flag, True)
