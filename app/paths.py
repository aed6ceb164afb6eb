"""Where Casedesk keeps its data: the platform's per-user data folder unless --db says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Casedesk"
PRIVATE_FOLDER = 0o700  # the data folder and what Casedesk makes in it: the user's alone
PRIVATE_FILE = 0o600  # the error log


def data_dir() -> Path:
    override = os.environ.get("CASEDESK_HOME")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "casedesk.db"


def make_private(path: Path, mode: int) -> None:
    """Give `path` `mode` on Linux and macOS (a no-op on Windows, whose per-user folders are the
    user's already); a file system that keeps no modes (a FAT drive) is left as it is."""
    if os.name != "nt":
        try:
            os.chmod(path, mode)
        except OSError:
            pass


def make_folder(folder: Path) -> None:
    """Make `folder` and its missing parents, as `mkdir -p` (its errors are the caller's to
    word). The folders made in the data folder (the data folder itself, logs/, backups/) are
    private to the user: they hold the office's database, its backups and the error log, and
    the process umask (022, typical) would let every account on the computer list and read them.

    Folders made elsewhere keep the umask's mode, and so do the files a user saves (exports,
    PDFs) to a folder they chose: the user chose where to share them (a team folder, a drive
    for the auditor), and narrowing their modes would lock out the people they are for.
    """
    folder = Path(os.path.abspath(folder))
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    home = Path(os.path.abspath(data_dir()))
    for made in missing:
        if made == home or home in made.parents:
            make_private(made, PRIVATE_FOLDER)


def typed_path(text: str) -> str:
    """A path as typed or pasted, without the spaces around it and the one pair of quotes that
    Windows' "Copy as path" puts around it ("C:\\Users\\张伟\\催收 资料\\casedesk.db")."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


# Names Windows keeps for devices, whatever follows a dot ("con.pdf" writes to the console on
# older Windows, and no Windows can hold a file of that name).
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)]
)
_NOT_IN_WINDOWS_NAMES = frozenset('<>:"/\\|?*') | {chr(c) for c in range(32)}


def refuse_windows_name(path: Path) -> None:
    """Refuse a file name Windows cannot hold, on every system: a device name, a final dot or
    space (Windows drops them: the file would not be where it was said to be), or < > : " / \\ |
    ? * (":" writes a hidden stream on NTFS). The office's files travel between its computers,
    on drives and shares: a name that works here would fail on the next one, far from its cause."""
    from app.errors import ValidationError

    name = path.name
    if not name:
        return
    if name.split(".")[0].rstrip(" ").upper() in _WINDOWS_DEVICES:
        raise ValidationError(
            "{name} is a device's name on Windows, not a file name; choose another name.",
            name=name,
        )
    if name[-1] in ". ":
        raise ValidationError(
            "{name} ends with a dot or a space, which Windows drops from file names; choose "
            "another name.",
            name=name,
        )
    if any(c in _NOT_IN_WINDOWS_NAMES for c in name):
        raise ValidationError(
            '{name} has a character Windows does not allow in file names (< > : " / \\ | ? *); '
            "choose another name.",
            name=name,
        )


def refuse_special(path: Path) -> None:
    """Refuse to write over what is not a plain file: a file is written beside its target and
    moved into place, and moved onto a device (/dev/null) or a pipe it would replace it. A name
    Windows cannot hold is refused too (refuse_windows_name)."""
    from app.errors import ValidationError

    refuse_windows_name(path)
    if path.exists() and not path.is_file() and not path.is_dir():  # a folder: said by the caller
        raise ValidationError(
            "{path} is not a plain file (a device or a pipe); choose a file name.", path=str(path)
        )


def name_part(text: str) -> str:
    """`text` (a user name, a label) made fit to be part of a file name on every system: each
    character Windows forbids becomes "_", and neither a device's name nor a final dot or space
    is left ("li:1" → "li_1", "con" → "_con"). A name Casedesk proposes is never one it refuses."""
    text = "".join("_" if c in _NOT_IN_WINDOWS_NAMES else c for c in text)
    text = text.rstrip(". ") or "_"
    if text.split(".")[0].rstrip(" ").upper() in _WINDOWS_DEVICES:
        text = "_" + text
    return text
