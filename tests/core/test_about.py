"""Help ▸ About and Third-party licences in the core (app/about.py, app/licences.py): the details
have every entry, the office and its rule set come from the database, and every bundled component
is listed with a licence name and a non-empty text."""

from __future__ import annotations

import pytest

from app import __version__
from app.about import OfficeFacts, as_text, details, library_versions, office_facts
from app.licences import components
from app.office import create_office

REQUIRED = (
    "Python",
    "Qt 6 / PySide6",
    "SQLCipher",
    "sqlcipher3",
    "SQLAlchemy",
    "Alembic",
    "ReportLab",
    "keyring",
    "openpyxl",
    "python-stdnum",
    "phonenumbers",
    "pypinyin",
    "platformdirs",
    "argon2-cffi",
    "cryptography",
    "holidays",
    "tzdata",
    "Faker",
    "pyqtgraph",
    "qtawesome",
    "qtawesome icon fonts (Font Awesome 5 Free …)",
    "WenQuanYi Micro Hei",
    "Casedesk Han Extra (Noto Sans CJK SC)",
)


def test_every_bundled_component_has_a_licence_and_its_text() -> None:
    found = {c.name: c for c in components()}
    assert set(REQUIRED) <= set(found), sorted(set(REQUIRED) - set(found))
    for c in found.values():
        assert c.licence and c.licence != "?", c.name
        assert len(c.text.strip()) > 200, c.name
    qt = found["Qt 6 / PySide6"]
    assert qt.licence == "LGPL-3.0-only" and qt.version
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt.text and "Version 3" in qt.text
    assert "GNU GENERAL PUBLIC LICENSE" in qt.text  # the LGPL supplements it
    assert (
        "SIL OPEN FONT LICENSE Version 1.1" in found["Casedesk Han Extra (Noto Sans CJK SC)"].text
    )
    assert "Apache License" in found["WenQuanYi Micro Hei"].text
    assert found["WenQuanYi Micro Hei"].licence == "Apache-2.0"
    # Read from the installed metadata: the name from License-Expression, the text from the file.
    assert found["SQLAlchemy"].licence == "MIT" and "Permission is hereby granted" in (
        found["SQLAlchemy"].text
    )
    assert "Apache-2.0" in found["cryptography"].licence


def test_the_details_name_the_version_libraries_database_and_office(db) -> None:
    with db.session() as s:
        create_office(s, name="东城营业部", admin_username="admin", admin_password="pw-admin")
    with db.sessions() as s:
        facts = office_facts(s)
    assert facts.name == "东城营业部"
    assert facts.ruleset is not None and facts.ruleset.startswith("CN ")
    rows = dict(details("/offices/casedesk.db", facts, qt="6.9.9", lang="en"))
    assert rows["Version"] == __version__
    assert rows["Qt"] == "6.9.9"
    for name in ("Python", "PySide6", "SQLite", "SQLCipher", "ReportLab"):
        assert rows[name] and rows[name] != "?", name
    assert rows["Database"] == "/offices/casedesk.db"
    assert rows["Data folder"] and rows["Office"] == "东城营业部"
    assert rows["Rule set"] == facts.ruleset


@pytest.mark.parametrize(
    ("lang", "words"), [("en", ("Database: ", "Rule set: ")), ("zh_CN", ("数据库：", "规则集："))]
)
def test_the_copied_text_is_plain_and_in_the_language(lang: str, words: tuple[str, ...]) -> None:
    text = as_text(
        details("C:\\办公\\casedesk.db", OfficeFacts("营业部", "CN 2026.1"), lang=lang), lang
    )
    assert text.startswith(f"Casedesk {__version__}\n")
    for word in words:
        assert word in text
    assert "C:\\办公\\casedesk.db" in text and "CN 2026.1" in text
    unknown = dict(details("x.db", None, lang=lang))
    assert "（未知）" in unknown.values() if lang == "zh_CN" else "(unknown)" in unknown.values()


def test_without_the_running_qt_the_version_is_pyside6s() -> None:
    versions = dict(library_versions())
    assert versions["Qt"] == versions["PySide6"] != "?"
