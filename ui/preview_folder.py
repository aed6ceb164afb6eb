"""A page's folder of previewed PDFs (app/preview_files.py): made when first needed, removed
when the page goes or Casedesk closes; each PDF goes when its preview closes
(PdfPreviewDialog's `temporary`)."""

from __future__ import annotations

import atexit
import shutil
from pathlib import Path

from PySide6.QtCore import QObject

from app.preview_files import new_folder


class PreviewFolder:
    """The temporary folder of one page's previews."""

    def __init__(self, owner: QObject) -> None:
        self._path: Path | None = None
        owner.destroyed.connect(lambda *_args: self.remove())

    def path(self) -> Path:
        """The folder, made anew if it is not there (the computer's clean-up removed it)."""
        if self._path is None or not self._path.is_dir():
            self._path = new_folder()
            atexit.register(shutil.rmtree, self._path, True)
        return self._path

    def fresh(self, name: str) -> Path:
        """Where to write a preview named `name`: that name in the folder, or "name-2.pdf"… while
        an earlier preview's file is still there (on Windows a file a viewer, a scan or the
        printer still holds can be neither removed nor written over)."""
        folder = self.path()
        stem, suffix = Path(name).stem, Path(name).suffix
        path, n = folder / name, 1
        while path.exists():
            n += 1
            path = folder / f"{stem}-{n}{suffix}"
        return path

    def remove(self) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
