"""What the bundle carries: the lists casedesk.spec hands to PyInstaller.

Plain Python without PyInstaller, so tests/packaging/test_bundle_data.py can check the lists
cheaply. This folder is deliberately not a Python package: a `packaging/__init__.py` would shadow
the PyPI `packaging` library for anything run from the repository root.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

# Our own packages whose every file (bytecode aside) ships as a data file: the resources are read
# through importlib.resources, and Alembic reads env.py, script.py.mako and versions/*.py as
# files from the folder `db:migrations` resolves to (db/migrate.py SCRIPT_LOCATION).
DATA_PACKAGES = ("resources", "db.migrations")

# Third-party data that no PyInstaller hook collects: holidays' translated names (the rules ask
# for language="en_US"), qtawesome's icon fonts, ReportLab's standard font files, and tzdata's zone
# files (read by app/office.py through importlib.resources where the system has no zone database,
# as on Windows).
LIBRARY_DATA = ("holidays", "qtawesome", "reportlab", "tzdata")

# Packages collected whole, because something imports their modules by name at run time:
# app/agreements/__init__.py (import_module), resources.* (only named in importlib.resources
# strings), holidays (one module per country, picked from the office's rule set), Alembic's op and
# context proxies and SQLAlchemy's dialects (used by the migration files, which Alembic loads from
# their paths, so PyInstaller's import scan never sees them).
WHOLE_PACKAGES = (
    "app",
    "ui",
    "reports",
    "db",
    "resources",
    "holidays",
    "alembic",
    "sqlalchemy",
    "keyring.backends",  # the keychains: Windows Credential Locker, macOS Keychain, Secret Service
    "tzdata",  # resources.files("tzdata.zoneinfo") in app/office.py: an alias told from its place
)

# Never collected as modules: the migrations ship as files (above; importing env.py outside
# Alembic fails) and test helpers of the libraries import pytest.
SKIP_MODULE_PREFIXES = (
    "db.migrations.versions.",
    "db.migrations.env",
    "alembic.testing",
    "sqlalchemy.testing",
    "holidays.generate_ics",
)

# Named explicitly: C accelerators and backends loaded by a try/import or a string.
HIDDEN_IMPORTS = (
    "_rl_accel",  # ReportLab's accelerator (reportlab.lib.rl_accel imports it in exec strings)
    "sqlcipher3.dbapi2",
    "alembic.op",
    "alembic.context",
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.SecretService",
    "keyring.backends.chainer",
    "keyring.backends.fail",
    "keyring.backends.null",
)

# Only where the platform has them: keyring's Windows backend reaches the Credential Locker through
# pywin32-ctypes (installed with keyring on Windows only).
PLATFORM_HIDDEN_IMPORTS = {
    "win32": (
        "win32ctypes.core",
        "win32ctypes.pywin32.pywintypes",
        "win32ctypes.pywin32.win32cred",
    ),
}

# PostgreSQL support (the `pg` extra): bundled when installed, skipped otherwise.
OPTIONAL_PACKAGES = ("psycopg", "psycopg_binary")

# Dist-info folders the code or a library reads at run time (keyring finds its backends through
# entry points; Faker and phonenumbers have their own hooks).
METADATA = ("keyring",)

# Dist-info folders Help ▸ Third-party licences and `casedesk about --licences` read
# (app/licences.py: each licence's name and the licence files the wheel ships there); copied when
# installed (sqlcipher3's wheel has other names on some platforms, Babel is optional).
LICENCE_METADATA = (
    "PySide6",
    "PySide6-Essentials",
    "PySide6-Addons",
    "shiboken6",
    "sqlcipher3",
    "sqlcipher3-binary",
    "sqlcipher3-wheels",
    "SQLAlchemy",
    "alembic",
    "Mako",
    "reportlab",
    "rl-accel",
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
    "babel",
    "pyqtgraph",
    "numpy",
    "qtawesome",
    "QtPy",
)

# Test-only and development packages that a library may import opportunistically.
EXCLUDES = (
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "pypdf",
    "tests",
    "tkinter",
    "IPython",
    "matplotlib",
    "scipy",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "keyrings.alt",  # a test-only plaintext keyring: never in an office's bundle
    # Qt modules the app never uses, which qtpy's and pyqtgraph's hooks would otherwise drag in
    # (with their Qml/Quick libraries): ~30 MB less.
    "PySide6.QtDataVisualization",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtCharts",
    "PySide6.QtGraphs",
    "PySide6.Qt3DCore",
    "PySide6.QtMultimedia",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "pyqtgraph.opengl",  # 3-D views (needs PyOpenGL); the dashboard draws 2-D charts
    "pyqtgraph.jupyter",
    "pyqtgraph.examples",
)

# Native files dropped after the analysis: Qt's on-screen keyboard for touch screens (an input
# context plugin) and the Qml/Quick libraries only it needs; ~25 MB. Typing Chinese goes through
# the system's input method (IBus on Linux, the native ones on Windows and macOS), not this.
DROP_BINARIES = (
    "qtvirtualkeyboard",
    "libQt6VirtualKeyboard",
    "libQt6Quick",
    "libQt6Qml",
    "libQt6DataVisualization",
    "Qt6VirtualKeyboard",  # Windows DLLs and macOS frameworks are named without the lib prefix
    "Qt6Quick",
    "Qt6Qml",
    "QtVirtualKeyboard",
    "QtQuick",
    "QtQml",
    "QtDataVisualization",
)

SKIP_DIRS = frozenset({"__pycache__"})
SKIP_SUFFIXES = frozenset({".pyc", ".pyo"})


def package_dir(name: str) -> Path:
    """The folder an installed package lives in (the source tree for an editable install)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"{name} is not an installed package")
    return Path(next(iter(spec.submodule_search_locations)))


def package_files(name: str) -> list[Path]:
    """Every file of a package that ships as data (no bytecode, no __pycache__), sorted."""
    root = package_dir(name)
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix not in SKIP_SUFFIXES
        and not SKIP_DIRS.intersection(path.relative_to(root).parts)
    )


def own_datas() -> list[tuple[str, str]]:
    """(source file, folder inside the bundle) for every file of DATA_PACKAGES."""
    datas: list[tuple[str, str]] = []
    for name in DATA_PACKAGES:
        root = package_dir(name)
        target = Path(*name.split("."))
        for path in package_files(name):
            folder = target / path.parent.relative_to(root)
            datas.append((str(path), folder.as_posix()))
    return datas


def keep_module(name: str) -> bool:
    """False for modules that must not be collected as importable modules."""
    return not any(name == p.rstrip(".") or name.startswith(p) for p in SKIP_MODULE_PREFIXES)


def keep_binary(dest: str) -> bool:
    """False for the native files in DROP_BINARIES (matched on the file or framework name)."""
    parts = dest.replace("\\", "/").split("/")
    return not any(drop in part for part in parts for drop in DROP_BINARIES)


def has_metadata(name: str) -> bool:
    """Whether the distribution `name` is installed here (its metadata can be copied)."""
    import importlib.metadata

    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def installed(name: str) -> bool:
    """Whether an optional package can be imported here."""
    return importlib.util.find_spec(name) is not None
