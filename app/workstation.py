"""Which database the window opens on this workstation: a file or a PostgreSQL server URL.

The choice belongs to the workstation, not the office, so it cannot live in the office database:
it is kept in a small JSON file in the user's config folder (platformdirs). A server password is
never written there: it comes from CASEDESK_DB_PASSWORD, the keychain or a prompt (db/pg.py).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import ValidationError, os_reason
from app.paths import APP_NAME, default_db_path, typed_path

if TYPE_CHECKING:
    from sqlalchemy import Engine

FILE_NAME = "workstation.json"
KEY = "database"


def config_path() -> Path:
    """The workstation's settings file (XDG_CONFIG_HOME/Casedesk on Linux)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


class SettingsDamaged(ValidationError):
    """The workstation's settings file is there but holds no settings (empty, or written only in
    part): a new choice may replace it, a copy kept beside it (`broken_copy`)."""


def broken_copy() -> Path:
    """Where a damaged settings file is kept when a new choice replaces it."""
    path = config_path()
    return path.with_name(path.name + ".broken")


def _read() -> dict[str, Any]:
    path = config_path()
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        # Never fall back to the default file silently: a server workstation would then start
        # the setup wizard for a new, empty office.
        raise ValidationError(
            "Cannot read this workstation's settings {path}: {reason}",
            path=str(path),
            reason=os_reason(exc),
        ) from None
    except ValueError:  # not JSON (an empty or half-written file), or not UTF-8
        data = None
    if not isinstance(data, dict):
        raise SettingsDamaged(
            "This workstation's settings file {path} is empty or damaged (perhaps written only "
            "in part), so which database the window opens is not known. Choose it again in the "
            "window (Settings ▸ This workstation) or with `casedesk db use PATH` (or `casedesk "
            "db use --default`): the damaged file is then kept beside it as {copy}.",
            path=str(path),
            copy=broken_copy().name,
        )
    return data


def settings_damaged() -> bool:
    """True when the settings file is there but holds no settings a new choice would keep."""
    try:
        _read()
    except SettingsDamaged:
        return True
    except ValidationError:
        return False
    return False


def _set_aside() -> None:
    """Copy a damaged settings file beside itself (`broken_copy`) before it is replaced."""
    path = config_path()
    try:
        shutil.copyfile(path, broken_copy())
    except OSError as exc:
        raise ValidationError(
            "Cannot keep the damaged settings file {path} as {copy}: {reason}. Nothing was "
            "changed.",
            path=str(path),
            copy=broken_copy().name,
            reason=os_reason(exc),
        ) from None


def saved_target() -> Path | str | None:
    """The saved choice, or None when the workstation uses the default file."""
    from db.pg import is_pg_url

    value = _read().get(KEY)
    if not isinstance(value, str) or not value.strip():
        return None
    return value if is_pg_url(value) else Path(value)


def database_target() -> Path | str:
    """What the window opens: the saved server URL or file, else the default file."""
    saved = saved_target()
    return default_db_path() if saved is None else saved


def check_target(value: str | Path) -> Path | str:
    """A database file (an absolute Path) or a PostgreSQL URL without a password (a str)."""
    from db.pg import account, is_pg_url, parse_url

    text = typed_path(str(value))
    if not text:
        raise ValidationError(
            "Enter a database file or a postgresql+psycopg://user@host/casedesk URL."
        )
    if is_pg_url(text):
        url = parse_url(text)
        if url.password is not None or "password" in {k.lower() for k in url.query}:
            raise ValidationError(
                "Leave the password out of the URL: it would be stored in plain text. Casedesk "
                "takes it from CASEDESK_DB_PASSWORD, the keychain, or asks for it at start."
            )
        return account(url)
    if "://" in text:
        raise ValidationError(
            "{value} is neither a database file nor a postgresql+psycopg:// URL.", value=text
        )
    path = Path(text).expanduser().absolute()
    if path.is_dir():
        raise ValidationError("{path} is a folder, not a database file.", path=str(path))
    if not path.is_file():
        raise ValidationError(
            "No database at {path}. Create one with `casedesk init` or `casedesk demo`.",
            path=str(path),
        )
    return path


def set_database_target(value: str | Path | None) -> Path | str:
    """Save what the window opens on this workstation (None: the default file); returns it.

    A refused value raises ValidationError and leaves the saved choice as it was. A damaged
    settings file (`settings_damaged`) is replaced, a copy kept as `broken_copy()`.
    """
    chosen: Path | str = default_db_path() if value is None else check_target(value)
    try:
        data = _read()
    except SettingsDamaged:
        _set_aside()
        data = {}
    if value is None:
        data.pop(KEY, None)
    else:
        data[KEY] = str(chosen)
    path = config_path()
    partial = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
        os.replace(partial, path)  # whole or not at all
    except OSError as exc:
        raise ValidationError(
            "Cannot save this workstation's settings {path}: {reason}.",
            path=str(exc.filename or path),  # the file or folder that could not be written
            reason=os_reason(exc),
        ) from None
    return chosen


def shown_target(target: Path | str) -> str:
    """A target fit to print: the file's path, or the URL without any password."""
    from db.pg import display, is_pg_url

    return display(target) if isinstance(target, str) and is_pg_url(target) else str(target)


@dataclass(frozen=True)
class TargetCheck:
    """What a connection test found: where, the schema revision, the office's name."""

    shown: str
    revision: str | None  # None: an empty database (the schema is created at the first start)
    at_head: bool
    office: str | None


def _file_engine(path: Path) -> Engine:
    """The file opened with the key this computer has for it; none, or a kept one that does not
    open it, is said with what to do, as the window says it at start (ui/app.py)."""
    from app.errors import DatabaseError, KeptKeyWrong, WrongKey
    from db.engine import make_engine
    from db.keystore import KEYCHAIN, find_key, wrong_key

    try:
        key, source = find_key(path)
    except DatabaseError:
        if os.environ.get("CASEDESK_DB_KEY"):
            raise  # not a key at all: said as it is
        raise DatabaseError(
            "No key for {path} on this computer. The connection test does not ask for keys: save "
            "this choice and start Casedesk again, and it asks for the office's recovery key.",
            path=str(path),
        ) from None
    try:
        return make_engine(path, key, must_exist=True)
    except WrongKey as error:
        if source != KEYCHAIN:
            raise wrong_key(error, path, source) from None
        raise KeptKeyWrong(
            "The key this computer kept for {path} does not open it: the file may come from "
            "another computer (a restore), or be a new office made at the same path, or not be a "
            "Casedesk database. The connection test does not ask for keys: save this choice and "
            "start Casedesk again, and it asks for the office's recovery key.",
            path=str(path),
        ) from None


def _check_server_key(engine: Engine, target: str) -> None:
    """The office key this computer has for the server office (if any) matches its audit trail;
    one the keychain kept that does not is said with what to do, as a file's is."""
    from app.errors import DatabaseError, KeptKeyWrong, WrongKey
    from db.keystore import KEYCHAIN
    from db.pg import account, parse_url
    from db.pg_store import check_office_key, office_key_wrong, resolve_office_key

    shown = account(parse_url(target))
    try:
        key, source = resolve_office_key(shown)
    except DatabaseError:
        if os.environ.get("CASEDESK_DB_KEY"):
            raise  # not a key at all: said as it is
        return  # none kept: the window asks for it at start
    try:
        check_office_key(engine, key, shown)
    except WrongKey as error:
        if source != KEYCHAIN:
            raise office_key_wrong(error, shown, source) from None
        raise KeptKeyWrong(
            "The office key this computer kept for {path} does not match its audit trail: the "
            "database may have been restored, or made anew, on the server. The connection test "
            "does not ask for keys: save this choice and start Casedesk again, and it asks for "
            "the office's recovery key.",
            path=shown,
        ) from None


def check_connection(value: str | Path) -> TargetCheck:
    """Open the database read-only and close it again; raises a clear CasedeskError if it cannot
    be opened. Never asks anything: the password and key come from the environment or keychain
    (the window asks for them at start)."""
    from sqlalchemy import inspect, text

    from app.errors import DatabaseError
    from db.migrate import head_revision, refuse_newer

    target = check_target(value)
    if isinstance(target, str):
        from db.pg import parse_url
        from db.pg_login import connect_pg

        # A test, not a start: give up on an unreachable host after seconds, not minutes.
        engine = connect_pg(parse_url(target).update_query_dict({"connect_timeout": "5"}))
    else:
        engine = _file_engine(target)
    shown = shown_target(target)
    try:
        if isinstance(target, str):
            _check_server_key(engine, target)
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            office = None
            if "office" in tables:
                office = conn.execute(text("SELECT name FROM office LIMIT 1")).scalar()
    finally:
        engine.dispose()
    if revision is None and tables:
        raise DatabaseError("{path} is not a Casedesk database.", path=shown)
    refuse_newer(revision, shown)
    return TargetCheck(shown, revision, revision == head_revision(), office)
