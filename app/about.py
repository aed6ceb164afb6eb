"""What Casedesk is and what it runs on, for Help ▸ About and `casedesk about`: the version, the
libraries' versions, the database and data folder, the office and its rule set — as rows, and as
plain text for a support request."""

from __future__ import annotations

import importlib.metadata as metadata
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app import __version__
from app.i18n import tr
from app.paths import data_dir

PRODUCT = "Casedesk"


@dataclass(frozen=True)
class OfficeFacts:
    """The office's name and the rule set in force (None: not known, e.g. no database yet)."""

    name: str | None = None
    ruleset: str | None = None


def office_facts(connection: Any) -> OfficeFacts:
    """Read the office and its active rule set version through a Session or Connection (reads
    only: no first version is stored, as the rule engine would)."""
    from app.models import Office, RuleSetVersion

    r = RuleSetVersion
    office = connection.execute(
        select(Office.name, Office.jurisdiction).order_by(Office.id).limit(1)
    ).first()
    if office is None:
        return OfficeFacts()
    row = connection.execute(
        select(r.jurisdiction, r.version)
        .where(r.jurisdiction == office.jurisdiction, r.active)
        .order_by(r.id.desc())
        .limit(1)
    ).first()
    if row is not None:
        ruleset = f"{row.jurisdiction.upper()} {row.version}"
    else:  # none stored yet: the shipped one is in force, stored at the first check
        from app.compliance.ruleset import RuleSetError, shipped_ruleset

        try:
            ruleset = shipped_ruleset(office.jurisdiction).label
        except RuleSetError:  # its file has a mistake (said at the start): the code alone
            ruleset = office.jurisdiction.upper()
    name = office.name
    return OfficeFacts(name, ruleset)


def _dist_version(*names: str) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "?"


def sqlite_versions() -> tuple[str, str]:
    """(SQLite, SQLCipher) of the library the database is opened with."""
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        try:
            sqlite = str(conn.execute("select sqlite_version()").fetchone()[0])
            cipher = conn.execute("pragma cipher_version").fetchone()
        finally:
            conn.close()
        return sqlite, str(cipher[0]) if cipher else "?"
    except Exception:  # a broken library must not keep the About box from showing
        return "?", "?"


def library_versions(qt: str | None = None) -> list[tuple[str, str]]:
    """(name, version) of what Casedesk runs on; `qt` is the running Qt's own version (the UI
    knows it; without it, PySide6's, which is built for the same Qt release)."""
    pyside = _dist_version("PySide6-Essentials", "PySide6")
    sqlite, cipher = sqlite_versions()
    return [
        ("Python", platform.python_version()),
        ("Qt", qt or pyside),
        ("PySide6", pyside),
        ("SQLite", sqlite),
        ("SQLCipher", cipher),
        ("ReportLab", _dist_version("reportlab")),
    ]


def tagline(lang: str | None = None) -> str:
    return tr("Case management for post-loan collection at a lender's branch office.", lang)


def details(
    database: str,
    office: OfficeFacts | None = None,
    qt: str | None = None,
    lang: str | None = None,
) -> list[tuple[str, str]]:
    """(label, value) rows, in the user's language: version, libraries, database, office."""
    unknown = tr("(unknown)", lang)
    office = office or OfficeFacts()
    return [
        (tr("Version", lang), __version__),
        *library_versions(qt),
        (tr("Operating system", lang), f"{platform.system()} {platform.release()}".strip()),
        (tr("Database", lang), database),
        (tr("Data folder", lang), str(data_dir())),
        (tr("Office", lang), office.name or unknown),
        (tr("Rule set", lang), office.ruleset or unknown),
    ]


def as_text(rows: list[tuple[str, str]], lang: str | None = None) -> str:
    """The rows as plain text, headed by the product and what it is (for the clipboard)."""
    lines = [f"{PRODUCT} {__version__}", tagline(lang), ""]
    lines += [tr("{name}: {value}", lang, name=label, value=value) for label, value in rows]
    return "\n".join(lines) + "\n"


def target_facts(target: Path | str) -> OfficeFacts:
    """The office of the database at `target`, read without asking anything (the key from the
    environment or keychain); empty when there is none yet or it cannot be opened."""
    from app.errors import CasedeskError
    from app.workstation import _file_engine, check_target

    try:
        target = check_target(target)
        if isinstance(target, str):
            from db.pg import parse_url
            from db.pg_login import connect_pg

            engine = connect_pg(parse_url(target).update_query_dict({"connect_timeout": "5"}))
        else:
            if not target.exists():
                return OfficeFacts()
            engine = _file_engine(target)
        try:
            with engine.connect() as conn:
                return office_facts(conn)
        finally:
            engine.dispose()
    except (CasedeskError, OSError):
        return OfficeFacts()
    except Exception:  # SQLite's or the server's own error: the About still shows the rest
        return OfficeFacts()
