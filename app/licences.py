"""The third-party components Casedesk's installers bundle, each with its licence's name and text.

Read from the installed distributions' metadata (License-Expression, License, the licence files a
wheel ships in its .dist-info folder), so the list follows what is installed; the bundle carries
those folders (packaging/bundle_data.py LICENCE_METADATA). Components whose package ships no
licence text (Qt and PySide6, SQLCipher itself, the icon fonts) and the PDFs' fonts are read from
resources/licences/ and resources/fonts/.
"""

from __future__ import annotations

import importlib.metadata as metadata
import platform
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Source:
    """Where a component's licence is found."""

    name: str  # as shown: a product name, not translated
    dists: tuple[str, ...] = ()  # distributions, the first installed one gives version and text
    licence: str = ""  # the licence's name when the metadata has none (or for resource files)
    files: tuple[str, ...] = ()  # resources/<path> texts, shown before any the metadata has
    metadata_text: bool = True  # False: the resource files are the whole text


SOURCES = (
    Source("Python", (), "PSF-2.0", ("licences/python.txt",)),
    Source(
        "Qt 6 / PySide6",
        ("PySide6-Essentials", "PySide6", "PySide6-Addons", "shiboken6"),
        "LGPL-3.0-only",
        ("licences/qt-pyside6.txt", "licences/LGPL-3.0.txt", "licences/GPL-3.0.txt"),
        metadata_text=False,
    ),
    Source("SQLCipher", (), "BSD-3-Clause", ("licences/sqlcipher.txt",)),
    Source("sqlcipher3", ("sqlcipher3", "sqlcipher3-binary", "sqlcipher3-wheels"), "Zlib"),
    Source("SQLAlchemy", ("SQLAlchemy",)),
    Source("Alembic", ("alembic",)),
    Source("Mako", ("Mako",)),
    Source("ReportLab", ("reportlab",), "BSD-3-Clause"),
    Source("rl-accel", ("rl-accel",), "BSD-3-Clause"),
    Source("keyring", ("keyring",)),
    Source("openpyxl", ("openpyxl",)),
    Source("python-stdnum", ("python-stdnum",), "LGPL-2.1-or-later"),
    Source("phonenumbers", ("phonenumbers",)),
    Source("pypinyin", ("pypinyin",)),
    Source("platformdirs", ("platformdirs",)),
    Source("argon2-cffi", ("argon2-cffi",)),
    Source("cryptography", ("cryptography",)),
    Source("holidays", ("holidays",)),
    Source("tzdata", ("tzdata",)),
    Source("Faker", ("Faker",)),
    Source("Babel", ("babel",)),  # only when installed: listed when a bundle carries it
    Source("pyqtgraph", ("pyqtgraph",)),
    Source("NumPy", ("numpy",)),
    Source("qtawesome", ("qtawesome",)),
    Source("QtPy", ("QtPy",)),
    Source(
        "qtawesome icon fonts (Font Awesome 5 Free …)", (), "OFL-1.1", ("licences/icon-fonts.txt",)
    ),  # fmt: skip
    Source("WenQuanYi Micro Hei", (), "Apache-2.0", ("fonts/LICENSE-wqy-microhei.txt",)),
    Source("Casedesk Han Extra (Noto Sans CJK SC)", (), "OFL-1.1", ("fonts/LICENSE-noto-cjk.txt",)),
)
# Sources listed only when installed (optional extras).
OPTIONAL = frozenset({"Babel"})


@dataclass(frozen=True)
class Component:
    name: str
    version: str  # "" for fonts and notices without a distribution
    licence: str
    text: str


def _installed(source: Source) -> metadata.Distribution | None:
    for name in source.dists:
        try:
            return metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def _resource(path: str) -> str:
    return resources.files("resources").joinpath(path).read_text("utf-8")


def _field(dist: metadata.Distribution, name: str) -> str:
    """One metadata field, "" when absent."""
    return str(dist.metadata[name] or "").strip() if name in dist.metadata else ""


def licence_name(dist: metadata.Distribution, fallback: str = "") -> str:
    """License-Expression, else `fallback` (ours, where the metadata is vague or a sentence),
    else a short License field, else the licence classifiers."""
    meta = dist.metadata
    expression = _field(dist, "License-Expression")
    if expression or fallback:
        return expression or fallback
    field = _field(dist, "License")
    if field and "\n" not in field and len(field) <= 60:
        return field
    classifiers = meta.get_all("Classifier") or []
    named = [c.split("::")[-1].strip() for c in classifiers if c.startswith("License ::")]
    return " / ".join(named) or field[:60]


def licence_texts(dist: metadata.Distribution) -> list[str]:
    """The licence files the distribution ships (PEP 639's licenses/ folder or beside it)."""
    texts: list[str] = []
    for name in dist.metadata.get_all("License-File") or []:
        for place in (f"licenses/{name}", name):
            text = dist.read_text(place)
            if text and text.strip():
                texts.append(text.strip())
                break
    if not texts:
        field = _field(dist, "License")
        if "\n" in field or len(field) > 60:  # the whole text, as older packages put it
            texts.append(field)
    return texts


def _component(source: Source) -> Component | None:
    dist = _installed(source)
    if source.dists and dist is None and source.name in OPTIONAL:
        return None
    texts = [_resource(path).strip() for path in source.files]
    version = dist.version if dist is not None else _own_version(source.name)
    licence = source.licence
    if dist is not None:
        licence = licence_name(dist, source.licence) if source.metadata_text else source.licence
        if source.metadata_text:
            texts += licence_texts(dist)
    return Component(source.name, version, licence or "?", "\n\n".join(texts))


def _own_version(name: str) -> str:
    """The version of what has no distribution: Python itself, the SQLCipher library."""
    if name == "Python":
        return platform.python_version()
    if name == "SQLCipher":
        from app.about import sqlite_versions

        return sqlite_versions()[1].split()[0]
    return ""


@cache
def components() -> tuple[Component, ...]:
    """Every bundled component, in SOURCES order (read once: the metadata does not change)."""
    return tuple(c for c in (_component(s) for s in SOURCES) if c is not None)


def metadata_distributions() -> list[str]:
    """The installed distributions whose metadata the licences are read from (for the bundle)."""
    found = []
    for source in SOURCES:
        dist = _installed(source)
        if dist is not None:
            found.append(dist.metadata["Name"])
    return found
