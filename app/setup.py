"""Setting up a new office database: a fresh key, the file built under a temporary name and moved
into place only when complete, the office and its first admin, the key kept in the keychain.
`casedesk init`, `casedesk demo` and the window's first-run wizard all go through here (no Qt).
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import ValidationError
from db.leftovers import drop_stale_partials
from db.store import Database

CURRENCIES = ("CNY", "USD", "GBP", "EUR", "HKD")
JURISDICTION_CURRENCY = {"cn": "CNY", "us": "USD", "gb": "GBP", "uk": "GBP"}
MIN_ADMIN_PASSWORD = 8
LONG_PASSWORD = 12  # a password this long is strong enough in one kind of character (a passphrase)
MAX_OFFICE_NAME = 200  # app/office_settings.py holds Settings to the same


# The zone the wizard suggests for a rule set until the user chooses one (an office west of New
# York changes it).
JURISDICTION_ZONE = {"cn": "Asia/Shanghai", "us": "America/New_York", "uk": "Europe/London"}
SUGGESTED_ZONES = frozenset(JURISDICTION_ZONE.values())


def currency_for(jurisdiction: str) -> str:
    return JURISDICTION_CURRENCY.get(jurisdiction, "CNY")


def zone_for(jurisdiction: str) -> str:
    return JURISDICTION_ZONE.get(jurisdiction, "Asia/Shanghai")


# --- the key ----------------------------------------------------------------------------------


def new_key() -> tuple[str, bool]:
    """(key, from_env): CASEDESK_DB_KEY when set, else a fresh random key."""
    from db.keystore import generate_key, parse_key

    env = os.environ.get("CASEDESK_DB_KEY")
    if env:
        return parse_key(env), True
    return generate_key(), False


def keep_key(path: Path, key: str, from_env: bool) -> str:
    """Store the key in the keychain unless it came from the environment.

    Returns "env", "keychain" or "none" (no keychain here: the recovery key is the only copy).
    """
    from db.keystore import store_in_keychain

    if from_env:
        return "env"
    return "keychain" if store_in_keychain(path, key) else "none"


# --- the file ---------------------------------------------------------------------------------


def _side_files(path: Path) -> list[Path]:
    return [path, *(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]


def remove_database_files(path: Path) -> None:
    for file in _side_files(path):
        try:
            file.unlink()
        except FileNotFoundError:
            pass


def _cannot_create(path: Path, error: OSError) -> ValidationError:
    from app.errors import os_reason

    return ValidationError(
        "Cannot create the database {path}: {reason}.", path=str(path), reason=os_reason(error)
    )


def _nearest_existing(folder: Path) -> Path:
    """`folder`, or the nearest of its ancestors that exists."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _no_file_in_the_way(path: Path) -> None:
    """Refuse a file where one of `path`'s folders should be (mkdir says "it already exists"),
    and a name Windows cannot hold."""
    from app.paths import refuse_windows_name

    refuse_windows_name(path)
    if not _nearest_existing(path.parent.absolute()).is_dir():
        raise _cannot_create(path, NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)))


def _check_can_create(path: Path, partial: Path) -> None:
    """Refuse, in one line naming `path`, a database that cannot be created there (a file where a
    folder should be, a folder that cannot be made or written) before anything is built; makes
    the missing folders."""
    from db.engine import check_path

    _no_file_in_the_way(path)
    try:
        check_path(path, must_exist=False)  # also refuses a network share
        remove_database_files(partial)
        handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise _cannot_create(path, exc) from None
    os.close(handle)
    partial.unlink()


def check_can_create(path: Path) -> None:
    """What `building` would refuse about `path` (a file where a folder should be, a network
    share, a folder that cannot be made or written), checked without leaving anything behind: a
    command refuses before it asks for a password."""
    from db.sqlcipher import BESIDE_BYTES, refuse_network_share, refuse_too_long

    _no_file_in_the_way(path)
    refuse_network_share(path)
    refuse_too_long(path, BESIDE_BYTES)
    parent = path.parent.absolute()
    existing = _nearest_existing(parent)
    probe = existing / f".{path.name}.{os.getpid()}.probe"
    try:
        if existing == parent:  # can a file be made where the database goes?
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            probe.unlink()
        else:  # can the missing folders be made?
            probe.mkdir()
            probe.rmdir()
    except OSError as exc:
        raise _cannot_create(path, exc) from None


@contextmanager
def building(path: Path, key: str, keep: Path | None = None) -> Iterator[Database]:
    """Create a database at head under a temporary name; move it to `path` only when the block
    succeeds. On any failure or Ctrl-C the half-made file is removed and `path` is untouched.
    With `keep`, a file already at `path` is moved there (not deleted) when the new one comes."""
    from app.audit_anchor import anchor_anew, chain_head
    from db.store import open_database

    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    _check_can_create(path, partial)
    drop_stale_partials(path)
    try:
        database = open_database(partial, key, create=True)
        try:
            yield database
            with database.sessions() as session:
                head = chain_head(session)
        finally:
            database.close()
        if keep is not None and path.exists():
            for suffix in ("", "-wal"):
                if Path(f"{path}{suffix}").exists():
                    os.replace(Path(f"{path}{suffix}"), Path(f"{keep}{suffix}"))
        remove_database_files(path)
        for suffix in ("", "-wal"):  # a WAL left by a still-open connection travels with its file
            source = Path(f"{partial}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{path}{suffix}"))
        # The workstation's anchor of an office that was at `path` before (deleted, or moved
        # aside by `demo --force`) is not this one's: left, verify took the new chain for the
        # old one cut short, for good.
        anchor_anew(path, head)
    finally:
        remove_database_files(partial)


# --- the admin's password -----------------------------------------------------------------------


# The words people everywhere try first, and keyboard runs: "Password1", "P@ssw0rd!", "qwerty123"
# and "Admin2026" mix kinds of characters, so the strength score alone passed them.
COMMON_WORDS = frozenset(
    """password passwd passw pass qwerty qwertyuiop qwer qwertz azerty asdf asdfgh asdfghjkl
    zxcvbnm qazwsx qaz wsx abc abcd abcde abcdef abcdefg abcdefgh admin administrator root user
    test guest welcome letmein iloveyou woaini aini changeme default login casedesk""".split()
)
COMMON_WHOLE = frozenset(
    """1qaz2wsx 1q2w3e4r 1q2w3e4r5t 1234qwer qwer1234 12345678a a12345678 123456789a
    a123456789 1qazxsw2 zaq12wsx""".split()
)
_LEET = str.maketrans("0134@$5!", "oleaassi")


def too_common(password: str) -> bool:
    """One of the first passwords an attacker tries: a common word or keyboard run, written
    with capitals, look-alike digits (P@ssw0rd) or digits and symbols around it (Password1!)."""
    lowered = password.lower()
    if lowered in COMMON_WHOLE:
        return True
    # Digits and symbols around the word go; inside it (and an @ or $ leading it) they are read
    # as the letters they stand for.
    match = re.fullmatch(r"[^a-z@$]*(.*?)[^a-z]*", lowered, re.DOTALL)
    return match is not None and match.group(1).translate(_LEET) in COMMON_WORDS


def judged(password: str) -> str:
    """The password as its strength is judged: in NFKC, so that the full-width letters, digits
    and signs a Chinese input method types (Ｚｑ９！) count as the kinds they are, not all as one
    kind of "other" character. Only the judging: the password is hashed, and checked at login,
    as typed."""
    return unicodedata.normalize("NFKC", password)


def character_kind(char: str) -> str:
    """Which of the five kinds `password_strength` counts a character as: lower-case or
    upper-case letters, letters without case (Chinese, kana, Hangul: letters, not symbols),
    digits, or anything else."""
    if char.isalpha():
        return "lower" if char.islower() else "upper" if char.isupper() else "letter"
    return "digit" if char.isdecimal() else "other"


def password_strength(password: str) -> int:
    """0 (weak) … 4 (strong): length and the kinds of characters used; a common one is weak."""
    password = judged(password)
    if len(password) < MIN_ADMIN_PASSWORD:
        return 0
    if too_common(password):
        return 1
    kinds = len({character_kind(char) for char in password})
    score = 1 + (kinds >= 2) + (kinds >= 3) + (len(password) >= LONG_PASSWORD)
    if len(set(password)) <= 3:  # "aaaaaaaa", "abababab"
        score = 1
    return min(score, 4)


def check_admin_password(password: str, repeat: str, username: str) -> None:
    """The first admin's password: typed twice, at least 8 characters, not too simple."""
    from app.passwords import check_typed_twice

    check_typed_twice(password, repeat)
    password = judged(password)  # the rule reads what was typed in NFKC; the hash is of the typed
    if len(password) < MIN_ADMIN_PASSWORD:
        raise ValidationError(
            "The password needs at least {count} characters.", count=MIN_ADMIN_PASSWORD
        )
    # The name as it is stored (half width, trimmed): ａｇｅｎｔ０７ is agent07 (found by QA).
    name = judged(username or "").strip().casefold()
    if name and name in password.casefold():
        raise ValidationError("The password must not contain the user name.")
    if too_common(password):
        raise ValidationError(
            "The password is one of the first that anyone tries (a common word or keyboard run "
            "with digits or symbols around it): choose one of your own."
        )
    if password_strength(password) < 2:
        kinds = {character_kind(char) for char in password}
        if (
            len(password) < LONG_PASSWORD
            and len(kinds) == 1
            and kinds < {"lower", "upper", "letter"}
        ):
            raise ValidationError(  # letters of one kind: a longer passphrase is the other way
                "The password is too simple: mix letters with digits or other characters, or "
                "make it at least {count} characters long.",
                count=LONG_PASSWORD,
            )
        raise ValidationError(
            "The password is too simple: mix letters with digits or other characters."
        )


def check_office_choices(name: str, currency: str, timezone: str, jurisdiction: str) -> None:
    """What create_office would refuse, checked before anything is written."""
    from app.office import check_zone

    if not name.strip():
        raise ValidationError("The office needs a name.")
    if len(name.strip()) > MAX_OFFICE_NAME:  # as Settings holds it, or no setting saves after
        raise ValidationError(
            "The office name is too long (at most {count} characters).", count=MAX_OFFICE_NAME
        )
    if currency not in CURRENCIES:
        raise ValidationError(
            "Unknown currency {code}; choose one of: {choices}.",
            code=currency,
            choices=list(CURRENCIES),
        )
    check_zone(timezone)
    if jurisdiction not in ("cn", "us", "uk"):
        raise ValidationError("Unknown rule set {name}; choose cn, us or uk.", name=jurisdiction)


def create_office_database(
    path: Path,
    key: str,
    *,
    office: str,
    admin: str,
    password: str,
    currency: str,
    timezone: str,
    jurisdiction: str,
    make_folder: bool = False,
) -> None:
    """A new encrypted database at `path` holding the office and its first admin (all or
    nothing); refuses an existing file. `make_folder` creates the data folder on first run."""
    from app.office import create_office

    if path.exists():
        raise ValidationError("A file is already at {path}; not overwriting it.", path=str(path))
    check_office_choices(office, currency, timezone, jurisdiction)
    if make_folder:
        from app.paths import make_folder as make_data_folder

        _no_file_in_the_way(path)
        try:
            make_data_folder(path.parent)  # private to the user
        except OSError as exc:
            raise _cannot_create(path, exc) from None
    with building(path, key) as database, database.session() as session:
        create_office(
            session,
            name=office,
            admin_username=admin,
            admin_password=password,
            currency=currency,
            timezone=timezone,
            jurisdiction=jurisdiction,
        )
