"""Writing a file the user named (a PDF, an export): checked before any work, written beside
its target and moved into place only when whole, so a failure never leaves half a file and an
existing file is replaced only when the user said so (--force, or the save dialog's question)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app import held_files
from app.errors import ValidationError
from app.paths import refuse_special

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def check_target(path: Path, *, replace: bool = True) -> None:
    """Refuse, before anything is gathered, a target that cannot or must not be written: a
    device or a pipe, a folder given as the file, a folder that does not exist, and (unless
    `replace`) a file already there (last month's printed report, a signed copy)."""
    path = Path(path)
    refuse_special(path)
    if path.is_dir():
        raise ValidationError("{path} is a folder, not a file.", path=str(path))
    if not path.parent.is_dir():
        raise ValidationError(
            "Cannot write {path}: there is no folder {folder}.",
            path=str(path),
            folder=str(path.parent),
        )
    if not replace and path.exists():
        raise ValidationError(
            "A file is already at {path}; add --force to replace it.", path=str(path)
        )


def partial_of(path: Path) -> Path:
    """Where `path` is written before it is moved into place: beside it, on the same disk."""
    return path.with_name(path.name + ".part")


PRIVATE = 0o600  # a file of people's data in full: only its owner reads it


def made_empty(path: Path, *, private: bool = False) -> None:
    """Create (or empty) `path` before its first byte is written: `private`, readable by its
    owner alone, whatever mode a file left there had (writing it again keeps the mode)."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE if private else 0o666))
    if private:
        os.chmod(path, PRIVATE)


@contextmanager
def written_whole(path: Path, *, private: bool = False) -> Iterator[Path]:
    """Give the file to write instead of `path`; when the block ends without an error it is moved
    onto `path`, else removed. An OS error is named by `path`, as the user named it, not by the
    partial file (on Windows, a `path` open in a PDF viewer or Excel refuses the move: the
    error then says the file is open in another program, and the file is left as it was).
    A `private` file (people's data in full) is readable by its owner alone."""
    path = Path(path)
    partial = partial_of(path)
    try:
        if private:
            made_empty(partial, private=True)
        yield partial
        held_files.replace(partial, path)  # a moment's wait for a scan of the file it replaces
    except OSError as error:
        raise held_files.named(error, path) from None
    finally:
        drop(partial)


@contextmanager
def kept_if_recorded(session: Session, path: Path) -> Iterator[None]:
    """Around recording the audit entry of the document just written at `path`, then commits
    `session`; if the block or the commit fails, the transaction is rolled back and the file
    removed: a document not on the audit trail is not handed out (a printed report or agreement
    leaves the database with people's names in it)."""
    try:
        yield
        session.commit()
    except BaseException:
        # A COMMIT that SQLite refused leaves its transaction open, the write lock held, on the
        # pooled connection: end it (a rollback failing too must not hide the first error).
        with contextlib.suppress(Exception):
            session.rollback()
        Path(path).unlink(missing_ok=True)
        raise


def drop(partial: Path) -> None:
    """Remove a partial file if it is there; its removal failing (the reason the write failed,
    such as a name too long) must not hide the write's own error."""
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)


def copy_whole(source: Path, target: Path) -> None:
    """Copy `source` to `target` (a Save as…), moved into place when whole; a copy onto itself
    does nothing, onto a device is refused. A missing folder is the OS error the caller words."""
    target = Path(target)
    if target.resolve() == Path(source).resolve():
        return
    refuse_special(target)
    with written_whole(target) as partial:
        shutil.copyfile(source, partial)
