"""Where a Save as… writes: the name chosen in Qt's file dialog with its extension added when it
was typed without one ("上门 日程 2026.12" keeps its ".12"). Qt's own dialog (Linux) asked about
the name as typed, not the one with the extension, so when adding it names a file that is already
there the user is asked here first (found by QA: typing "november" replaced november.pdf
without a word). Windows' and macOS's own dialogs add the extension themselves and ask."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import tr as _
from ui.std_buttons import Answer, message_box


def with_extension(parent: QWidget | None, chosen: str, suffix: str) -> Path | None:
    """`chosen` with `suffix` (".pdf") added when missing; None when that names a file already
    there and the user keeps it."""
    path = Path(chosen)
    if path.suffix.lower() == suffix:
        return path
    path = path.with_name(path.name + suffix)
    if not path.exists():
        return path
    box = message_box(
        QMessageBox.Icon.Question,
        _("Save as…"),
        _("{name} already exists. Replace it?", name=path.name),
        Answer.Yes | Answer.No,
        parent,
        default=Answer.No,
    )
    return path if box.exec() == Answer.Yes else None


SAVE_FOLDER = "pdf/save_folder"  # QSettings: the folder a file was last saved to here


def proposed_path(name: str) -> str:
    """What a Save dialog proposes: `name` in the folder a file was last saved to on this
    workstation (a PDF's Save as…, an export, the roster), else the home folder."""
    from ui.table_state import settings

    folder = settings().value(SAVE_FOLDER)
    start = Path(str(folder)) if folder and Path(str(folder)).is_dir() else Path.home()
    return str(start / name)


def remember_folder(path: Path) -> None:
    """The next Save dialog starts in `path`'s folder."""
    from ui.table_state import settings

    settings().setValue(SAVE_FOLDER, str(Path(path).parent))
